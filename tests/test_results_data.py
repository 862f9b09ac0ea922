"""The embedded programmes' results data: verified values quoted, speeds consistent with travel times, floors kept.

The rules are those of ``docs/definitions.md`` ("Indicator values") and
``docs/data-format.md`` ("sources.yaml"); each test reads the shipped files
directly, so that a data edit that breaks a rule fails here even if the loader
were relaxed.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.model import Qualifier
from cpfkit.model.quotes import states
from cpfkit.services.programmes import EMBEDDED_PROGRAMMES
from cpfkit.store import Store

runner = CliRunner()
COMPLETED = EMBEDDED_PROGRAMMES / "kz-2020-2025"


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "measurements.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _quoted(folder: Path) -> dict[str, list[str]]:
    path = folder / "sources.yaml"
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {s["url"]: [" ".join(q.split()) for q in s["quotes"]] for s in raw["sources"]}


@pytest.mark.parametrize("programme", ["kz-2020-2025", "kz-2026-2031"])
def test_every_verified_value_quotes_the_sentence_of_a_listed_source_that_states_it(programme: str) -> None:
    folder = EMBEDDED_PROGRAMMES / programme
    quoted = _quoted(folder)
    verified = [r for r in _rows(folder) if r.get("verified", "").strip().lower() == "true"]
    for r in verified:
        where = f"{programme} {r['indicator']} {r['project']} {r['date']}"
        assert r["source"] in quoted, f"{where}: source {r['source']} is not listed in sources.yaml"
        quote = " ".join((r.get("quote") or "").split())
        assert quote in quoted[r["source"]], f"{where}: the quote is not one listed for its source"
        qualifier = Qualifier(r["qualifier"]) if r.get("qualifier") else None
        assert states(quote, Decimal(r["value"]), qualifier), f"{where}: the quote does not state {r['value']}"
        assert r["illustrative"].strip().lower() != "true", f"{where}: verified and illustrative at once"


def test_the_irrigation_figures_are_verified_by_the_article_that_states_them() -> None:
    rows = {(r["indicator"], r["value"]): r for r in _rows(COMPLETED) if r["verified"] == "true"}
    article = "https://astanatimes.com/2026/02/kazakhstan-world-bank-plan-up-to-1-billion-annually-under-new-partnership-framework/"
    for key in (("I2.1.2", "92000"), ("I2.1.3", "763")):
        assert rows[key]["source"] == article
        assert key[1][:2] in rows[key]["quote"]
    assert article in _quoted(COMPLETED)


def test_each_projects_speed_ratio_is_one_over_one_minus_its_travel_time_cut() -> None:
    rows = _rows(COMPLETED)
    cut = {(r["project"], r["date"]): (Decimal(r["value"]), r["weight"]) for r in rows if r["indicator"] == "I1.1.2"}
    speed = {(r["project"], r["date"]): (Decimal(r["value"]), r["weight"]) for r in rows if r["indicator"] == "I1.1.3"}
    assert cut.keys() == speed.keys() and len(cut) == 4
    for key, (t, km) in cut.items():
        ratio, speed_km = speed[key]
        assert abs(ratio - 1 / (1 - t / 100)) < Decimal("0.0001"), key  # the same section: time × speed = distance
        assert speed_km == km, key


def _results(store: Store) -> dict[str, dict[str, object]]:
    out = runner.invoke(app, ["--db", store.url, "results", "show", "kz-2020-2025", "--json"])
    assert out.exit_code == 0, out.output
    framework = json.loads(out.stdout)
    return {
        i["code"]: i for area in framework["areas"] for objective in area["objectives"] for i in objective["indicators"]
    }


def test_the_programme_speed_is_the_harmonic_mean_and_agrees_with_the_travel_time(embedded_store: Store) -> None:
    indicators = _results(embedded_store)
    time_cut = Decimal(str(indicators["I1.1.2"]["actual"]))
    speed = Decimal(str(indicators["I1.1.3"]["actual"]))
    # 1,550 km / (1,240 / 3.125 + 310 / 2.5974) = 3.0030; 1 / (1 − 0.66703) = 3.0032
    assert round(speed, 3) == Decimal("3.003")
    assert abs(speed - 1 / (1 - time_cut / 100)) < Decimal("0.001")
    assert indicators["I1.1.3"]["aggregation"] == "harmonic_mean"


def test_published_floors_stay_floors_and_meet_their_targets(embedded_store: Store) -> None:
    indicators = _results(embedded_store)
    for code, value in (("I1.1.1", 5_000_000), ("I1.2.1", 1200), ("I3.1.1", 1000)):
        i = indicators[code]
        assert Decimal(str(i["actual"])) == value, code
        assert i["qualifier"] == "at_least", code
        assert i["progress_bound"] == "at_least", code
        assert i["status"] == "achieved", code
    assert indicators["I2.1.1"]["qualifier"] is None  # "94,000 users" is published as exact


def test_the_centre_west_corridor_is_listed_as_not_counted_with_its_reason() -> None:
    projects = yaml.safe_load((COMPLETED / "projects.yaml").read_text(encoding="utf-8"))
    assert "P153497" not in json.dumps(projects, default=str)
    readme = (COMPLETED / "README.md").read_text(encoding="utf-8")
    not_counted = readme.split("are **not** counted here")[1].split("\n\n## ")[0]
    assert "P153497" in not_counted and "cancelled" in not_counted and "NCO00004218" in not_counted
