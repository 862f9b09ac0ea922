"""``/api/programmes/{id}/portfolio`` and the risk register over HTTP."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.store import Store
from tests.api.conftest import Team
from tests.api.test_records import snapshot


def test_the_portfolio_is_the_same_object_as_the_cli_prints(api: TestClient, embedded_store: Store) -> None:
    response = api.get("/api/programmes/kz-2020-2025/portfolio", params={"as_of": "2023-06-30"})
    assert response.status_code == 200
    result = CliRunner().invoke(
        app, ["--db", embedded_store.url, "portfolio", "kz-2020-2025", "--as-of", "2023-06-30", "--json"]
    )
    assert response.json() == json.loads(result.stdout)
    assert "/api/programmes/{programme_id}/portfolio" in api.get("/api/openapi.json").json()["paths"]


def test_portfolio_errors_are_problem_json(api: TestClient) -> None:
    missing = api.get("/api/programmes/xx-none/portfolio")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    bad = api.get("/api/programmes/kz-2020-2025/portfolio", params={"as_of": "2023-06-30", "fy": 2030})
    assert bad.status_code == 422 and bad.json()["field"] == "fy"
    worse = api.get("/api/programmes/kz-2020-2025/portfolio", params={"problem_threshold": 9})
    assert worse.status_code == 422


@pytest.mark.usefixtures("frozen_clock")
def test_the_risk_register(team: Team) -> None:
    client = team.client("ed")
    created = client.post(
        "/api/programmes/xx-demo/risks",
        json={
            "title": "Tenge falls",
            "rating": "High",
            "category": "macroeconomic",
            "factors": ["macroeconomic"],
            "owner": "Ministry of Finance",
        },
    )
    assert created.status_code == 201 and created.json()["code"] == "R1"
    assert client.get("/api/programmes/xx-demo/risks").json()[0]["owner"] == "Ministry of Finance"
    closed = client.post("/api/programmes/xx-demo/risks/R1/close", json={"on": "2026-12-01", "note": "hedged"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client.get("/api/programmes/xx-demo/risks").json() == []
    assert len(client.get("/api/programmes/xx-demo/risks", params={"all": True}).json()) == 1
    again = client.post("/api/programmes/xx-demo/risks/R1/close", json={})
    assert again.status_code == 422 and again.headers["content-type"] == "application/problem+json"
    full = {"title": "x", "rating": "High", "category": "fiduciary", "owner": "PIU"}
    unknown = client.post("/api/programmes/xx-demo/risks", json={**full, "rating": "Huge"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "rating"
    missing = client.post("/api/programmes/xx-none/risks", json=full)
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    trail = team.client("val").get("/api/audit", params={"entity": "risk"}).json()
    assert [(e["actor"], e["action"], e["programme"]) for e in reversed(trail)] == [
        ("ed", "create", "xx-demo"),
        ("ed", "update", "xx-demo"),
    ]
    assert trail[0]["before"] == {"status": "open", "closed": None, "closing_note": None}
    assert trail[0]["after"] == {"status": "closed", "closed": "2026-12-01", "closing_note": "hedged"}


@pytest.mark.usefixtures("frozen_clock")
def test_the_register_routes_need_an_editor_of_the_programme(team: Team) -> None:
    before = snapshot(team.store)
    body = {"title": "Tenge falls", "rating": "High", "category": "macroeconomic", "owner": "Ministry of Finance"}
    assert team.client().post("/api/programmes/xx-demo/risks", json=body).status_code == 401
    for who in ("val", "other"):
        refused = team.client(who).post("/api/programmes/xx-demo/risks", json=body)
        assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert snapshot(team.store) == before
    assert team.client("boss").post("/api/programmes/xx-demo/risks", json=body).status_code == 201
    for who in ("val", "other"):
        refused = team.client(who).post("/api/programmes/xx-demo/risks/R1/close", json={"on": "2026-12-01"})
        assert refused.status_code == 403
    [entry] = team.client("val").get("/api/risks", params={"programme": "xx-demo"}).json()
    assert entry["status"] == "open" and entry["version"] == 1


@pytest.mark.usefixtures("frozen_clock")
def test_closing_with_a_stale_version_changes_nothing(team: Team) -> None:
    client = team.client("ed")
    body = {"title": "Floods", "rating": "High", "category": "technical-design", "owner": "Roads Committee"}
    assert client.post("/api/programmes/xx-demo/risks", json=body).status_code == 201
    [entry] = client.get("/api/risks", params={"programme": "xx-demo"}).json()
    tag = client.get(f"/api/risks/{entry['id']}").headers["ETag"]
    changed = client.patch(f"/api/risks/{entry['id']}", json={"rating": "Substantial"}, headers={"If-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'
    before = snapshot(team.store)
    stale = client.post("/api/programmes/xx-demo/risks/R1/close", json={"on": "2026-12-01"}, headers={"If-Match": tag})
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    assert snapshot(team.store) == before
    fresh = client.post(
        "/api/programmes/xx-demo/risks/R1/close", json={"on": "2026-12-01"}, headers={"If-Match": '"2"'}
    )
    assert fresh.status_code == 200 and fresh.json()["rating"] == "Substantial"
