"""The reports page's downloads answer with the right files; the plan page re-plans when a constraint changes."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.conftest import NewContext
from tests.browser.contract import FORMATS, PROGRAMME, REPORTS

# The first bytes of each kind of file.
_MAGIC = {"pdf": b"%PDF-", "xlsx": b"PK\x03\x04", "html": b"<", "json": b"{"}


def test_every_report_downloads_in_every_format(new_context: NewContext) -> None:
    """Each link answers with its file; PDFs take seconds each to render, so one is fetched and the others
    must be the same link for another report (the renderer itself is tested in tests/reports)."""
    context, watch = new_context("viewer")  # reading is enough to download
    page = context.new_page()
    page.goto(f"/programmes/{PROGRAMME}/reports")
    assert page.locator("h1").count() == 1
    hrefs = {}
    for report in REPORTS:
        for fmt in FORMATS:
            link = page.locator(f'a.download[data-report="{report}"][data-format="{fmt}"]')
            assert link.count() == 1, f"no download link for {report} as {fmt}"
            hrefs[report, fmt] = link.get_attribute("href")
            assert hrefs[report, fmt], f"{report} {fmt}: no href"
    first = REPORTS[0]
    for (report, fmt), href in hrefs.items():
        assert href is not None
        if fmt == "pdf" and report != first:
            assert href == str(hrefs[first, "pdf"]).replace(first, report), f"{report} pdf: {href}"
            continue
        answer = context.request.get(href, timeout=60_000)
        assert answer.status == 200, f"{report} {fmt}: {answer.status}"
        assert answer.headers["content-type"].split(";")[0].strip() == FORMATS[fmt], f"{report} {fmt}"
        body = answer.body()
        assert body.lstrip()[: len(_MAGIC[fmt])].lower() == _MAGIC[fmt].lower(), f"{report} {fmt}: {body[:20]!r}"
        if fmt in ("pdf", "xlsx"):
            assert "attachment" in answer.headers.get("content-disposition", ""), f"{report} {fmt}"
    assert watch.problems() == []


def _plan_text(page: Page) -> str:
    return re.sub(r"\s+", " ", page.locator("table.plan").inner_text())


def _envelope_field(page: Page) -> tuple[str, float]:
    """The first fiscal year's envelope of the form (inputs `env_<FY>`, US$ millions) and its value."""
    fields = page.locator("form#plan-constraints input[name^=env_]")
    assert fields.count() >= 1, "form#plan-constraints has no envelope field"
    field = fields.first
    raw = (field.input_value() or field.get_attribute("placeholder") or "").replace(",", "").replace("_", "")
    assert re.fullmatch(r"\d+(\.\d+)?", raw), f"the envelope field holds {raw!r}"
    return field.get_attribute("name") or "", float(raw)


def test_plan_changes_when_the_envelope_shrinks(new_context: NewContext) -> None:
    context, watch = new_context("editor")
    page = context.new_page()
    page.goto(f"/programmes/{PROGRAMME}/plan", wait_until="networkidle")
    assert page.locator("table.plan").count() == 1, "the plan page has no table.plan"
    before = _plan_text(page)
    assert before
    xlsx = page.locator("a#plan-xlsx").get_attribute("href")
    assert xlsx
    name, value = _envelope_field(page)
    assert value > 0
    smaller = value / 4
    page.fill(f"form#plan-constraints input[name='{name}']", f"{smaller:g}")
    page.locator("form#plan-constraints [type=submit]").first.click()
    # The form may reload the page or update it in place: either way the plan table changes.
    page.wait_for_function(
        "before => { const t = document.querySelector('table.plan');"
        " return t && t.innerText.replace(/\\s+/g, ' ') !== before; }",
        arg=before,
        timeout=60_000,
    )
    page.wait_for_load_state("networkidle")
    after = _plan_text(page)
    assert after != before
    _, kept = _envelope_field(page)
    assert abs(kept - smaller) < 1e-6 * max(1.0, smaller), "the form does not show the constraint it planned with"
    assert page.locator('div.chart[data-chart="chart-plan-envelope"]').count() == 1
    assert watch.problems() == []
