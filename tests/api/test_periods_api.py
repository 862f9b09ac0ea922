"""Closed periods through the API: the resource, who may close and reopen, and the 409 of every dated write."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import Team

PERIODS = "/api/programmes/xx-demo/periods"
CLOSE = {"until": "2026-06-30", "reason": "FY26 reported"}


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def _names_the_period(problem: dict[str, Any]) -> None:
    detail = problem["detail"]
    assert "xx-demo" in detail and "2026-06-30" in detail and "boss" in detail and "FY26 reported" in detail, detail


def _closed(team: Team) -> TestClient:
    created = team.client("boss").post(f"{PERIODS}/close", json=CLOSE)
    assert created.status_code == 201, created.text
    return team.client("ed")


def _measurement(date: str, value: int = 5) -> dict[str, Any]:
    return {"programme": "xx-demo", "indicator": "I1", "project": "P2", "date": date, "value": value, "source": "s"}


def _transaction(date: str) -> dict[str, Any]:
    return {
        "project": "P1",
        "type": "disbursement",
        "date": date,
        "amount": {"amount": 5, "currency": "USD"},
        "source": "s",
    }


def test_only_administrators_close_and_reopen(team: Team) -> None:
    for who in ("ed", "val"):
        _problem(team.client(who).post(f"{PERIODS}/close", json=CLOSE), 403)
    assert team.client("val").get(PERIODS).json() == []
    _closed(team)
    _problem(team.client("ed").post(f"{PERIODS}/reopen", json={"reason": "typo"}), 403)
    [close] = team.client("val").get(PERIODS).json()
    assert close["until"] == "2026-06-30" and close["closed_by"] == "boss" and close["reopened_at"] is None
    reopened = team.client("boss").post(f"{PERIODS}/reopen", json={"reason": "a correction from the ministry"})
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["reopened_by"] == "boss"
    assert reopened.json()["reopen_reason"] == "a correction from the ministry"
    _problem(team.client("boss").post(f"{PERIODS}/reopen", json={"reason": "again"}), 409)


def test_a_close_moves_forward_only_and_the_history_is_newest_first(team: Team) -> None:
    boss = team.client("boss")
    assert boss.post(f"{PERIODS}/close", json={"until": "2026-03-31", "reason": "Q3"}).status_code == 201
    _problem(boss.post(f"{PERIODS}/close", json={"until": "2026-03-31", "reason": "again"}), 409)
    _problem(boss.post(f"{PERIODS}/close", json={"until": "2025-12-31", "reason": "back"}), 409)
    assert boss.post(f"{PERIODS}/close", json=CLOSE).status_code == 201
    newest, older = boss.get(PERIODS).json()
    assert newest["until"] == "2026-06-30" and newest["reopened_at"] is None
    assert older["until"] == "2026-03-31" and older["reopen_reason"] == "moved forward"
    _problem(boss.post(f"{PERIODS}/close", json={"until": "2099-12-31", "reason": "future"}), 422)
    _problem(boss.post("/api/programmes/nowhere/periods/close", json=CLOSE), 404)


def test_closing_and_reopening_are_audited(team: Team) -> None:
    _closed(team)
    team.client("boss").post(f"{PERIODS}/reopen", json={"reason": "correction"})
    entries = team.client("boss").get("/api/audit", params={"entity": "period"}).json()
    actions = sorted(e["action"] for e in entries)
    assert actions == ["create", "update"], entries
    assert all(e["actor"] == "boss" and e["programme"] == "xx-demo" for e in entries)


def test_dated_writes_into_a_closed_period_are_refused_with_409(team: Team) -> None:
    client = _closed(team)
    _names_the_period(_problem(client.post("/api/measurements", json=_measurement("2026-05-31")), 409))
    _names_the_period(_problem(client.post("/api/transactions", json=_transaction("2026-06-30")), 409))
    rating = {"project": "P1", "kind": "DO", "date": "2026-03-31", "rating": "S", "source": "s"}
    _names_the_period(_problem(client.post("/api/ratings", json=rating), 409))
    assert client.post("/api/measurements", json=_measurement("2026-07-01")).status_code == 201
    assert client.post("/api/transactions", json=_transaction("2026-07-01")).status_code == 201
    assert client.post("/api/ratings", json={**rating, "date": "2026-07-01"}).status_code == 201


def test_changing_deleting_or_moving_a_value_across_the_close_is_refused(team: Team) -> None:
    client = _closed(team)
    [inside] = [
        t for t in client.get("/api/transactions", params={"project": "P1"}).json() if t["date"] == "2026-01-15"
    ]
    path = f"/api/transactions/{inside['id']}"
    tag = {"If-Match": f'"{inside["version"]}"'}
    _problem(client.patch(path, json={"amount": {"amount": 101, "currency": "USD"}}, headers=tag), 409)
    _problem(client.patch(path, json={"date": "2026-08-01"}, headers=tag), 409)  # out of the period
    _problem(client.delete(path, headers=tag), 409)
    later = client.post("/api/measurements", json=_measurement("2026-09-30")).json()
    moved = client.patch(f"/api/measurements/{later['id']}", json={"date": "2026-06-01"}, headers={"If-Match": '"1"'})
    _names_the_period(_problem(moved, 409))  # into the period
    changed = client.patch(f"/api/measurements/{later['id']}", json={"value": 7}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200, changed.text
    assert client.get(path).json()["amount"]["amount"] == "100"
