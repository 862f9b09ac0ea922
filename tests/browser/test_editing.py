"""Editing an operation on its page: the editor's change shows on the page and in its history;
a viewer gets no form, and a write posted anyway is refused."""

from __future__ import annotations

import secrets

from playwright.sync_api import Locator, Page

from tests.browser.conftest import NewContext
from tests.browser.contract import PROJECT

PROJECT_PAGE = f"/projects/{PROJECT}"

# The free-text fields an editor may change, most likely first; the first one the form has is edited.
_TEXT_FIELDS = (
    "textarea[name=description]",
    "textarea:not([readonly]):not([disabled])",
    "input[name=implementing_agency]",
    "input[name=name]",
    "input[type=text]:not([readonly]):not([disabled])",
)

_FORM_FIELDS = """
form => [...new FormData(form).entries()].filter(([k, v]) => typeof v === 'string')
"""

_POST = """
async ([action, method, fields]) => {
  const token = document.querySelector('meta[name=csrf-token]');
  const data = new URLSearchParams();
  for (const [k, v] of fields) data.append(k, k === 'csrf_token' && token ? token.content : v);
  const headers = token ? {'X-CSRF-Token': token.content} : {};
  const answer = await fetch(action, {method, body: data, headers, redirect: 'manual'});
  return {status: answer.status};
}
"""


def _text_field(page: Page) -> Locator:
    form = page.locator("form#project-edit")
    for selector in _TEXT_FIELDS:
        found = form.locator(selector)
        if found.count():
            return found.first
    raise AssertionError("form#project-edit has no free-text field to edit")


def _text_outside_the_form(page: Page) -> str:
    text: str = page.evaluate(
        "() => { const c = document.body.cloneNode(true); c.querySelectorAll('form#project-edit')"
        ".forEach(f => f.remove()); return c.innerText; }"
    )
    return text


def test_editor_changes_an_operation_and_sees_it_and_its_history(new_context: NewContext) -> None:
    context, watch = new_context("editor")
    page = context.new_page()
    page.goto(PROJECT_PAGE)
    form = page.locator("form#project-edit")
    assert form.count() == 1 and form.is_visible()
    field = _text_field(page)
    name = field.get_attribute("name")
    value = f"Checked in the browser {secrets.token_hex(4)}"
    field.fill(value)
    with page.expect_navigation(wait_until="load") as nav:
        form.locator("button[type=submit]").click()
    assert nav.value is not None and nav.value.status == 200, nav.value and nav.value.status
    assert page.url.split("?")[0].endswith(PROJECT_PAGE)
    assert value in _text_outside_the_form(page), f"the new {name} is not shown on the page"
    audit = page.locator("#audit")
    assert value in audit.inner_text(), f"the change of {name} is not in #audit"
    assert "editor" in audit.inner_text()
    stored = page.evaluate(f"async () => (await (await fetch('/api/projects/{PROJECT}')).json())")
    assert value in str(stored), f"the API does not show the new {name}"
    assert watch.problems() == []


def test_viewer_sees_no_form_and_a_posted_change_is_refused(new_context: NewContext) -> None:
    # What the editor's form sends, and where.
    editor, _ = new_context("editor")
    page = editor.new_page()
    page.goto(PROJECT_PAGE)
    form = page.locator("form#project-edit")
    assert form.count() == 1
    action = form.evaluate("f => f.action")
    method = (form.get_attribute("method") or "get").upper()
    assert method == "POST", "a form that writes must post"
    fields = form.evaluate(_FORM_FIELDS)
    text = _text_field(page).get_attribute("name")
    fields = [[k, "a viewer may not write this" if k == text else v] for k, v in fields]

    viewer, watch = new_context("viewer")
    page = viewer.new_page()
    page.goto(PROJECT_PAGE)
    assert "viewer" in page.locator("header .who .user").inner_text()
    assert page.locator("h1").count() == 1
    assert page.locator("form#project-edit").count() == 0
    assert page.locator("#audit").count() == 1  # the history is for every reader
    assert watch.problems() == []
    answer = page.evaluate(_POST, [action, method, fields])
    assert answer["status"] == 403, answer
    page.goto(PROJECT_PAGE)
    assert "a viewer may not write this" not in page.locator("body").inner_text()
