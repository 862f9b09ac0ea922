"""Screenshots of every dashboard page for the documentation: ``make screenshots`` → ``docs/images/*.png``.

Serves cpfkit on 127.0.0.1 over a new database (both embedded programmes, the demo accounts), signs
in as the demo editor in Debian's Chromium and saves a full-page PNG of each page at desktop width
(1366 pixels), and the overview, results, portfolio and risk pages in Russian and Kazakh. A page the server does not have yet (404) is skipped with a warning.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from tests.browser.contract import PAGES, PROGRAMME
from tests.browser.harness import launch_chromium, serve, sign_in, wait_for_charts

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
WIDTH, HEIGHT = 1366, 900
TRANSLATED = ("ru", "kk")
IN_EVERY_LANGUAGE = ("overview", "results", "portfolio", "risk")
"""The pages shown in docs/ in each language besides English."""


def _shoot(page: Page, path: str, name: str, *, lang: str | None = None) -> bool:
    response = page.goto(path, wait_until="networkidle")
    status = response.status if response else 0
    if status == 404:
        print(f"screenshots: warning: {path} answers 404: {name}.png not taken", file=sys.stderr)
        return False
    if status != 200:
        raise SystemExit(f"screenshots: {path} answers {status}")
    if lang and page.locator("html").get_attribute("lang") != lang:
        print(f"screenshots: warning: {path} is not in {lang}: {name}.png not taken", file=sys.stderr)
        return False
    wait_for_charts(page)
    page.wait_for_timeout(300)  # Plotly's transitions
    page.screenshot(path=OUT / f"{name}.png", full_page=True)
    print(f"screenshots: {OUT / f'{name}.png'}")
    return True


def main() -> int:
    """Take the screenshots; the exit status is 0 even when pages are skipped."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, serve(Path(tmp) / "cpfkit.db") as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(base_url=server.url, viewport={"width": WIDTH, "height": HEIGHT})
        page = context.new_page()
        taken = int(_shoot(page, "/login", "login"))
        sign_in(page, server.url, "editor")
        taken += sum(_shoot(page, spec.path, spec.name) for spec in PAGES)
        # Last, as the language stays chosen for the session: the main pages in Russian, then in Kazakh.
        for lang in TRANSLATED:
            for spec in (s for s in PAGES if s.name in IN_EVERY_LANGUAGE):
                taken += _shoot(page, f"{spec.path}?lang={lang}", f"{spec.name}-{lang}", lang=lang)
        browser.close()
    print(f"screenshots: {taken} pages in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
