"""``/api/programmes/{id}/portfolio`` and the risk register over HTTP."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.api.app import create_app
from cpfkit.cli import app
from cpfkit.store import Store


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


def test_the_risk_register(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
    created = client.post(
        "/api/programmes/xx-demo/risks",
        json={"title": "Tenge falls", "rating": "High", "factors": ["macroeconomic"], "owner": "Ministry of Finance"},
    )
    assert created.status_code == 201 and created.json()["code"] == "R1"
    assert client.get("/api/programmes/xx-demo/risks").json()[0]["owner"] == "Ministry of Finance"
    closed = client.post("/api/programmes/xx-demo/risks/R1/close", json={"on": "2026-12-01", "note": "hedged"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client.get("/api/programmes/xx-demo/risks").json() == []
    assert len(client.get("/api/programmes/xx-demo/risks", params={"all": True}).json()) == 1
    again = client.post("/api/programmes/xx-demo/risks/R1/close", json={})
    assert again.status_code == 422
    unknown = client.post("/api/programmes/xx-demo/risks", json={"title": "x", "rating": "Huge"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "rating"
