"""The reports say that the programme's period is closed, when and by whom, in their own language."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from cpfkit import clock
from cpfkit.reports.render import render_bytes, render_html, render_json
from cpfkit.services import periods
from cpfkit.services.portfolio import portfolio
from cpfkit.services.reviews import build_report
from cpfkit.store import Store

AS_OF = date(2027, 12, 31)


def test_each_review_says_the_period_is_closed_in_its_language(demo_store: Store) -> None:
    before = build_report(demo_store, "plr", "xx-demo", AS_OF)
    assert before.report.closed is None
    assert "Period closed" not in render_html(before)
    with clock.pin(date(2026, 12, 1)):
        periods.close(demo_store, "xx-demo", date(2026, 6, 30), "FY26 reported")
    for kind in ("results-matrix", "plr", "clr"):
        report = build_report(demo_store, kind, "xx-demo", AS_OF)
        assert report.report.closed is not None and report.report.closed.until == date(2026, 6, 30)
        html = render_html(report)
        assert "Period closed up to 30 June 2026 on 1 December 2026 by cli:" in html, kind
        assert "Период закрыт по 30 июня 2026" in render_html(report, lang="ru"), kind
        assert "Кезең 30 маусым 2026 дейін жабылды" in render_html(report, lang="kk"), kind
        assert '"until": "2026-06-30"' in render_json(report), kind
    book = load_workbook(BytesIO(render_bytes(build_report(demo_store, "plr", "xx-demo", AS_OF), "xlsx")))
    about = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert any(row[0] == "period closed" and str(row[1]).startswith("up to 30 June 2026") for row in about), about


def test_the_portfolio_review_carries_the_close(demo_store: Store) -> None:
    assert portfolio(demo_store, "xx-demo", AS_OF).closed_period is None
    with clock.pin(date(2026, 12, 1)):
        periods.close(demo_store, "xx-demo", date(2026, 6, 30), "FY26 reported")
    closed = portfolio(demo_store, "xx-demo", AS_OF).closed_period
    assert closed is not None and (closed.until, closed.closed_on) == (date(2026, 6, 30), date(2026, 12, 1))
