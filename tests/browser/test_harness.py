"""The harness itself: the browser is Debian's, and a page reaching past the server is caught."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.browser.conftest import NewContext
from tests.browser.harness import CHROMIUM


def test_the_browser_is_debians_chromium(browser: Browser) -> None:
    assert browser.browser_type.name == "chromium"
    assert browser.version.split(".")[0].isdigit()
    assert CHROMIUM == "/usr/bin/chromium"


def test_a_request_leaving_the_server_is_caught_and_goes_nowhere(new_context: NewContext) -> None:
    context, watch = new_context(None)
    page = context.new_page()
    page.goto("/login")
    page.evaluate("() => fetch('https://cdn.example.org/plotly.js').catch(() => null)")
    page.wait_for_timeout(200)
    problems = watch.problems()
    assert any("request leaving 127.0.0.1: https://cdn.example.org/plotly.js" in p for p in problems), problems
    assert watch.failed_requests == []  # foreign failures are reported once, as foreign
