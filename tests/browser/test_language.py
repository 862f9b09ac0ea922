"""Switching the language from the header: Russian and Kazakh pages, and back to English."""

from __future__ import annotations

from tests.browser.conftest import NewContext
from tests.browser.contract import PROGRAMME
from tests.browser.harness import CYRILLIC

OVERVIEW = f"/programmes/{PROGRAMME}"


def test_header_switches_to_russian_and_back(new_context: NewContext) -> None:
    context, watch = new_context("editor")
    page = context.new_page()
    page.goto(OVERVIEW)
    assert page.locator("html").get_attribute("lang") == "en"
    for lang in ("en", "ru", "kk"):
        link = page.locator(f"header a[hreflang={lang}]")
        assert link.count() == 1, f"no header link to {lang}"
        assert f"lang={lang}" in (link.get_attribute("href") or "")
    english_tabs = page.locator("nav.tabs").inner_text()
    assert "Overview" in english_tabs

    with page.expect_navigation():
        page.click("header a[hreflang=ru]")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.url.split("?")[0].endswith(OVERVIEW)  # the same page, in Russian
    tabs = page.locator("nav.tabs").inner_text()
    assert CYRILLIC.search(tabs), tabs
    assert "Overview" not in tabs
    assert CYRILLIC.search(page.locator("header").inner_text())
    assert page.locator("h1").count() == 1

    with page.expect_navigation():
        page.click("header a[hreflang=kk]")
    assert page.locator("html").get_attribute("lang") == "kk"  # Kazakh where translated, English elsewhere

    with page.expect_navigation():
        page.click("header a[hreflang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Overview" in page.locator("nav.tabs").inner_text()
    assert watch.problems() == []


def test_russian_sign_in_page(new_context: NewContext) -> None:
    context, watch = new_context(None)
    page = context.new_page()
    page.goto("/login?lang=ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert CYRILLIC.search(page.locator("h1").inner_text())
    assert CYRILLIC.search(page.locator("form[action='/login'] button[type=submit]").inner_text())
    assert watch.problems() == []
