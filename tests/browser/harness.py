"""The browser-test harness: cpfkit served on 127.0.0.1, Debian's Chromium, and what a page may not do.

Shared by the browser tests (``tests/browser``) and ``scripts/screenshots.py``. The browser is
always ``/usr/bin/chromium`` from Debian's package (``scripts/system-deps.sh`` installs it): no
browser is ever downloaded. No host name resolves in that browser, and every request a page makes to anything
but the local server is recorded, so a page that would reach the internet fails its test instead.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Request, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from starlette.types import ASGIApp, Receive, Scope, Send

from cpfkit import clock
from cpfkit.api.app import create_app
from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "CYRILLIC",
    "DEMO_PASSWORD",
    "LiveServer",
    "Watch",
    "chart_state",
    "launch_chromium",
    "serve",
    "sign_in",
    "wait_for_charts",
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # No host name resolves but the server's address: nothing a page asks for can leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DEMO_PASSWORD = "cpfkit-demo"
TODAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
"""The day the served pages are looked at (a day inside both embedded programmes' reach)."""


@dataclass(frozen=True)
class LiveServer:
    """A running cpfkit: its base URL (``http://127.0.0.1:PORT``) and its database."""

    url: str
    db_url: str


def _pinned(app: ASGIApp, today: datetime) -> ASGIApp:
    """``app`` with cpfkit's clock frozen at ``today`` in every request (uvicorn gives each a new context)."""

    async def pinned(scope: Scope, receive: Receive, send: Send) -> None:
        with clock.pin(today):
            await app(scope, receive, send)

    return pinned


@contextmanager
def serve(db_path: Path, today: datetime = TODAY) -> Iterator[LiveServer]:
    """Serve cpfkit on 127.0.0.1 on a free port, over a new SQLite database, as ``make run`` would.

    The database gets what ``cpfkit init`` gives a new one: both embedded programmes and the demo
    accounts (admin, editor, viewer; password ``cpfkit-demo``). The server runs in a thread of this
    process and stops when the block ends. Its clock is frozen at ``today`` (pages default to
    today: the tests look at one day); the caller's clock is left as it is.
    """
    db_url = f"sqlite:///{db_path}"
    # Explicit settings: neither a .env file nor CPFKIT_* variables of the shell change what is tested.
    settings = Settings(
        _env_file=None,
        db=db_url,
        public_read=True,
        demo_users=True,
        demo_password=DEMO_PASSWORD,
        cookie_secure="auto",
        overview_cache=True,
    )
    store = Store(db_url)
    with clock.pin(today):
        services.init_store(store, autoload=True, settings=settings)
    app = _pinned(create_app(store, settings), today)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the system picks a free port; the socket is handed to uvicorn: no race
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, ws="none", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="cpfkit-live-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the cpfkit server did not start")
            time.sleep(0.02)
        yield LiveServer(f"http://127.0.0.1:{port}", db_url)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.dispose()


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make system-deps` (Debian's chromium package)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Watch:
    """What went wrong in a browser context: console errors, script errors, failed and foreign requests.

    ``foreign`` lists requests to anything but the local server (the browser cannot resolve their hosts).
    """

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        """Listen to every page of ``context`` (pages opened later included) and fence it to the server."""
        context.on("request", self._request)
        context.on("page", self._page)
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        for page in context.pages:
            self._page(page)

    def _request(self, request: Request) -> None:
        # Not context.route(): routing every request turns the browser's cache off and slows each page.
        if not self._local(request.url):
            self.foreign.append(request.url)

    def _local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin and parts.hostname == "127.0.0.1"

    def _page(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url") or ""
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _failed(self, request: Request) -> None:
        if self._local(request.url):  # foreign ones are in `foreign` already
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append(f"{response.request.method} {response.url}: {response.status}")

    def problems(self) -> list[str]:
        """Everything recorded, one line each (empty when the pages behaved)."""
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"script error: {m}" for m in self.page_errors),
            *(f"request failed: {m}" for m in self.failed_requests),
            *(f"error response: {m}" for m in self.error_responses),
            *(f"request leaving 127.0.0.1: {m}" for m in self.foreign),
        ]

    def clear(self) -> None:
        """Forget what was recorded (after a step that is meant to fail, such as a refused write)."""
        for name in ("console_errors", "page_errors", "failed_requests", "error_responses", "foreign"):
            getattr(self, name).clear()


def sign_in(page: Page, base: str, name: str, password: str = DEMO_PASSWORD, next_path: str = "/") -> None:
    """Sign in through the sign-in page, as a person would, and land on ``next_path``."""
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input#name", name)
    page.fill("input#password", password)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    here = urlsplit(page.url)
    if here.path == "/login":
        alert = page.locator("[role=alert]")
        raise AssertionError(f"sign-in of {name} refused: {alert.inner_text() if alert.count() else page.url}")


_CHART_STATE = """
(name) => {
  const el = document.querySelector(`div.chart[data-chart="${name}"]`);
  if (!el) return {present: false};
  const gd = el.matches('.js-plotly-plot') ? el : el.querySelector('.js-plotly-plot');
  const svg = el.querySelector('.main-svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  return {
    present: true,
    plotly: !!gd,
    traces: gd && gd.data ? gd.data.length : 0,
    width: box ? box.width : 0,
    height: box ? box.height : 0,
    spec: !!document.getElementById(name),
  };
}
"""


def chart_state(page: Page, name: str) -> dict[str, object]:
    """Whether ``div.chart[data-chart=name]`` exists, was drawn by Plotly, with how many traces and what size."""
    state: dict[str, object] = page.evaluate(_CHART_STATE, name)
    return state


def wait_for_charts(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until every chart of the page is drawn (or the time is up: the caller checks each chart)."""
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.chart[data-chart]')].every("
            "el => el.matches('.js-plotly-plot') || el.querySelector('.js-plotly-plot'))",
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:  # a chart that never draws is reported by the chart's own check
        return


CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
