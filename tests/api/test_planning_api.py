"""The planning routes answer with the same JSON as the CLI, and problem+json when a constraint is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.api.app import create_app
from cpfkit.cli import app
from cpfkit.services import programmes as services
from cpfkit.store import Store

# Planning starts from today: the tests plan on one fixed day.
pytestmark = pytest.mark.usefixtures("frozen_clock")

PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"


def client(store: Store) -> TestClient:
    services.load_folders(store, [PLAN])
    return TestClient(create_app(store))


def test_plan_route_gives_the_cli_json(sqlite_store: Store, tmp_path: Path) -> None:
    api = client(sqlite_store)
    body = {"envelope_per_fy_usd": 450_000_000, "must_include": ["R2"], "objective": {"economic_test": False}}
    response = api.post("/api/programmes/xx-plan/plan?as_of=2026-11-01", json=body)
    assert response.status_code == 200
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(body))  # JSON is YAML
    result = CliRunner().invoke(
        app,
        [
            "--db",
            sqlite_store.url,
            "plan",
            "xx-plan",
            "--as-of",
            "2026-11-01",
            "--constraints",
            str(scenario),
            "--json",
        ],
    )
    cli = json.loads(result.stdout)
    got = response.json()
    for report in (got, cli):
        report["solver"].pop("seconds")
        report["settings"].pop("description", None)
    assert got == cli
    assert got["status"] == "optimal" and "R2" in {s["project"] for s in got["selected"]}


def test_plan_route_without_a_body_uses_the_programme(sqlite_store: Store) -> None:
    response = client(sqlite_store).post("/api/programmes/xx-plan/plan?as_of=2026-11-01&marginals=false")
    assert response.status_code == 200
    assert {y["envelope_usd"] for y in response.json()["fiscal_years"]} == {"500000000"}


def test_plan_route_problems(sqlite_store: Store) -> None:
    api = client(sqlite_store)
    wrong = api.post("/api/programmes/xx-plan/plan", json={"priority_areas": {"PA9": {"min_share": 0.1}}})
    assert wrong.status_code == 422 and wrong.headers["content-type"] == "application/problem+json"
    assert wrong.json()["field"] == "priority_areas.PA9"
    malformed = api.post("/api/programmes/xx-plan/plan", json={"priority_areas": {"PA1": {"min_share": 2}}})
    assert malformed.status_code == 422 and malformed.json()["field"] == "priority_areas.PA1.min_share"
    missing = api.post("/api/programmes/nope/plan", json={})
    assert missing.status_code == 404


def test_infeasible_plan_is_a_result_not_an_error(sqlite_store: Store) -> None:
    body = {"must_include": ["R2"], "windows": {"R2": {"latest_fy": 2028}}, "envelope": [{"fy": 2028, "total_usd": 1}]}
    response = client(sqlite_store).post("/api/programmes/xx-plan/plan?as_of=2026-11-01", json=body)
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "infeasible" and report["conflicts"]


def test_appraisal_route(sqlite_store: Store) -> None:
    api = client(sqlite_store)
    response = api.get("/api/projects/R1/appraisal")
    assert response.status_code == 200
    body = response.json()
    assert body["npv_usd"] == "130.28" and body["rate_of_return"]["status"] == "one" and len(body["flows"]) == 22
    assert api.get("/api/projects/R1/appraisal?programme=xx-plan").status_code == 200
    assert api.get("/api/projects/A0/appraisal").status_code == 404
    assert api.get("/api/projects/R1/appraisal?programme=other").status_code == 404


def test_routes_are_documented(sqlite_store: Store) -> None:
    paths = client(sqlite_store).get("/api/openapi.json").json()["paths"]
    assert "post" in paths["/api/programmes/{programme_id}/plan"]
    assert "get" in paths["/api/projects/{project_id}/appraisal"]
