"""The JSON API and the first page, on the demo programme."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from cpfkit.store import Store
from tests.apps import app_on


@pytest.fixture
def client(demo_store: Store) -> TestClient:
    return TestClient(app_on(demo_store))


def test_programmes(client: TestClient) -> None:
    [row] = client.get("/api/programmes").json()
    assert row["id"] == "xx-demo" and row["own_commitments_usd"] == "800"


def test_programme_detail_holds_the_results_framework(client: TestClient) -> None:
    body = client.get("/api/programmes/xx-demo").json()
    assert body["summary"]["fiscal_years"] == "FY26–FY28"
    area = body["programme"]["priority_areas"][0]
    assert area["objectives"][0]["indicators"][0]["code"] == "I1"
    assert body["programme"]["envelope"][0]["total"] == {"amount": "1000", "currency": "USD"}


def test_projects_envelope_completion_and_project(client: TestClient) -> None:
    projects = client.get("/api/programmes/xx-demo/projects", params={"as_of": "2027-06-30"}).json()
    assert [p["id"] for p in projects] == ["P1", "P2", "P3"]
    envelope = client.get("/api/programmes/xx-demo/envelope", params={"as_of": "2027-06-30"}).json()
    assert envelope["fiscal_years"][0]["headroom_usd"] == "400"
    completion = client.get("/api/programmes/xx-demo/completion", params={"as_of": "2027-12-31"}).json()
    assert completion["own_operations"] == 2
    project = client.get("/api/projects/P1").json()
    assert project["project"]["commitment"] == {"amount": "600", "currency": "USD"}


def test_errors_are_problem_json(client: TestClient) -> None:
    missing = client.get("/api/programmes/nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["detail"] == "no programme with id 'nope'"
    bad = client.get("/api/programmes/xx-demo/envelope", params={"as_of": "soon"})
    assert bad.status_code == 422 and bad.json()["field"] == "as_of"
    assert client.get("/api/nothing-here").headers["content-type"] == "application/problem+json"
    wrong_method = client.delete("/api/programmes")
    assert wrong_method.status_code == 405 and wrong_method.headers["content-type"] == "application/problem+json"
    assert "GET" in wrong_method.headers["Allow"]  # the methods the resource does take


def test_openapi_document(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {
        "/api/programmes",
        "/api/programmes/{programme_id}",
        "/api/programmes/{programme_id}/projects",
        "/api/projects/{project_id}",
        "/api/programmes/{programme_id}/envelope",
    } <= set(doc["paths"])


def test_overview_page_shows_the_figures_and_loads_nothing_from_the_internet(client: TestClient) -> None:
    page = client.get("/programmes/xx-demo", params={"as_of": "2027-12-31"})
    assert page.status_code == 200
    html = page.text
    assert "Demonstration programme for tests" in html
    assert "People with improved access" in html and ">250<" in html
    assert 'id="chart-envelope"' in html and 'id="chart-areas"' in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert client.get("/static/plotly.min.js").status_code == 200


def test_index_page(client: TestClient) -> None:
    html = client.get("/").text
    assert 'href="/programmes/xx-demo"' in html
