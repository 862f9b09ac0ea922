"""Accounts over HTTP: roles, sessions with CSRF protection, API tokens, throttling, closed reading."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cpfkit.settings import Settings
from cpfkit.store import Store
from tests.api.conftest import PASSWORD, Team, make_team


def _sign_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    response = client.post("/api/auth/login", json={"name": name, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    return token


def test_roles_decide_who_writes_what(team: Team) -> None:
    change = {"json": {"description": "x"}, "headers": {"If-Match": '"1"'}}
    assert team.client().patch("/api/projects/P1", **change).status_code == 401  # type: ignore[arg-type]
    viewer = team.client("val").patch("/api/projects/P1", **change)  # type: ignore[arg-type]
    assert viewer.status_code == 403 and "viewer" in viewer.json()["detail"]
    outsider = team.client("other").patch("/api/projects/P1", **change)  # type: ignore[arg-type]
    assert outsider.status_code == 403 and "not an editor of xx-demo" in outsider.json()["detail"]
    assert team.client("ed").patch("/api/projects/P1", **change).status_code == 200  # type: ignore[arg-type]
    assert team.client("val").get("/api/users").status_code == 403
    assert [u["name"] for u in team.client("boss").get("/api/users").json()] == ["boss", "ed", "other", "val"]


def test_a_session_cookie_is_httponly_samesite_and_needs_the_csrf_token(team: Team) -> None:
    client = team.client(base_url="https://cpfkit.example.org")
    response = client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert "cpfkit_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    csrf = response.json()["csrf_token"]
    assert response.json()["programmes"] == ["xx-demo"]
    me = client.get("/api/auth/me").json()
    assert me["name"] == "ed" and me["via"] == "web"
    forged = client.patch("/api/projects/P1", json={"description": "x"}, headers={"If-Match": '"1"'})
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    good = client.patch(
        "/api/projects/P1", json={"description": "x"}, headers={"If-Match": '"1"', "X-CSRF-Token": csrf}
    )
    assert good.status_code == 200
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401


def test_the_cookie_is_secure_except_on_plain_http_loopback(demo_store: Store) -> None:
    team = make_team(demo_store, Settings(demo_users=False))  # cookie_secure = auto
    remote = team.client(base_url="http://cpfkit.example.org").post(
        "/api/auth/login", json={"name": "ed", "password": PASSWORD}
    )
    assert "Secure" in remote.headers["set-cookie"]
    local = team.client(base_url="http://127.0.0.1:8000").post(
        "/api/auth/login", json={"name": "ed", "password": PASSWORD}
    )
    assert "Secure" not in local.headers["set-cookie"]


def test_api_tokens_are_made_listed_and_revoked(team: Team) -> None:
    ed = team.client("ed")
    made = ed.post("/api/auth/tokens", json={"name": "nightly import", "days": 30})
    assert made.status_code == 201
    token = made.json()["token"]
    assert token.startswith("cpfkit_") and made.json()["expires_at"] is not None
    listed = ed.get("/api/auth/tokens").json()
    assert {t["name"] for t in listed} == {"tests", "nightly import"}
    assert all("token" not in t and token not in str(t) for t in listed)
    script = team.client()
    script.headers["Authorization"] = f"Bearer {token}"
    assert script.get("/api/auth/me").json()["name"] == "ed"
    assert ed.post("/api/auth/tokens", json={"name": "for boss", "user": "boss"}).status_code == 403
    assert ed.delete(f"/api/auth/tokens/{made.json()['id']}").json()["revoked_at"] is not None
    refused = script.get("/api/auth/me")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert team.client().get("/api/projects", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_sign_ins_are_throttled_after_repeated_failures(team: Team) -> None:
    client = team.client()
    for _ in range(5):
        assert client.post("/api/auth/login", json={"name": "ed", "password": "wrong-guess"}).status_code == 401
    locked = client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert client.post("/api/auth/login", json={"name": "val", "password": PASSWORD}).status_code == 200


def test_reading_can_require_a_sign_in(demo_store: Store) -> None:
    team = make_team(demo_store, Settings(public_read=False, cookie_secure="false", demo_users=False))
    anonymous = team.client()
    assert anonymous.get("/api/programmes").status_code == 401
    page = anonymous.get("/programmes/xx-demo", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fprogrammes%2Fxx-demo"
    assert anonymous.get("/login").status_code == 200
    assert anonymous.get("/api/openapi.json").status_code == 200
    assert team.client("val").get("/api/programmes").status_code == 200


def test_signing_in_and_out_with_the_page(team: Team) -> None:
    client = team.client()
    form = client.get("/login", params={"next": "/programmes/xx-demo"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    without = client.post("/login", data={"name": "ed", "password": PASSWORD, "csrf_token": "forged"})
    assert without.status_code == 400 and "cpfkit_session" not in without.headers.get("set-cookie", "")
    token = re.search(r'name="csrf_token" value="([^"]+)"', without.text)  # each form has its own token
    assert token is not None
    wrong = client.post("/login", data={"name": "ed", "password": "nope-nope", "csrf_token": token.group(1)})
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', wrong.text)
    assert token is not None
    signed = client.post(
        "/login",
        data={"name": "ed", "password": PASSWORD, "csrf_token": token.group(1), "next": "/programmes/xx-demo"},
        follow_redirects=False,
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/programmes/xx-demo"
    page = client.get("/programmes/xx-demo").text
    assert 'class="user"' in page and ">ed <small>editor</small>" in page
    session_csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert session_csrf is not None
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    out = client.post("/logout", data={"csrf_token": session_csrf.group(1)}, follow_redirects=False)
    assert out.status_code == 303
    assert 'href="/login?next=' in client.get("/").text
    evil = client.get("/login", params={"next": "//evil.example.org/"})
    assert 'name="next" value="/"' in evil.text
    assert evil.headers["X-Frame-Options"] == "DENY" and evil.headers["X-Content-Type-Options"] == "nosniff"


def test_accounts_are_disabled_not_deleted_and_one_admin_always_remains(team: Team) -> None:
    admin = team.client("boss")
    client = team.client()
    _sign_in(client, "val")
    tag = admin.get("/api/users/val").headers["ETag"]
    disabled = admin.patch("/api/users/val", json={"active": False}, headers={"If-Match": tag})
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    assert client.get("/api/auth/me").status_code == 401  # its session ended
    assert team.client().post("/api/auth/login", json={"name": "val", "password": PASSWORD}).status_code == 401
    tag = admin.get("/api/users/boss").headers["ETag"]
    last = admin.patch("/api/users/boss", json={"role": "viewer"}, headers={"If-Match": tag})
    assert last.status_code == 409
    promoted = admin.post(
        "/api/users", json={"name": "nadia", "role": "editor", "password": "steppe-falcon-42", "programmes": ["nope"]}
    )
    assert promoted.status_code == 422 and promoted.json()["field"] == "programmes.0"
    trail = admin.get("/api/audit", params={"entity": "user", "id": "val"}).json()
    assert trail[0]["before"] == {"active": True} and trail[0]["after"] == {"active": False}
