"""The plan's messages reach every interface: ``cpfkit plan`` (table and ``--json``), the API and the reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from cpfkit.api.app import create_app
from cpfkit.cli import app
from cpfkit.services import programmes as services
from cpfkit.store import Store

# Planning starts from today: the tests plan on one fixed day.
pytestmark = pytest.mark.usefixtures("frozen_clock")

runner = CliRunner()
PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
AS_OF = "2026-11-01"
KZ = "kz-2026-2031"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    services.load_folders(sqlite_store, [PLAN])
    return sqlite_store


def cli(store: Store, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", store.url, "plan", *args])
    return result.exit_code, result.stdout


def plan_json(store: Store, programme: str, *args: str) -> dict[str, Any]:
    code, out = cli(store, programme, "--no-marginals", "--json", *args)
    assert code == 0, out
    report: dict[str, Any] = json.loads(out)
    return report


def by_code(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["code"]: m for m in report["messages"]}


def test_cli_json_and_table_warn_of_a_year_already_beyond_its_share(store: Store) -> None:
    """US$100 million a year (IBRD US$80 million) against A0's US$200 million approved in FY27."""
    report = plan_json(store, "xx-plan", "--as-of", AS_OF, "--envelope-per-fy", "100")
    share = by_code(report)["existing_exceeds_share"]
    assert share["severity"] == "warning"
    assert share["params"] == {
        "fy": 2027,
        "institution": "IBRD",
        "existing_usd": "200000000",
        "share_usd": "80000000",
        "excess_usd": "120000000",
    }
    assert share["text"].startswith("FY27: IBRD commitments already approved (US$200.0 million) exceed IBRD's share")
    assert by_code(report)["existing_exceeds_envelope"]["params"]["excess_usd"] == "100000000"
    assert report["message"] == report["messages"][0]["text"]
    code, out = cli(store, "xx-plan", "--as-of", AS_OF, "--envelope-per-fy", "100", "--no-marginals")
    assert code == 0
    assert "warning: FY27: IBRD commitments already approved (US$200.0 million)" in " ".join(out.split())
    assert "[existing_exceeds_share]" in out


def test_cli_says_there_was_nothing_to_choose_and_shows_no_gain(store: Store) -> None:
    report = plan_json(store, "xx-plan", "--as-of", AS_OF, "--envelope-per-fy", "2000")
    first = report["messages"][0]
    assert first["code"] == "nothing_to_choose" and first["params"] == {"financed": 3, "candidates": 4}
    assert report["message"].startswith("nothing to choose: every candidate worth financing fits")
    assert report["objective"] == report["greedy_objective"]
    code, out = cli(store, "xx-plan", "--as-of", AS_OF, "--envelope-per-fy", "2000", "--no-marginals")
    assert code == 0 and "[nothing_to_choose]" in out and "· gain" not in out
    code, out = cli(store, "xx-plan", "--as-of", AS_OF, "--no-marginals")
    assert code == 0 and "optimal plan: 3 operations financed  [optimal]" in out and "· gain" in out
    assert "continuous (LP) relaxation" in " ".join(out.split())


def test_api_gives_the_same_messages_as_the_cli(store: Store) -> None:
    api = TestClient(create_app(store))
    response = api.post(
        f"/api/programmes/xx-plan/plan?as_of={AS_OF}&marginals=false", json={"envelope_per_fy_usd": 100_000_000}
    )
    assert response.status_code == 200
    messages = response.json()["messages"]
    assert messages == plan_json(store, "xx-plan", "--as-of", AS_OF, "--envelope-per-fy", "100")["messages"]
    assert [m["code"] for m in messages] == [
        "optimal",
        "existing_exceeds_envelope",
        "existing_exceeds_share",
        "duals_lp_relaxation",
    ]
    assert all(set(m) == {"code", "severity", "text", "params"} for m in messages)


def test_reports_carry_the_warnings(store: Store, tmp_path: Path) -> None:
    html, xlsx = tmp_path / "plan.html", tmp_path / "plan.xlsx"
    for out in (html, xlsx):
        code, _ = cli(store, "xx-plan", "--as-of", AS_OF, "--envelope-per-fy", "100", "--no-marginals", "-o", str(out))
        assert code == 0
    text = html.read_text()
    assert 'data-code="existing_exceeds_share"' in text and "IBRD&#39;s share of the FY27 envelope" in text
    assert 'data-code="duals_lp_relaxation"' in text
    rows = [r for r in load_workbook(xlsx)["Summary"].iter_rows(values_only=True) if str(r[0]).startswith("message")]
    share = next(r for r in rows if r[2] == "existing_exceeds_share")
    assert share[0] == "message (warning)" and share[1].startswith("FY27: IBRD commitments already approved")
    assert json.loads(share[3])["share_usd"] == "80000000"


def test_embedded_fy27_ibrd_approvals_exceed_a_us600_million_envelope_split(embedded_store: Store) -> None:
    """kz-2026-2031: FY27 IBRD approvals US$675 million; at US$600 million a year IBRD's 70% share is US$420 million."""
    report = plan_json(embedded_store, KZ, "--as-of", "2026-11-25", "--envelope-per-fy", "600")
    fy27 = next(y for y in report["fiscal_years"] if y["fy"] == 2027)
    ibrd = next(i for i in fy27["by_institution"] if i["institution"] == "IBRD")
    share = by_code(report)["existing_exceeds_share"]["params"]
    assert share == {
        "fy": 2027,
        "institution": "IBRD",
        "existing_usd": ibrd["existing_usd"],
        "share_usd": ibrd["envelope_usd"],
        "excess_usd": str(Decimal(ibrd["existing_usd"]) - Decimal(ibrd["envelope_usd"])),
    }
    assert (share["existing_usd"], share["share_usd"], share["excess_usd"]) == ("675000000", "420000000", "255000000")
    assert not any(p["fy"] == 2027 and p["institution"] == "IBRD" for p in report["selected"])


def test_embedded_default_plan_has_nothing_to_choose(embedded_store: Store) -> None:
    """With the programme's US$1 billion a year every candidate fits in its best year (IBRD FY27: 675 of 700)."""
    report = plan_json(embedded_store, KZ, "--as-of", "2026-11-25")
    assert [m["code"] for m in report["messages"] if m["severity"] == "warning"] == []
    first = report["messages"][0]
    assert first["code"] == "nothing_to_choose"
    assert first["params"]["financed"] == len(report["selected"]) and not report["not_selected"]
    assert report["messages"][-1]["code"] == "duals_nothing_to_buy"
