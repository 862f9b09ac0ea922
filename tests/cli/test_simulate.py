"""``cpfkit simulate`` and ``cpfkit scenarios``: the JSON interface scripts rely on, the tables, the HTML report."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import plotly
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.services.simulation import DEFAULT_SEED
from cpfkit.store import Store

runner = CliRunner()
BASE = ["--runs", "500", "--seed", "5", "--as-of", "2026-11-25"]


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_interface(embedded_store: Store) -> None:
    code, out, err = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["runs"] == 500 and report["seed"] == 5
    years = report["disbursements_by_fy"]
    assert [y["fy"] for y in years] == [2026, 2027, 2028, 2029, 2030, 2031]
    for y in years:
        assert Decimal(y["p10"]) <= Decimal(y["p50"]) <= Decimal(y["p90"]) and y["p50"].isdigit()
    assert years[0]["p10"] == years[0]["p90"] == years[0]["actual_to_date"]  # FY26 is over
    indicators = {i["indicator"]: i for i in report["indicators"]}
    assert indicators["I3.1.1"]["target"] == 105000 and 0 <= indicators["I3.1.1"]["p_target_met"] <= 1
    assert {o["objective"] for o in report["objectives"]} >= {"O1.1", "O3.1", "O7.1"}
    for o in report["objectives"]:
        assert 0 <= o["p_achieved_or_mostly"] <= 1
    projects = {p["project"]: p for p in report["projects"]}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", projects["KZ-ILL-KAMBARATA-01"]["p50_completion"])
    assert "P500565" in projects  # carried over from kz-2020-2025 and still under way
    assert report["scenarios"] == [] and report["tornado"]["drivers"]


def test_same_seed_same_answer(embedded_store: Store) -> None:
    first = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--json")[1]
    second = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--json")[1]
    assert first == second


def test_without_a_seed_the_default_one_is_used_and_printed(embedded_store: Store) -> None:
    args = ("simulate", "kz-2026-2031", "--runs", "200", "--as-of", "2026-11-25", "--json")
    code, out, err = run(embedded_store, *args)
    assert code == 0 and json.loads(out)["seed"] == DEFAULT_SEED == 20_260_101
    assert f"seed {DEFAULT_SEED} (the default; --seed random for a fresh draw)" in err
    assert run(embedded_store, *args)[1] == out  # the same figures again
    assert run(embedded_store, *args, "--seed", str(DEFAULT_SEED))[1] == out
    code, table, _ = run(embedded_store, *args[:-1])
    assert code == 0 and f"seed {DEFAULT_SEED} (the default; --seed random" in " ".join(table.split())


def test_a_random_seed_is_drawn_on_request_and_printed(embedded_store: Store) -> None:
    args = ("simulate", "kz-2026-2031", "--runs", "200", "--as-of", "2026-11-25", "--json")
    code, out, err = run(embedded_store, *args, "--seed", "random")
    assert code == 0, err
    seed = json.loads(out)["seed"]
    assert isinstance(seed, int) and 0 <= seed <= 2**32 - 1
    assert f"seed {seed} (drawn at random; --seed {seed} repeats it)" in err
    assert run(embedded_store, *args, "--seed", str(seed))[1] == out


def test_a_bad_seed_is_refused(embedded_store: Store) -> None:
    for bad in ("-1", "seven", "4294967296", "1.5"):
        code, out, err = run(embedded_store, "simulate", "kz-2026-2031", "--runs", "10", "--seed", bad)
        assert code == 1 and out == "", bad
        assert "seed must be a whole number from 0 to 4294967295 or 'random'" in err, bad


def test_scenario_side_by_side(embedded_store: Store) -> None:
    code, out, err = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--scenario", "supply-chain.yaml")
    assert code == 0, err
    assert "supply-chain" in out and "Disbursements by fiscal year" in out and "Largest shortfall" in out
    code, out, _ = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--scenario", "all", "--json")
    scenarios = {s["name"]: s for s in json.loads(out)["scenarios"]}
    assert set(scenarios) == {"commodity-price", "regional-water-energy", "supply-chain", "tenge-devaluation"}
    supply = scenarios["supply-chain"]
    assert Decimal(supply["vs_baseline"]["p50_in_period"]) < 0
    assert supply["file"] == "kz-2026-2031/scenarios/supply-chain.yaml"
    assert set(supply) >= {"disbursements_by_fy", "indicators", "objectives", "projects", "vs_baseline", "hits"}


def test_a_user_scenario_file_and_its_errors(embedded_store: Store, tmp_path: Path) -> None:
    mine = tmp_path / "rail-strike.yaml"
    mine.write_text(
        "title: Rail strike\nshocks:\n  - name: strike\n    illustrative: true\n"
        "    applies_to: {reference_classes: [rail]}\n    duration_factor: 1.3\n",
        encoding="utf-8",
    )
    code, out, err = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--scenario", str(mine), "--json")
    assert code == 0, err
    [scenario] = json.loads(out)["scenarios"]
    assert scenario["name"] == "rail-strike" and scenario["file"] == str(mine)
    mine.write_text("title: Rail strike\nshocks:\n  - name: strike\n    duration_factor: -1\n", encoding="utf-8")
    code, out, err = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--scenario", str(mine))
    assert code == 1 and out == ""
    line = err.strip()
    assert "\n" not in line and str(mine) in line and "line 3" in line and "shocks[0].duration_factor" in line
    code, _, err = run(embedded_store, "simulate", "kz-2026-2031", *BASE, "--scenario", "no-such-scenario")
    assert code == 1 and "shipped: commodity-price, regional-water-energy, supply-chain, tenge-devaluation" in err


def test_html_report_is_standalone(embedded_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, err = run(
        embedded_store, "simulate", "kz-2026-2031", *BASE, "--scenario", "tenge-devaluation", "-o", str(target)
    )
    assert code == 0 and "Disbursements by fiscal year" in out and str(target) in err
    html = target.read_text(encoding="utf-8")
    bundle = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    bundle = bundle.replace("</script", "<\\/script")
    assert bundle in html  # plotly.min.js is inlined from the installed package
    rest = html.replace(bundle, "")
    assert "<script src" not in rest and "cdn" not in rest.lower() and "Plotly.newPlot" in rest
    for chart in ("chart-fan", "chart-targets", "chart-tornado", "chart-completion"):
        assert f'id="{chart}"' in html
    assert "tenge-devaluation" in html and "Kambarata" in html


def test_scenarios_command(embedded_store: Store) -> None:
    code, out, _ = run(embedded_store, "scenarios", "kz-2026-2031", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == [
        "commodity-price",
        "regional-water-energy",
        "supply-chain",
        "tenge-devaluation",
    ]
    code, out, _ = run(embedded_store, "scenarios", "kz-2026-2031")
    assert code == 0 and "Tenge devaluation" in out
    code, out, _ = run(embedded_store, "scenarios", "kz-2020-2025")
    assert code == 0 and "ships no scenarios" in out


def test_demo_programme_without_reference_classes(demo_store: Store) -> None:
    code, out, err = run(
        demo_store, "simulate", "xx-demo", "--runs", "500", "--seed", "1", "--as-of", "2026-09-01", "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert {p["project"] for p in report["projects"]} == {"P1", "P2", "P3"}
    assert {c["name"] for c in report["assumptions"]["reference_classes"]} == {"other"}
