"""``cpfkit appraise`` and ``cpfkit plan`` on the planning test programme."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.services import programmes as services
from cpfkit.store import Store

# Planning starts from today: the tests plan on one fixed day.
pytestmark = pytest.mark.usefixtures("frozen_clock")

runner = CliRunner()
PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
AS_OF = "2026-11-01"


@pytest.fixture
def plan_store(empty_store: Store) -> Store:
    services.load_folders(empty_store, [PLAN])
    return empty_store


def standalone(html: str) -> bool:
    """Plotly is inlined from the installed package; nothing is fetched from elsewhere (no script or style URL)."""
    head = html.split("<script>", 1)[0]
    return (
        len(html) > 1_000_000
        and "<script src=" not in html
        and "<link " not in head
        and "Plotly.newPlot" in html
        and html.count("<script>") == 2
    )


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_appraise_one_operation(plan_store: Store) -> None:
    code, out, _ = run(plan_store, "appraise", "R1", "--json")
    assert code == 0
    a = json.loads(out)
    assert a["project"] == "R1" and a["npv_usd"] == "130.28" and round(Decimal(a["eirr"]), 4) == Decimal("0.1284")
    assert a["discount_rate"]["rate"] == "0.06" and a["discount_rate"]["origin"] == "programme xx-plan"
    assert a["rate_of_return"]["status"] == "one"
    code, out, _ = run(plan_store, "appraise", "R1")
    assert (
        code == 0
        and "NPV US$0.0M" in out
        and "EIRR 12.8%" in out
        and "EIRR 12.84%" not in out
        and "1-year delay" in out
    )


def test_appraise_programme_lists_every_appraised_operation(plan_store: Store) -> None:
    code, out, _ = run(plan_store, "appraise", "--programme", "xx-plan", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["project"] for r in rows] == ["R1", "W1"]
    for r in rows:
        assert {"project", "npv_usd", "eirr", "bcr", "switching_values", "sensitivities"} <= set(r)
    assert Decimal(rows[1]["npv_usd"]) < 0
    code, out, _ = run(plan_store, "appraise", "--programme", "xx-plan")
    assert code == 0 and "R1" in out and "W1" in out


def test_appraise_errors(plan_store: Store) -> None:
    code, _, err = run(plan_store, "appraise", "A0")
    assert code == 1 and "no appraisal with id 'A0'" in err
    code, _, err = run(plan_store, "appraise")
    assert code == 1 and "--programme" in err
    code, _, err = run(plan_store, "appraise", "ZZ")
    assert code == 1 and "no project with id 'ZZ'" in err


def test_appraisal_report_is_standalone_html(plan_store: Store, tmp_path: Path) -> None:
    out_file = tmp_path / "r1.html"
    code, _, _ = run(plan_store, "appraise", "R1", "-o", str(out_file))
    assert code == 0
    html = out_file.read_text()
    assert standalone(html)
    found = ["Sensitivities" in html, "12.8%" in html and "12.84%" not in html, "Plotly.newPlot" in html]
    assert found == [True, True, True]


def test_plan_json_interface(plan_store: Store) -> None:
    code, out, _ = run(plan_store, "plan", "xx-plan", "--as-of", AS_OF, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["status"] == "optimal"
    assert {"status", "objective", "selected", "fiscal_years", "duals", "greedy_objective"} <= set(report)
    assert all({"project", "fy"} <= set(s) for s in report["selected"])
    assert all({"fy", "envelope_usd", "committed_usd"} <= set(y) for y in report["fiscal_years"])
    plan = {s["project"]: s["fy"] for s in report["selected"]}
    # W1 fails the economic test (NPV < 0); R1 does not fit FY27's IBRD room (400 - 200 approved), so FY28,
    # which pushes R2 to FY29; F1 is worth the same in every year and takes the earliest
    assert plan == {"F1": 2027, "R1": 2028, "R2": 2029}
    fy27 = next(y for y in report["fiscal_years"] if y["fy"] == 2027)
    assert Decimal(fy27["committed_usd"]) == 200_000_000 + sum(
        Decimal(s["cost_usd"]) for s in report["selected"] if s["fy"] == 2027
    )
    assert report["objective"] >= report["greedy_objective"]


def test_plan_with_a_smaller_envelope_and_constraints(plan_store: Store, tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("must_include: [R2]\nobjective: {economic_test: false}\n")
    code, out, _ = run(
        plan_store,
        "plan",
        "xx-plan",
        "--as-of",
        AS_OF,
        "--envelope-per-fy",
        "450",
        "--constraints",
        str(scenario),
        "--json",
    )
    assert code == 0
    report = json.loads(out)
    assert {y["envelope_usd"] for y in report["fiscal_years"]} == {"450000000"}
    assert {y["by_institution"][0]["envelope_usd"] for y in report["fiscal_years"]} == {"360000000"}
    assert "R2" in {s["project"] for s in report["selected"]}
    assert report["settings"]["envelope_per_fy_usd"] == "450000000"


def test_plan_for_people(plan_store: Store) -> None:
    code, out, _ = run(plan_store, "plan", "xx-plan", "--as-of", AS_OF)
    assert code == 0 and "optimal plan" in out and "Envelope use" in out and "greedy baseline" in out
    assert "W1: fails the economic test" in out


def test_infeasible_plan_lists_the_conflict_and_exits_2(plan_store: Store, tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "must_include: [R2]\nwindows:\n  R2: {latest_fy: 2028}\nenvelope:\n  - {fy: 2028, total_usd: 100000000}\n"
    )
    code, out, err = run(plan_store, "plan", "xx-plan", "--as-of", AS_OF, "--constraints", str(scenario))
    assert code == 2 and "Traceback" not in out + err
    assert "constraints in conflict" in out and "R2 must be included" in out and "R2 only in FY28" in out
    code, out, _ = run(plan_store, "plan", "xx-plan", "--as-of", AS_OF, "--constraints", str(scenario), "--json")
    report = json.loads(out)
    assert code == 2 and report["status"] == "infeasible" and report["selected"] == []
    keys = {c["constraint"] for c in report["conflicts"]}
    assert {"include:R2", "window:R2"} < keys and keys & {"envelope:2028", "institution:2028:IBRD"}


def test_bad_constraints_file_is_one_line(plan_store: Store, tmp_path: Path) -> None:
    scenario = tmp_path / "bad.yaml"
    scenario.write_text("priority_areas:\n  PA1: {min_share: 3}\n")
    code, out, err = run(plan_store, "plan", "xx-plan", "--constraints", str(scenario))
    assert code == 1 and out == ""
    assert str(scenario) in err and "priority_areas.PA1.min_share" in err and len(err.strip().splitlines()) == 1
    scenario.write_text("must_include: [NOPE]\n")
    code, _, err = run(plan_store, "plan", "xx-plan", "--constraints", str(scenario))
    assert code == 1 and "must_include.0" in err and "no operation NOPE" in err


def test_plan_exports_to_excel_and_html(plan_store: Store, tmp_path: Path) -> None:
    xlsx = tmp_path / "plan.xlsx"
    code, _, err = run(plan_store, "plan", "xx-plan", "--as-of", AS_OF, "-o", str(xlsx))
    assert code == 0 and "wrote" in err
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "Plan", "Fiscal years", "Constraints", "Indicators", "Not selected"]
    plan_rows = list(wb["Plan"].iter_rows(values_only=True))
    assert plan_rows[0][:2] == ("fiscal year", "operation") and len(plan_rows) > 1
    html = tmp_path / "plan.html"
    code, _, _ = run(plan_store, "plan", "xx-plan", "--as-of", AS_OF, "-o", str(html))
    text = html.read_text()
    assert code == 0 and standalone(text)
    assert ["Envelope use by fiscal year" in text, "Not financed" in text] == [True, True]
    code, _, _ = run(plan_store, "plan", "xx-plan", "-o", str(tmp_path / "plan.pdf"))
    assert code == 2
