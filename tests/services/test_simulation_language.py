"""The risk simulation's report in Russian and Kazakh: the same figures, the texts of the data and the catalogs.

The report of record (its JSON, the CLI, the API) stays English, word for word: the pinned texts below are
those the engine has always written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cpfkit.jsonable import jsonable
from cpfkit.language.catalogs import gettext
from cpfkit.reference.simulation import load_simulation_reference
from cpfkit.reports.simulation import SimulationReport
from cpfkit.reports.simulation_html import render_html
from cpfkit.risk.words import CLASS_LABELS, CLASS_NAMES, SECTOR_GROUPS, distribution_message
from cpfkit.services import programmes as services
from cpfkit.services.scenarios import scenario_folder
from cpfkit.services.simulation_language import simulation_in
from cpfkit.services.translations import text_book
from cpfkit.store import Store
from tests.apps import app_on
from tests.web_ops.conftest import chart

PID = "kz-2026-2031"
DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, embedded_copy: Callable[[Path], Store]) -> Iterator[Store]:
    store = embedded_copy(tmp_path_factory.mktemp("simulation-language"))
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def report(store: Store) -> SimulationReport:
    return services.simulate(store, PID, runs=300, seed=7, scenarios=["all"], as_of=DAY)


def test_the_english_report_is_the_report_of_record(store: Store, report: SimulationReport) -> None:
    assert simulation_in(store, report, "en") is report
    assert simulation_in(store, report, None) is report
    data = jsonable(report)
    classes = {c["name"]: c for c in data["assumptions"]["reference_classes"]}
    assert classes["roads"]["label"] == "Roads and highways"
    assert (classes["roads"]["cost_ratio"], classes["roads"]["duration_ratio"]) == (
        "lognormal mean 1.2, sd 0.3",
        "lognormal mean 1.2, sigma 0.3",
    )
    assert classes["roads"]["approval_slip_months"] == "triangular low 0, mode 3, high 12"
    assert classes["finance"]["cost_ratio"] == "constant value 1"
    assert data["tornado_disbursements"]["output"] == "Disbursements in the period"
    assert {d["driver"].rpartition(" · ")[2] for d in data["tornado_disbursements"]["drivers"]} <= {
        "start",
        "duration",
        "cost",
    }
    assert [s["name"] for s in data["scenarios"]] == [
        "commodity-price",
        "regional-water-energy",
        "supply-chain",
        "tenge-devaluation",
    ]
    english = render_html(report)
    for text in (
        '<span class="tag">supply-chain</span> Sanctions-related supply-chain disruption',
        '<th class="num">supply-chain P50</th>',
        "<td>lognormal mean 1.2, sd 0.3</td>",
        '<strong>roads</strong><br><small class="muted">Roads and highways</small>',
        "Correlation of the latent drivers: country 0.25, sector 0.25",
    ):
        assert text in english, text


def _figures(value: Any) -> Iterator[Any]:
    """Every value of a JSON tree that is not a text, with the shape of the lists around it."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _figures(value[key]) if key != "hits" else [sorted(len(v) for v in value[key].values())]
    elif isinstance(value, list):
        yield len(value)
        for item in value:
            yield from _figures(item)
    elif not isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_in_russian_and_kazakh_only_the_texts_change(store: Store, report: SimulationReport, lang: str) -> None:
    translated = simulation_in(store, report, lang)
    assert list(_figures(jsonable(translated))) == list(_figures(jsonable(report)))
    assert [i.indicator for i in translated.indicators] == [i.indicator for i in report.indicators]
    assert [p.project for p in translated.projects] == [p.project for p in report.projects]
    assert [s.file for s in translated.scenarios] == [s.file for s in report.scenarios]
    book = text_book(store, lang, [PID])
    for before, after in zip(report.indicators, translated.indicators, strict=True):
        assert after.name == book.of(PID, "indicators", before.indicator)["name"] != before.name
    for before, after in zip(report.objectives, translated.objectives, strict=True):
        assert after.title == book.of(PID, "objectives", before.objective)["title"] != before.title
    assert all(after.name != before.name for before, after in zip(report.projects, translated.projects, strict=True))
    supply = next(s for s in translated.scenarios if s.file.endswith("supply-chain.yaml"))
    texts = book.of(PID, "scenarios", "supply-chain")
    assert supply.title == texts["title"] and supply.name == texts["title"]  # no dash: the whole title
    assert set(supply.hits) == {shock["name"] for shock in texts["shocks"].values()}
    drivers = [d.driver for d in translated.tornado_disbursements.drivers]
    assert drivers and not any(word in d for d in drivers for word in ("country", "sector", "start", "cost"))


