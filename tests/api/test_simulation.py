"""``GET /api/programmes/{id}/simulation``: the same answer as ``cpfkit simulate --json``, and problem+json errors."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.services.simulation import DEFAULT_SEED
from cpfkit.store import Store

PARAMS = {"runs": 1500, "seed": 9, "as_of": "2026-11-25"}


def test_simulation_matches_the_cli(api: TestClient, embedded_store: Store) -> None:
    response = api.get("/api/programmes/kz-2026-2031/simulation", params={**PARAMS, "scenario": "supply-chain"})
    assert response.status_code == 200
    body = response.json()
    cli = CliRunner().invoke(
        app,
        ["--db", embedded_store.url, "simulate", "kz-2026-2031", "--runs", "1500", "--seed", "9"]
        + ["--as-of", "2026-11-25", "--scenario", "supply-chain", "--json"],
    )
    assert cli.exit_code == 0
    assert body == json.loads(cli.stdout)
    assert body["runs"] == 1500 and body["seed"] == 9 and body["scenarios"][0]["name"] == "supply-chain"


def test_several_scenarios_and_the_list(api: TestClient) -> None:
    response = api.get(
        "/api/programmes/kz-2026-2031/simulation",
        params=[("runs", 300), ("seed", 1), ("scenario", "tenge-devaluation"), ("scenario", "commodity-price")],
    )
    assert [s["name"] for s in response.json()["scenarios"]] == ["tenge-devaluation", "commodity-price"]
    listed = api.get("/api/programmes/kz-2026-2031/scenarios").json()
    assert len(listed) == 4 and listed[0]["shocks"]


def test_errors_are_problem_json(api: TestClient) -> None:
    for params, status, field in (
        ({"runs": 0}, 422, "runs"),
        ({"runs": 10, "seed": -1}, 422, "seed"),
        ({"runs": 10, "seed": "abc"}, 422, "seed"),
        ({"runs": 10, "seed": "4294967296"}, 422, "seed"),
        ({"runs": 10, "scenario": "../../../etc/passwd"}, 422, None),
        ({"runs": 10, "scenario": "/etc/hostname"}, 422, None),
    ):
        response = api.get("/api/programmes/kz-2026-2031/simulation", params=params)
        assert response.status_code == status, params
        assert response.headers["content-type"] == "application/problem+json"
        if field:
            assert response.json()["field"] == field
    missing = api.get("/api/programmes/nope/simulation", params={"runs": 10})
    assert missing.status_code == 404
    assert api.get("/api/programmes/nope/scenarios").status_code == 404


def test_the_default_seed_is_the_cli_s_and_random_is_a_fresh_draw(api: TestClient, embedded_store: Store) -> None:
    url = "/api/programmes/kz-2026-2031/simulation"
    params = {"runs": 300, "as_of": "2026-11-25"}
    default = api.get(url, params=params).json()
    assert default["seed"] == DEFAULT_SEED and api.get(url, params=params).json() == default
    cli = CliRunner().invoke(
        app,
        ["--db", embedded_store.url, "simulate", "kz-2026-2031", "--runs", "300", "--as-of", "2026-11-25", "--json"],
    )
    assert cli.exit_code == 0 and json.loads(cli.stdout) == default
    fresh = api.get(url, params={**params, "seed": "random"}).json()
    assert isinstance(fresh["seed"], int) and 0 <= fresh["seed"] <= 2**32 - 1
    assert api.get(url, params={**params, "seed": fresh["seed"]}).json() == fresh


def test_openapi_lists_the_routes(api: TestClient) -> None:
    paths = api.get("/api/openapi.json").json()["paths"]
    assert "/api/programmes/{programme_id}/simulation" in paths and "/api/programmes/{programme_id}/scenarios" in paths
