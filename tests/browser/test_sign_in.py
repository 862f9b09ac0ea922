"""Signing in and out through the pages, and the API refusing a viewer's write, in Chromium."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import NewContext
from tests.browser.contract import PROGRAMME, PROJECT
from tests.browser.harness import LiveServer, sign_in

OVERVIEW = f"/programmes/{PROGRAMME}"

_FETCH = """
async ([method, url, body]) => {
  const token = document.querySelector('meta[name=csrf-token]');
  const headers = {'Content-Type': 'application/json'};
  if (token) headers['X-CSRF-Token'] = token.content;
  const current = await fetch(url);
  if (current.headers.get('ETag')) headers['If-Match'] = current.headers.get('ETag');
  const answer = await fetch(url, {method, headers, body: JSON.stringify(body)});
  return {status: answer.status, type: answer.headers.get('Content-Type'), text: await answer.text()};
}
"""


def _patch_project(page: Page, body: dict[str, object]) -> dict[str, object]:
    answer: dict[str, object] = page.evaluate(_FETCH, ["PATCH", f"/api/projects/{PROJECT}", body])
    return answer


def test_login_page(new_context: NewContext) -> None:
    context, watch = new_context(None)
    page = context.new_page()
    page.goto("/login")
    assert page.locator("h1").count() == 1
    assert page.locator("form[action='/login'] input#name").is_visible()
    assert page.locator("form[action='/login'] input#password[type=password]").is_visible()
    assert watch.problems() == []


def test_sign_in_from_a_page_returns_to_it_and_sign_out_ends_the_session(
    new_context: NewContext, live_server: LiveServer
) -> None:
    context, watch = new_context(None)
    page = context.new_page()
    page.goto(OVERVIEW, wait_until="networkidle")
    assert page.locator("header .who .user").count() == 0
    with page.expect_navigation():
        page.click("header .who a[href^='/login']")
    assert page.url.startswith(f"{live_server.url}/login?next=")
    page.fill("input#name", "editor")
    page.fill("input#password", "cpfkit-demo")
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    assert page.url == f"{live_server.url}{OVERVIEW}"
    assert "editor" in page.locator("header .who .user").inner_text()
    assert page.locator("meta[name=csrf-token]").get_attribute("content")
    assert any(c["name"] == "cpfkit_session" and c["httpOnly"] for c in context.cookies())

    with page.expect_navigation():
        page.click("header .who form[action='/logout'] button[type=submit]")
    assert page.url == f"{live_server.url}/"
    assert page.locator("header .who .user").count() == 0
    assert page.locator("header .who a[href^='/login']").is_visible()
    page.goto(OVERVIEW)
    assert page.locator("header .who .user").count() == 0  # the session is closed on the server too
    assert watch.problems() == []


def test_wrong_password_is_refused_on_the_page(new_context: NewContext, live_server: LiveServer) -> None:
    context, _ = new_context(None)
    page = context.new_page()
    page.goto("/login")
    page.fill("input#name", "viewer")
    page.fill("input#password", "not-the-password")
    with page.expect_navigation() as nav:
        page.click("form[action='/login'] button[type=submit]")
    assert nav.value is not None and nav.value.status == 401
    assert page.locator("[role=alert]").is_visible()
    assert page.locator("header .who .user").count() == 0
    sign_in(page, live_server.url, "viewer")  # the right password still works after one mistake
    assert "viewer" in page.locator("header .who .user").inner_text()


def test_viewer_is_refused_a_write_through_the_api(new_context: NewContext) -> None:
    context, watch = new_context("viewer")
    page = context.new_page()
    page.goto(OVERVIEW)
    assert "viewer" in page.locator("header .who .user").inner_text()
    answer = _patch_project(page, {"description": "a viewer may not write this"})
    assert answer["status"] == 403, answer
    assert str(answer["type"]).startswith("application/problem+json")
    detail = page.evaluate(f"async () => (await (await fetch('/api/projects/{PROJECT}')).json()).description")
    assert detail != "a viewer may not write this"
    watch.clear()  # the refusal is logged by the browser as a failed resource, as it should be


def test_anonymous_reader_is_refused_a_write(new_context: NewContext) -> None:
    context, _ = new_context(None)
    page = context.new_page()
    page.goto(OVERVIEW)
    answer = _patch_project(page, {"description": "nobody may write this"})
    assert answer["status"] == 401, answer