def test_the_reference_classes_and_distributions_in_russian(store: Store, report: SimulationReport) -> None:
    translated = simulation_in(store, report, "ru")
    classes = {c.operations: c for c in translated.assumptions.reference_classes}
    roads = next(c for c in report.assumptions.reference_classes if c.name == "roads")
    assert classes[roads.operations].name == "дороги"
    assert classes[roads.operations].label == "Автомобильные дороги и магистрали"
    assert classes[roads.operations].cost_ratio == "логнормальное: среднее 1,2, ст. откл. 0,3"
    assert classes[roads.operations].approval_slip_months == "треугольное: минимум 0, мода 3, максимум 12"
    for before, after in zip(report.projects, translated.projects, strict=True):
        assert after.reference_class == gettext(CLASS_NAMES[before.reference_class], "ru") != before.reference_class
    page = render_html(translated, "ru")
    assert "Освоение за период" in page and "Корреляция латентных факторов: страновой 0,25" in page


def test_a_scenario_of_ones_own_keeps_its_own_words(store: Store, tmp_path: Path) -> None:
    own = tmp_path / "supply-chain.yaml"
    shutil.copy(scenario_folder(PID) / "supply-chain.yaml", own)
    report = services.simulate(store, PID, runs=50, seed=7, scenarios=[str(own)], as_of=DAY)
    translated = simulation_in(store, report, "ru")
    (scenario,) = translated.scenarios
    assert (scenario.name, scenario.title) == ("supply-chain", report.scenarios[0].title)
    assert set(scenario.hits) == set(report.scenarios[0].hits)


def test_every_reference_class_has_its_words_in_the_catalogs() -> None:
    ref = load_simulation_reference()
    assert set(CLASS_NAMES) == set(ref.classes) == set(CLASS_LABELS)
    for name, cls in ref.classes.items():
        assert CLASS_LABELS[name] == cls.label, name
        assert cls.sector_group in SECTOR_GROUPS, name
        for param in (cls.cost_ratio, cls.duration_ratio, cls.approval_slip_months):
            spec = param.at(DAY)
            fields = spec.model_dump(exclude_none=True)
            kind = fields.pop("distribution")
            # the English words are the engine's: the distribution's name, then each parameter and its value
            assert str(distribution_message(spec)) == f"{kind} " + ", ".join(f"{k} {v:g}" for k, v in fields.items())


def test_the_risk_pages_fan_chart_in_kazakh(store: Store) -> None:
    client = TestClient(app_on(store))
    english = chart(client.get(f"/programmes/{PID}/risk").text, "chart-fan")
    kazakh = chart(client.get(f"/programmes/{PID}/risk", params={"lang": "kk"}).text, "chart-fan")
    assert [t.get("name") for t in english["data"]][1:] == ["P10–P90", "P50 (baseline)", "plan"]
    assert [t.get("name") for t in kazakh["data"]][1:] == ["P10–P90", "P50 (базалық сценарий)", "жоспар"]
    assert kazakh["data"][2]["x"][0].startswith("ҚЖ") and english["data"][2]["x"][0].startswith("FY")
    assert kazakh["data"][2]["y"] == english["data"][2]["y"]
    assert kazakh["layout"]["separators"] != english["layout"].get("separators", ".,")
