"""Rough edges seen only in a browser: figures that overflow their box."""

from __future__ import annotations

from tests.browser.conftest import NewContext
from tests.browser.contract import PROGRAMME
from tests.browser.harness import wait_for_charts


def test_home_card_figures_stay_inside_their_card(new_context: NewContext) -> None:
    """Every figure of a programme card (label and value) is drawn inside the card, in each language."""
    context, watch = new_context(None)
    page = context.new_page()
    for lang in ("en", "ru", "kk"):
        page.goto(f"/?lang={lang}")
        for card in page.locator("a.card.programme").all():
            box = card.bounding_box()
            assert box is not None
            for figure in card.locator("dl.kpis div").all():
                inner = figure.bounding_box()
                assert inner is not None
                assert inner["x"] >= box["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5, lang
                overflow = figure.evaluate("e => e.scrollWidth - e.clientWidth")
                assert overflow <= 0, f"{lang}: {figure.inner_text()!r} is wider than its box"
    assert watch.problems() == []


def test_ratings_history_with_one_date_has_an_axis_of_months(new_context: NewContext) -> None:
    """An operation rated on one day only: the time axis reads months, not milliseconds around that day."""
    context, watch = new_context(None)
    page = context.new_page()
    page.goto("/projects/P513072")
    wait_for_charts(page)
    ticks = page.locator("div.chart[data-chart=chart-ratings] .xtick text").evaluate_all(
        "es => es.map(e => e.textContent)"
    )
    assert len(ticks) >= 2, ticks
    assert not [t for t in ticks if ":" in t or "." in t], f"time-of-day ticks: {ticks}"
    assert watch.problems() == []


def test_closing_a_risk_asks_first_and_leaves_the_mitigation_readable(new_context: NewContext) -> None:
    """The register's close form opens from a "Close…" button; until then the mitigation keeps its width."""
    context, watch = new_context("editor")
    page = context.new_page()
    page.goto(f"/programmes/{PROGRAMME}/risk")
    row = page.locator("table.register tbody tr:has(details.close-risk)").first
    submit = row.locator("form.close-risk button[type=submit]")
    assert not submit.is_visible(), "one click must not close a risk"
    mitigation = row.locator("td").nth(3)
    box = mitigation.bounding_box()
    assert box is not None and box["width"] >= 180, f"mitigation squeezed to {box}"
    row.locator("details.close-risk > summary").click()
    assert submit.is_visible()
    assert row.get_attribute("data-code") in submit.inner_text()
    assert watch.problems() == []


def test_api_docs_draw_the_operations_offline(new_context: NewContext) -> None:
    """Swagger UI reads the OpenAPI 3.1 document the API writes and lists its operations, from local files only."""
    context, watch = new_context(None)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url and "localhost" not in r.url else None
    )
    page.goto("/api/docs")
    page.locator(".opblock").first.wait_for(timeout=20_000)
    assert page.locator(".opblock").count() > 20
    assert "Unable to render this definition" not in page.inner_text("body")
    assert outside == []
    assert watch.problems() == []
