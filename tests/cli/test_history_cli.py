"""``cpfkit history ID``: a record's history in words and formatted values, and as JSON; never raw dictionaries."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from cpfkit.store import Store
from tests.api.conftest import PASSWORD, Team, make_team
from tests.cli.test_accounts_cli import run


@pytest.fixture
def team(demo_store: Store) -> Team:
    return make_team(demo_store)


def _edit(team: Team) -> int:
    """An operation changed through the API, a transaction added and changed, a password changed."""
    ed = team.client("ed")
    tag = ed.get("/api/projects/P1").headers["ETag"]
    changed = ed.patch(
        "/api/projects/P1",
        json={
            "status": "closed",
            "dates": {"approval": "2024-01-15"},
            "commitment": {"amount": "1234567.25", "currency": "EUR"},
        },
        headers={"If-Match": tag},
    )
    assert changed.status_code == 200, changed.text
    made = ed.post(
        "/api/transactions",
        json={
            "project": "P1",
            "type": "disbursement",
            "date": "2026-03-01",
            "amount": {"amount": "5000.5", "currency": "USD"},
            "source": "ISR 2",
        },
    )
    assert made.status_code == 201, made.text
    tx = made.json()["id"]
    again = ed.patch(f"/api/transactions/{tx}", json={"type": "commitment"}, headers={"If-Match": '"1"'})
    assert again.status_code == 200
    admin = team.client("boss")
    tag = admin.get("/api/users/val").headers["ETag"]
    assert admin.patch("/api/users/val", json={"password": "steppe-falcon-42"}, headers={"If-Match": tag}).is_success
    return int(tx)


def test_the_history_of_an_operation_in_words(team: Team, frozen_clock: datetime) -> None:
    _edit(team)
    code, out, err = run(team.store, "history", "P1")
    assert code == 0, err
    assert "2026-11-02 09:00 UTC  ed via api: update project P1 (version 2)" in out
    assert "    Status: active → closed" in out
    assert "    Approval: 2025-09-01 → 2024-01-15" in out
    assert "    Commitment: 600 USD → 1,234,567.25 EUR" in out  # money as money, every digit kept
    assert "{" not in out and "'" not in out  # no raw dictionary anywhere


def test_the_history_as_json(team: Team, frozen_clock: datetime) -> None:
    tx = _edit(team)
    code, out, err = run(team.store, "history", str(tx), "--kind", "transaction", "--json")
    assert code == 0, err
    update, create = json.loads(out)
    assert set(update) == {"at", "actor", "via", "action", "entity", "id", "version", "changes"}
    assert (update["at"], update["actor"], update["via"], update["action"]) == (
        "2026-11-02T09:00:00+00:00",
        "ed",
        "api",
        "update",
    )
    assert update["changes"] == [
        {
            "field": "type",
            "label": "Type",
            "kind": "label",
            "old": "disbursement",
            "new": "commitment",
            "old_text": "Disbursement",
            "new_text": "Commitment",
        }
    ]
    amount = next(c for c in create["changes"] if c["field"] == "amount")
    assert amount["old"] is None and amount["new"] == {"amount": "5000.5", "currency": "USD"}
    assert amount["new_text"] == "5,000.5 USD" and amount["kind"] == "money"


def test_a_password_change_is_never_shown(team: Team) -> None:
    _edit(team)
    code, out, err = run(team.store, "history", "val", "--json")
    assert code == 0, err
    [change] = [c for e in json.loads(out) for c in e["changes"] if c["field"] == "password"]
    assert change["old"] is None and change["new"] is None and change["new_text"] == "(changed)"
    assert "steppe-falcon-42" not in out and PASSWORD not in out


def test_an_id_of_several_kinds_needs_the_kind(team: Team) -> None:
    tx = _edit(team)
    code, out, err = run(team.store, "history", str(tx))  # the transaction and a token share the number
    assert code == 1 and "--kind" in err and "transaction" in err and "token" in err
    code, out, err = run(team.store, "history", "P999")
    assert code == 1 and "no history of P999" in err


def test_the_history_of_a_demo_store_loaded_from_a_folder(demo_store: Store) -> None:
    code, out, err = run(demo_store, "history", "xx-demo")
    assert code == 0, err
    assert "load programme xx-demo" in out and "    Operations: 3\n" in out and "→" not in out
