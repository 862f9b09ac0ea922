"""Fixtures of the browser tests: a live cpfkit on 127.0.0.1 and Debian's Chromium driven by Playwright.

One server and one browser per test session (per xdist worker); a fresh browser context per test,
fenced to the server and watched for console errors and failed requests. Signed-in contexts reuse
the cookies of one sign-in per account, made through the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, StorageState

from tests.browser.harness import LiveServer, Watch, launch_chromium, serve, sign_in

NewContext = Callable[[str | None], tuple[BrowserContext, Watch]]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """cpfkit serving a new database with both embedded programmes and the demo accounts."""
    with serve(tmp_path_factory.mktemp("browser") / "cpfkit.db") as server:
        yield server


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium from /usr/bin/chromium."""
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def signed_in_state(browser: Browser, live_server: LiveServer) -> Callable[[str], StorageState]:
    """The cookies of a sign-in through the sign-in page, once per account for the session."""
    states: dict[str, StorageState] = {}

    def state(name: str) -> StorageState:
        if name not in states:
            context = browser.new_context()
            sign_in(context.new_page(), live_server.url, name)
            states[name] = context.storage_state()
            context.close()
        return states[name]

    return state


@pytest.fixture
def new_context(
    browser: Browser, live_server: LiveServer, signed_in_state: Callable[[str], StorageState]
) -> Iterator[NewContext]:
    """Make a watched browser context, signed in as ``user`` (editor, viewer, admin) or anonymous."""
    made: list[BrowserContext] = []

    def make(user: str | None = None) -> tuple[BrowserContext, Watch]:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1366, "height": 900},
            storage_state=signed_in_state(user) if user else None,
        )
        context.set_default_timeout(30_000)  # generous: a busy machine slows Chromium, not the checks
        made.append(context)
        watch = Watch(live_server.url)
        watch.attach(context)
        return context, watch

    yield make
    for context in made:
        context.close()
