"""Every page of the contract, opened by the demo editor in Chromium: one heading, its parts, its charts drawn,
no console error, no failed request and nothing fetched from anywhere but the server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, Response, StorageState

from tests.browser.contract import PAGES, ContractPage
from tests.browser.harness import LiveServer, Watch, chart_state, wait_for_charts


@dataclass
class Opened:
    """A page as loaded, with the answer to its request and what its watch saw."""

    page: Page
    response: Response | None
    watch: Watch


@pytest.fixture(scope="module")
def opened(
    browser: Browser, live_server: LiveServer, signed_in_state: Callable[[str], StorageState]
) -> Iterator[Callable[[ContractPage], Opened]]:
    """Open each contract page once (as the editor) and share it among this module's checks of it."""
    cache: dict[str, Opened] = {}
    contexts = []

    def open_page(spec: ContractPage) -> Opened:
        if spec.name not in cache:
            # A context per page, so that each page's watch holds that page's problems only.
            context = browser.new_context(
                base_url=live_server.url,
                storage_state=signed_in_state("editor"),
                viewport={"width": 1366, "height": 900},
            )
            context.set_default_timeout(30_000)  # generous: a busy machine slows Chromium, not the checks
            contexts.append(context)
            watch = Watch(live_server.url)
            watch.attach(context)
            page = context.new_page()
            response = page.goto(spec.path, wait_until="networkidle")
            wait_for_charts(page)
            cache[spec.name] = Opened(page, response, watch)
        return cache[spec.name]

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_answers_with_one_heading(opened: Callable[[ContractPage], Opened], spec: ContractPage) -> None:
    got = opened(spec)
    assert got.response is not None and got.response.status == 200, (
        f"{spec.path}: {got.response and got.response.status}"
    )
    headings = got.page.locator("h1")
    assert headings.count() == 1, f"{spec.path} has {headings.count()} <h1>"
    assert headings.inner_text().strip()
    assert got.page.title().strip()
    assert "editor" in got.page.locator("header .who").inner_text()  # still signed in


@pytest.mark.parametrize("spec", [p for p in PAGES if p.tab], ids=lambda p: p.name)
def test_programme_tab_marks_the_page(opened: Callable[[ContractPage], Opened], spec: ContractPage) -> None:
    current = opened(spec).page.locator("nav.tabs a[aria-current=page]")
    assert current.count() == 1, f"{spec.path}: no programme tab marked aria-current=page"
    assert current.get_attribute("href") == spec.path


@pytest.mark.parametrize(
    ("spec", "selector"), [(p, s) for p in PAGES for s in p.parts], ids=lambda v: getattr(v, "name", v)
)
def test_page_has_its_parts(opened: Callable[[ContractPage], Opened], spec: ContractPage, selector: str) -> None:
    found = opened(spec).page.locator(selector)
    assert found.count() >= 1, f"{spec.path}: nothing matches {selector}"
    assert found.first.is_visible(), f"{spec.path}: {selector} is hidden"


@pytest.mark.parametrize(
    ("spec", "chart"), [(p, c) for p in PAGES for c in p.charts], ids=lambda v: getattr(v, "name", v)
)
def test_chart_is_drawn(opened: Callable[[ContractPage], Opened], spec: ContractPage, chart: str) -> None:
    state = chart_state(opened(spec).page, chart)
    assert state["present"], f"{spec.path}: no div.chart[data-chart={chart}]"
    assert state["spec"], f"{spec.path}: no <script id={chart}> with the figure"
    assert state["plotly"], f"{spec.path}: Plotly did not draw {chart}"
    assert isinstance(state["traces"], int) and state["traces"] >= 1, f"{spec.path}: {chart} has no data"
    assert state["width"] and state["height"], f"{spec.path}: {chart} has no size ({state})"
    svg = opened(spec).page.locator(f'div.chart[data-chart="{chart}"] .main-svg').first
    box = svg.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100, f"{chart}: {box}"


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_is_clean(opened: Callable[[ContractPage], Opened], spec: ContractPage) -> None:
    got = opened(spec)
    assert got.watch.problems() == [], spec.path


def test_static_files_come_from_the_server(opened: Callable[[ContractPage], Opened]) -> None:
    """Plotly is the installed package's, served by cpfkit: no CDN."""
    page = opened(PAGES[0]).page
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    links = page.eval_on_selector_all("link[href]", "els => els.map(e => e.href)")
    assert any(s.endswith("/static/plotly.min.js") for s in scripts)
    for url in [*scripts, *links]:
        assert url.startswith(page.url.split("/programmes")[0] + "/"), url
