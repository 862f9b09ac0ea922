"""Each report in English, Russian and Kazakh: the words from the catalogs, the figures in the language's format.

Messages the catalogs already translate (the pages' headings a report re-uses) must come out translated;
the machinery is what is tested, so these tests hold before and after the reports' own messages are translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cpfkit.errors import CpfkitError
from cpfkit.reports import formatting as fmt
from cpfkit.reports.charts_plotly import to_plotly
from cpfkit.reports.charts_portfolio import area_money_chart
from cpfkit.reports.charts_svg import to_svg
from cpfkit.reports.language import current_language, speaking, translations
from cpfkit.reports.render import Report, render_bytes, render_html, render_json
from cpfkit.reports.workbook import sheet_title
from cpfkit.services import results as rs
from cpfkit.store import Store

CLR = ("kz-2020-2025", "clr", date(2025, 6, 30))
NBSP = "\xa0"


@pytest.fixture
def report(embedded_store: Store) -> Callable[[str, str, date], Report]:
    @cache
    def build(programme: str, kind: str, on: date) -> Report:
        return rs.build_report(embedded_store, kind, programme, on)

    return build


def ru(message: str) -> str:
    text = translations("ru").gettext(message)
    assert text != message, f"{message!r} has no Russian translation in the catalog"
    return text


def test_the_html_of_a_report_says_its_language(report: Callable[..., Report]) -> None:
    clr = report(*CLR)
    assert '<html lang="en">' in render_html(clr)
    for lang in ("ru", "kk"):
        assert f'<html lang="{lang}">' in render_html(clr, lang=lang)


def test_a_russian_report_reads_the_catalogs_words(report: Callable[..., Report]) -> None:
    page = render_html(report(*CLR), lang="ru")
    for heading in ("Completion and Learning Review", "Sources", "Indicator", "Baseline", "Programme"):
        assert ru(heading) in page
    assert "Completion and Learning Review" not in page
    assert "ФГ20–ФГ25" in page  # the programme's fiscal years
    assert "30 июня 2025" in page  # the figures' date, in Russian
    assert f"5{NBSP}000{NBSP}000" in page  # the first headline result, grouped the Russian way


def test_kazakh_falls_back_to_russian_then_english() -> None:
    kk = translations("kk")
    assert kk.gettext("Sources") not in ("Sources", ru("Sources"))  # Kazakh has its own
    assert kk.gettext("Sources") == "Дереккөздер"
    assert kk.gettext("a message no catalog holds") == "a message no catalog holds"


def test_the_english_report_is_unchanged_by_the_language_machinery(report: Callable[..., Report]) -> None:
    clr = report(*CLR)
    assert render_html(clr) == render_html(clr, lang="en")
    assert "Completion and Learning Review" in render_html(clr) and "30 June 2025" in render_html(clr)
    assert render_json(clr, "ru") == render_json(clr)  # the figures and codes are the same in every language


def test_an_unknown_language_is_refused(report: Callable[..., Report]) -> None:
    with pytest.raises(CpfkitError, match="unknown language 'de'"):
        render_bytes(report(*CLR), "html", "de")
    assert current_language.get() == "en"


def test_the_workbook_sheets_are_named_from_the_catalog(report: Callable[..., Report]) -> None:
    clr = report(*CLR)
    english = load_workbook(BytesIO(render_bytes(clr, "xlsx"))).sheetnames
    russian = load_workbook(BytesIO(render_bytes(clr, "xlsx", "ru"))).sheetnames
    assert len(english) == len(russian) and "Sources" in english and "Headline results" in english
    assert ru("Sources") in russian and ru("Headline results") in russian and ru("Objective ratings") in russian
    for lang in ("en", "ru", "kk"):
        for kind, programme, on in (("clr", *CLR[::2]), ("plr", "kz-2020-2025", date(2022, 6, 30))):
            for name in load_workbook(BytesIO(render_bytes(report(programme, kind, on), "xlsx", lang))).sheetnames:
                assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name), (lang, name)


def test_the_workbook_headers_and_coded_words_are_translated(report: Callable[..., Report]) -> None:
    book = load_workbook(BytesIO(render_bytes(report(*CLR), "xlsx", "ru")))
    results = book[ru("Headline results")]
    headers = [c.value for c in results[1]]
    assert headers[0] == ru("indicator") and "indicator" not in headers
    cells = {c.value for row in results.iter_rows(min_row=2) for c in row}
    assert ru("yes") in cells and "yes" not in cells


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sources", "Sources"),
        ("Ratings: objectives [draft]", "Ratings - objectives - draft"),
        ("Корректировки и уроки: предложения команды по программе", "Корректировки и уроки…"),
        ("a" * 40, "a" * 30 + "…"),
    ],
)
def test_sheet_names_are_what_excel_accepts(text: str, name: str) -> None:
    assert sheet_title(text) == name and len(name) <= 31


def test_figures_in_each_language() -> None:
    cases = {
        "en": ("5,000,000", "66.7", "US$4.2 billion", "84.4", "76%", "30 June 2025", "FY26", "FY20–FY25"),
        "ru": (
            f"5{NBSP}000{NBSP}000",
            "66,7",
            f"4,2{NBSP}млрд долл. США",
            "84,4",
            f"76{NBSP}%",
            "30 июня 2025",
            "ФГ26",
        ),
        "kk": (f"5{NBSP}000{NBSP}000", "66,7", f"4,2{NBSP}млрд АҚШ доллары", "84,4", "76%", "30 маусым 2025", "ҚЖ26"),
    }
    for lang, expected in cases.items():
        with speaking(lang):
            got = (
                fmt.number(Decimal("5000000")),
                fmt.number(Decimal("66.70")),
                fmt.money(Decimal("4200000000")),
                fmt.millions(Decimal("84400000")),
                fmt.percent(Decimal("0.755")),
                fmt.long_date(date(2025, 6, 30)),
                fmt.fiscal_year(2026),
                fmt.fiscal_years("FY20–FY25"),
            )
        assert got[: len(expected)] == expected, lang
    with speaking("ru"):
        assert fmt.fiscal_years("FY20–FY25") == "ФГ20–ФГ25"
        assert fmt.bounded(fmt.number(Decimal("1000")), "at_least") == f"1{NBSP}000+"


def test_the_charts_speak_the_reports_language(report: Callable[..., Report]) -> None:
    portfolio = report(*CLR).portfolio  # type: ignore[union-attr]
    with speaking("ru"):
        chart = area_money_chart(portfolio)
        figure = to_plotly(chart)
        svg = to_svg(chart)
    assert chart.x_title == ru("US$ millions") and ru("disbursed") in [s.name for s in chart.series]
    assert figure["layout"]["separators"] == "," + NBSP
    assert figure["layout"]["xaxis"]["title"]["text"] == ru("US$ millions")
    assert ru("US$ millions") in svg and ru("disbursed") in svg
    english = to_plotly(area_money_chart(portfolio))
    assert english["layout"]["separators"] == ".," and english["layout"]["xaxis"]["title"]["text"] == "US$ millions"


def test_the_russian_pdf_has_russian_headings(report: Callable[..., Report]) -> None:
    pdf = PdfReader(BytesIO(render_bytes(report(*CLR), "pdf", "ru")))
    text = " ".join(page.extract_text() for page in pdf.pages[:3]) + pdf.pages[-1].extract_text()
    assert ru("Completion and Learning Review") in " ".join(text.split())
    assert ru("Sources") in text


def test_the_appraisal_and_plan_reports_take_a_language(embedded_store: Store) -> None:
    from cpfkit.reports.appraisal import appraisal_html
    from cpfkit.reports.plan import plan_html
    from cpfkit.reports.plan_xlsx import plan_xlsx
    from cpfkit.services import planning

    appraisals = planning.appraisals(embedded_store, "kz-2026-2031")
    assert '<html lang="en">' in appraisal_html(appraisals, programme="kz-2026-2031")
    russian = appraisal_html(appraisals, programme="kz-2026-2031", lang="ru")
    assert '<html lang="ru">' in russian and '"separators":",\\u00a0"' in russian.replace(" ", "")
    plan = planning.plan(embedded_store, "kz-2026-2031", as_of=date(2026, 9, 30), exact_marginals=False)
    page = plan_html(plan, "kk")
    assert '<html lang="kk">' in page and "ҚЖ27" in page  # the fiscal years, as Kazakh writes them
    sheets = load_workbook(BytesIO(plan_xlsx(plan, "ru"))).sheetnames
    assert ru("Constraints") in sheets and "Constraints" in load_workbook(BytesIO(plan_xlsx(plan))).sheetnames


def test_a_report_in_russian_reads_the_datas_russian_texts(embedded_store: Store) -> None:
    import yaml

    from cpfkit.services.loading import programme_data

    folder = Path(__file__).parents[2] / "src/cpfkit/programmes/kz-2020-2025/translations/ru.yaml"
    texts = yaml.safe_load(folder.read_text(encoding="utf-8"))
    english = programme_data(embedded_store, "kz-2020-2025")
    page = render_html(rs.build_report(embedded_store, "clr", "kz-2020-2025", CLR[2], lang="ru"), lang="ru")
    assert texts["priority_areas"]["PA1"]["title"] in page
    assert english.programme.priority_areas[0].title not in page
    assert render_html(rs.build_report(embedded_store, "clr", "kz-2020-2025", CLR[2]))  # English still builds


def test_the_pdf_numbers_its_pages_in_the_reports_language(report: Callable[..., Report]) -> None:
    clr = report(*CLR)
    english = PdfReader(BytesIO(render_bytes(clr, "pdf"))).pages[0].extract_text()
    assert re.search(r"Page 1 of \d+", english)
    kazakh = PdfReader(BytesIO(render_bytes(clr, "pdf", lang="kk"))).pages[0].extract_text()
    assert re.search(r"Бет 1 / \d+", kazakh) and "Page" not in kazakh
