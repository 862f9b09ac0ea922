"""What ends with time, on a pinned clock: a session after CPFKIT_SESSION_HOURS, a token at its expiry, a lockout."""

from __future__ import annotations

from datetime import datetime, timedelta

from cpfkit import clock
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.workplace import accounts
from tests.api.conftest import PASSWORD, SETUP, make_team

_SECOND = timedelta(seconds=1)


def test_a_session_ends_after_the_session_hours(demo_store: Store, frozen_clock: datetime) -> None:
    team = make_team(demo_store, Settings(cookie_secure="false", demo_users=False, session_hours=2))
    client = team.client()
    signed = client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD})
    assert signed.status_code == 200
    assert signed.json()["expires_at"] == "2026-11-02T11:00:00Z"
    clock.advance(timedelta(hours=2) - _SECOND)
    assert client.get("/api/auth/me").json()["via"] == "web"  # one second before the end
    clock.advance(_SECOND)
    assert client.get("/api/auth/me").status_code == 401  # the end: the cookie no longer signs in
    assert client.get("/programmes/xx-demo/risk").status_code == 200  # reading on, as anonymous
    again = client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD})
    assert again.status_code == 200 and again.json()["expires_at"] == "2026-11-02T13:00:00Z"


def test_a_token_stops_working_at_its_expiry(demo_store: Store, frozen_clock: datetime) -> None:
    team = make_team(demo_store)
    token, record = accounts.create_token(demo_store, "ed", "a week", SETUP, days=7)
    assert record.expires_at == frozen_clock + timedelta(days=7)
    script = team.client()
    script.headers["Authorization"] = f"Bearer {token}"
    clock.advance(timedelta(days=7) - _SECOND)
    assert script.get("/api/auth/me").json()["name"] == "ed"
    clock.advance(_SECOND)
    refused = script.get("/api/auth/me")
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]
    assert script.get("/api/programmes").status_code == 401  # a wrong token is refused, never read as anonymous


def test_a_locked_name_may_sign_in_again_after_the_lockout_window(demo_store: Store, frozen_clock: datetime) -> None:
    settings = Settings(cookie_secure="false", demo_users=False, login_max_failures=3, login_lockout_minutes=10)
    team = make_team(demo_store, settings)
    client = team.client()
    for _ in range(3):
        assert client.post("/api/auth/login", json={"name": "ed", "password": "wrong-guess"}).status_code == 401
    locked = client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD})
    assert locked.status_code == 429 and locked.headers["Retry-After"] == str(10 * 60 + 1)
    clock.advance(timedelta(minutes=10) - _SECOND)
    still = client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD})
    assert still.status_code == 429 and still.headers["Retry-After"] == "2"
    clock.advance(_SECOND)  # the window's last second: failures at its start still count
    assert client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD}).status_code == 429
    clock.advance(_SECOND)  # Retry-After has passed: the window is over
    assert client.post("/api/auth/login", json={"name": "ed", "password": PASSWORD}).status_code == 200
