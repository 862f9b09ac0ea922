"""Rough edges seen only in a browser: figures that overflow their box."""

from __future__ import annotations

from tests.browser.conftest import NewContext


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
