"""The simulation report: its Plotly figures, and the standalone HTML as a browser draws it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from cpfkit.reports import simulation_charts as charts
from cpfkit.reports.simulation import SimulationReport
from cpfkit.reports.simulation_html import render_html
from cpfkit.services import programmes as services
from cpfkit.store import Store

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, embedded_copy: Callable[[Path], Store]) -> SimulationReport:
    store = embedded_copy(tmp_path_factory.mktemp("report"))
    try:
        return services.simulate(
            store, "kz-2026-2031", runs=2000, seed=3, scenarios=["supply-chain"], as_of=date(2026, 11, 25)
        )
    finally:
        store.dispose()


def test_fan_chart_has_the_band_the_median_the_plan_and_each_scenario(report: SimulationReport) -> None:
    fig = charts.fan_chart(report)
    names = [t.name for t in fig.data]
    assert names[1:] == ["P10–P90", "P50 (baseline)", "plan", "P50 — supply-chain"]
    band_top, band_bottom = fig.data[0], fig.data[1]
    assert band_bottom.fill == "tonexty"
    assert all(hi >= lo for hi, lo in zip(band_top.y, band_bottom.y, strict=True))
    assert list(fig.data[2].x) == [y.label for y in report.disbursements_by_fy]


def test_target_bar_tornado_and_completion(report: SimulationReport) -> None:
    bars = charts.target_probabilities(report)
    assert [t.name for t in bars.data] == ["baseline", "supply-chain"]
    assert all(0 <= x <= 1 for x in bars.data[0].x)
    tornado = charts.tornado(report.tornado)
    assert len(tornado.data[0].y) == len(report.tornado.drivers) > 0
    completion = charts.completion_ranges(report)
    assert {t.name for t in completion.data if t.name} == {"P50", "planned"}
    assert charts.objective_probabilities(report).data[0].x == tuple(o.p_achieved_or_mostly for o in report.objectives)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_the_report_draws_every_chart_offline(report: SimulationReport, tmp_path: Path, playwright: Playwright) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(report), encoding="utf-8")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    args += ["--disable-sync", "--no-first-run", "--disable-quic"]
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=args)
    try:
        page = browser.new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "document.querySelectorAll('[data-chart]').length === "
            "document.querySelectorAll('[data-rendered=true]').length",
            timeout=60_000,
        )
        charts_drawn = page.locator("[data-rendered=true] .main-svg").count()
    finally:
        browser.close()
    assert errors == []
    assert all(url.startswith("file:") for url in requests)
    assert charts_drawn >= 7


def test_the_report_in_russian_and_kazakh(report: SimulationReport) -> None:
    from cpfkit.reports.language import translations

    english = render_html(report)
    assert '<html lang="en">' in english and '"separators":".,"' in english.replace(" ", "")
    for lang in ("ru", "kk"):
        page = render_html(report, lang)
        assert f'<html lang="{lang}">' in page
        for heading in ("Objectives", "Indicator"):
            assert heading in english and translations(lang).gettext(heading) != heading
            assert translations(lang).gettext(heading) in page
        assert '"separators":",\\u00a0"' in page.replace(" ", "") or '"separators":",\xa0"' in page.replace(" ", "")
