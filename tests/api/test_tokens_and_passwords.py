"""Accounts that hold: tokens made with tokens, revocation of a token and its children, the password rule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from cpfkit import clock
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.tables_workplace import ApiTokenRow, AuditRow
from cpfkit.workplace import accounts
from cpfkit.workplace.passwords import WeakPassword
from tests.api.conftest import PASSWORD, SETUP, Team, make_team

STRONG = "steppe-falcon-42"


def _bearer(team: Team, token: str) -> TestClient:
    client = team.client()
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def _token_count(store: Store) -> int:
    with store.reader() as session:
        return len(session.scalars(select(ApiTokenRow.id)).all())


def test_a_token_cannot_make_a_token_that_outlives_it(team: Team, frozen_clock: datetime) -> None:
    ten_days, _ = accounts.create_token(team.store, "ed", "ten days", SETUP, days=10)
    script = team.client()
    script.headers["Authorization"] = f"Bearer {ten_days}"
    before = _token_count(team.store)
    for body in ({"name": "forever"}, {"name": "longer", "days": 11}):
        refused = script.post("/api/auth/tokens", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        problem = refused.json()
        assert problem["field"] == "days" and "cannot outlive it" in problem["detail"]
        assert "at most 10" in problem["detail"]
    assert _token_count(team.store) == before  # nothing stored
    child = script.post("/api/auth/tokens", json={"name": "job", "days": 10})
    assert child.status_code == 201
    made = child.json()
    assert made["parent"] is not None and made["expires_at"] == "2026-11-12T09:00:00Z"
    # the same rule one level down: the child's child is bounded by the child
    grandchild = _bearer(team, made["token"]).post("/api/auth/tokens", json={"name": "step", "days": 11})
    assert grandchild.status_code == 422 and grandchild.json()["field"] == "days"


def test_a_token_expiring_within_a_day_can_make_no_token(team: Team, frozen_clock: datetime) -> None:
    one_day, _ = accounts.create_token(team.store, "ed", "a day", SETUP, days=1)
    clock.advance(timedelta(hours=2))
    script = team.client()
    script.headers["Authorization"] = f"Bearer {one_day}"
    refused = script.post("/api/auth/tokens", json={"name": "job", "days": 1})
    assert refused.status_code == 422 and "less than a day" in refused.json()["detail"]


def test_a_token_that_never_expires_may_make_one_that_never_expires(team: Team) -> None:
    made = team.client("ed").post("/api/auth/tokens", json={"name": "job"})
    assert made.status_code == 201 and made.json()["expires_at"] is None and made.json()["parent"] is not None
    # a signed-in person's token (or one made at the command line) has no parent
    assert accounts.create_token(team.store, "ed", "cli", SETUP)[1].parent is None


def test_revoking_a_token_revokes_every_token_made_with_it(team: Team) -> None:
    parent, parent_record = accounts.create_token(team.store, "boss", "parent", SETUP)
    admin = team.client()
    admin.headers["Authorization"] = f"Bearer {parent}"
    child = admin.post("/api/auth/tokens", json={"name": "child", "user": "ed"}).json()
    grandchild = _bearer(team, child["token"]).post("/api/auth/tokens", json={"name": "grandchild"}).json()
    sibling, _ = accounts.create_token(team.store, "boss", "unrelated", SETUP)
    for token in (child["token"], grandchild["token"]):
        assert _bearer(team, token).get("/api/auth/me").status_code == 200
    revoked = team.client("boss").delete(f"/api/auth/tokens/{parent_record.id}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    for token in (parent, child["token"], grandchild["token"]):
        assert _bearer(team, token).get("/api/auth/me").status_code == 401
    assert _bearer(team, sibling).get("/api/auth/me").status_code == 200
    listed = {t["id"]: t for t in team.client("boss").get("/api/auth/tokens").json()}
    assert listed[child["id"]]["revoked_at"] is not None and listed[grandchild["id"]]["revoked_at"] is not None
    with team.store.reader() as session:
        trail = [
            (e.entity_id, (e.after or {}).get("revoked_with"))
            for e in session.scalars(select(AuditRow).where(AuditRow.action == "revoke").order_by(AuditRow.id))
        ]
    assert trail == [
        (str(parent_record.id), None),
        (str(child["id"]), parent_record.id),
        (str(grandchild["id"]), parent_record.id),
    ]


def test_a_child_stops_working_when_its_parent_is_revoked_by_any_means(team: Team) -> None:
    parent, parent_record = accounts.create_token(team.store, "ed", "parent", SETUP)
    child = _bearer(team, parent).post("/api/auth/tokens", json={"name": "child"}).json()
    with team.store.transaction() as session:  # as a restore of an old backup, or a hand edit, might do
        session.execute(update(ApiTokenRow).where(ApiTokenRow.id == parent_record.id).values(revoked_at=clock.now()))
    assert _bearer(team, child["token"]).get("/api/auth/me").status_code == 401
    assert _bearer(team, child["token"]).post("/api/auth/tokens", json={"name": "x"}).status_code == 401


def test_the_command_line_revokes_the_children_too(team: Team) -> None:
    from tests.cli.test_accounts_cli import run

    parent, record = accounts.create_token(team.store, "ed", "parent", SETUP)
    child = _bearer(team, parent).post("/api/auth/tokens", json={"name": "child"}).json()
    code, out, err = run(team.store, "token", "revoke", str(record.id))
    assert code == 0, err
    assert f"token {child['id']} of ed revoked with it" in out
    assert _bearer(team, child["token"]).get("/api/auth/me").status_code == 401


# -- passwords ------------------------------------------------------------------------------------

WEAK = {
    "short": ("ab-12-cd", "at least 12 characters"),
    "common": ("1qaz2wsx3edc", "most common passwords"),
    "the name": ("Nadia.Almaty", "account's name"),
    "a pattern": ("passwordpassword", "too easy to guess"),
    "the demo password": ("Astana-Demo-2031", "demo password"),
}


def test_the_api_refuses_weak_passwords_and_stores_nothing(demo_store: Store) -> None:
    team = make_team(demo_store, Settings(cookie_secure="false", demo_users=False, demo_password="astana-demo-2031"))
    admin = team.client("boss")
    for why, (password, reason) in WEAK.items():
        body = {"name": "nadia.almaty", "role": "viewer", "password": password}
        refused = admin.post("/api/users", json=body)
        assert refused.status_code == 422, why
        assert refused.json()["field"] == "password" and reason in refused.json()["detail"], why
        assert password not in refused.text, why  # the password is never repeated back
    assert admin.get("/api/users/nadia.almaty").status_code == 404
    assert admin.get("/api/audit", params={"entity": "user", "id": "nadia.almaty"}).json() == []
    tag = admin.get("/api/users/val").headers["ETag"]
    for password in ("cpfkit-demo", "astana-demo-2031", "VAL" + "-" * 9, "qwertyuiop123"):
        refused = admin.patch("/api/users/val", json={"password": password}, headers={"If-Match": tag})
        assert refused.status_code == 422 and refused.json()["field"] == "password", password
    assert admin.get("/api/users/val").headers["ETag"] == tag  # not changed
    assert team.client().post("/api/auth/login", json={"name": "val", "password": PASSWORD}).status_code == 200
    good = admin.patch("/api/users/val", json={"password": STRONG}, headers={"If-Match": tag})
    assert good.status_code == 200


def test_the_command_line_refuses_weak_passwords_and_stores_nothing(demo_store: Store) -> None:
    from tests.cli.test_accounts_cli import run

    env = {"CPFKIT_DEMO_PASSWORD": "astana-demo-2031"}
    for why, (password, reason) in WEAK.items():
        code, out, err = run(demo_store, "user", "add", "nadia.almaty", env={**env, "CPFKIT_USER_PASSWORD": password})
        assert code == 1 and "field password" in err and reason in err, why
        assert password not in out + err, why
    assert accounts.list_users(demo_store) == []
    code, _, err = run(demo_store, "user", "add", "nadia.almaty", env={**env, "CPFKIT_USER_PASSWORD": STRONG})
    assert code == 0, err
    version = accounts.get_user(demo_store, "nadia.almaty").version
    code, _, err = run(demo_store, "user", "password", "nadia.almaty", env={"CPFKIT_USER_PASSWORD": "cpfkit-demo"})
    assert code == 1 and "field password" in err
    assert accounts.get_user(demo_store, "nadia.almaty").version == version
    signed = accounts.sign_in(demo_store, "nadia.almaty", STRONG, "127.0.0.1", Settings())
    assert signed.principal.name == "nadia.almaty"


def test_the_demo_accounts_keep_the_demo_password_but_nobody_may_set_it(empty_store: Store) -> None:
    settings = Settings(demo_password="astana-demo-2031")
    made = accounts.create_demo_users(empty_store, settings)
    assert [u.name for u in made] == ["admin", "editor", "viewer"] and all(u.demo for u in made)
    assert accounts.sign_in(empty_store, "editor", "astana-demo-2031", "127.0.0.1", settings).principal.name
    version = accounts.get_user(empty_store, "editor").version
    for password in ("astana-demo-2031", "cpfkit-demo"):
        change = accounts.UserUpdate(password=password)
        with pytest.raises(WeakPassword) as refused:
            accounts.update_user(empty_store, "editor", change, version, SETUP, settings=settings)
        assert refused.value.field == "password"
    assert accounts.get_user(empty_store, "editor").demo  # still the demo account, on the demo password
