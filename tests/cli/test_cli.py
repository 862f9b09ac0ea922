"""The command line on the demo programme: JSON interfaces for scripts and tables for people."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cpfkit import __version__
from cpfkit.cli import app
from cpfkit.store import Store

runner = CliRunner()


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"cpfkit {__version__}"


def test_programmes_json(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "programmes", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert row["id"] == "xx-demo" and row["own_operations"] == 2 and row["pipeline_count"] == 1
    assert row["own_commitments_usd"] == "800" and row["envelope_usd"] == "2000" and row["fiscal_years"] == "FY26–FY28"


def test_projects_and_project(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "projects", "xx-demo", "--as-of", "2027-06-30", "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["P1"]["disbursed_usd"] == "150"
    assert rows["P1"]["net_commitment_usd"] == "580"  # 600 approved, 20 cancelled on 2026-12-31
    assert rows["P1"]["undisbursed_usd"] == "430"
    assert rows["P1"]["regions"] == ["Almaty"]
    code, out, _ = run(demo_store, "project", "P1", "--json")
    detail = json.loads(out)
    assert code == 0 and detail["programmes"] == ["xx-demo"]
    assert [line["transaction"]["type"] for line in detail["ledger"]] == [
        "disbursement",
        "disbursement",
        "cancellation",
    ]
    code, out, _ = run(demo_store, "project", "P1")
    assert code == 0 and "Road one" in out and "Ledger" in out


def test_envelope_json_interface(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "envelope", "xx-demo", "--as-of", "2027-06-30", "--json")
    assert code == 0
    report = json.loads(out)
    years = {y["fy"]: y for y in report["fiscal_years"]}
    assert set(years) == {2026, 2027, 2028}
    assert years[2026]["envelope_usd"] == "1000" and years[2026]["committed_usd"] == "600"
    assert years[2026]["headroom_usd"] == "400"
    assert years[2026]["by_institution"]["IBRD"] == {
        "institution": "IBRD",
        "envelope_usd": "700",
        "committed_usd": "600",
        "pipeline_usd": "0",
        "headroom_usd": "100",
        "covered": True,
    }
    assert years[2027]["committed_usd"] == "200" and years[2027]["pipeline_usd"] == "250"
    assert years[2028]["envelope_usd"] is None and years[2028]["headroom_usd"] is None


def test_envelope_table(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "envelope", "xx-demo", "--as-of", "2027-06-30")
    assert code == 0
    labels = [line.split()[1] for line in out.splitlines() if line.startswith("│ ") and line.split()[1] != "│"]
    assert labels == ["FY26", "FY27", "FY28", "total"]


def test_report_clr_json_interface(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "report", "clr", "xx-demo", "--as-of", "2027-12-31", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["own_operations"] == 2 and summary["own_commitments_usd"] == "800"
    results = {r["indicator"]: r for r in summary["results"]}
    access = results["People with improved access"]
    assert access["value"] == "250" and access["unit"] == "people" and access["projects"] == ["P1", "P2"]
    assert access["sources"][0] == "https://example.org/press" and "survey" in access["sources"]
    assert results["Travel time reduction"]["value"] == "67.5"


def test_report_clr_table(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "report", "clr", "xx-demo", "--as-of", "2027-12-31")
    assert code == 0 and "2 own operations" in out and "250" in out and "sources:" in out


def test_errors_are_one_line_with_status_1(demo_store: Store) -> None:
    code, out, err = run(demo_store, "envelope", "nope")
    assert code == 1 and out == ""
    assert err.strip() == "error: no programme with id 'nope'; programmes in the database: xx-demo"
    code, _, err = run(demo_store, "project", "P404")
    assert code == 1 and "no project with id 'P404'" in err
    code, _, err = run(demo_store, "envelope", "xx-demo", "--as-of", "yesterday")
    assert code == 2 and "not a date" in err


def test_database_from_the_environment(demo_store: Store, tmp_path: Path) -> None:
    result = runner.invoke(app, ["programmes", "--json"], env={"CPFKIT_DB": demo_store.url})
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["id"] == "xx-demo"


def test_init_on_an_empty_database_loads_the_embedded_programmes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = runner.invoke(app, ["--db", url, "init", "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["loaded"] == ["kz-2020-2025", "kz-2026-2031"]
    second = runner.invoke(app, ["--db", url, "init", "--json"])
    assert json.loads(second.stdout)["loaded"] == []


def test_read_commands_prepare_a_new_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = runner.invoke(app, ["--db", url, "programmes", "--json"])
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(result.stdout)] == ["kz-2020-2025", "kz-2026-2031"]
    empty = runner.invoke(
        app, ["--db", f"sqlite:///{tmp_path / 'bare.db'}", "programmes", "--json"], env={"CPFKIT_AUTOLOAD": "0"}
    )
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []
