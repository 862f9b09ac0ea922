"""Signing in and out of the pages: sessions, and the throttling of failed sign-ins.

Session tokens are kept as their SHA-256 (they are long random strings, so a
fast hash is enough and lookups stay cheap); the password as its Argon2id hash.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cpfkit.errors import NotAuthenticated, Throttled
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import as_utc, now
from cpfkit.store.tables_workplace import LoginFailureRow, UserRow, WebSessionRow
from cpfkit.workplace.hashing import dummy_hash, hash_password, needs_rehash, verify_password
from cpfkit.workplace.principals import digest as _digest
from cpfkit.workplace.principals import principal_of as _principal
from cpfkit.workplace.roles import Principal

__all__ = ["SignIn", "principal_for_session", "sign_in", "sign_out"]


@dataclass(frozen=True)
class SignIn:
    """A new browser session: the cookie's token, the CSRF token of its forms, and who signed in."""

    token: str
    csrf_token: str
    expires_at: datetime
    principal: Principal


def _throttle(session: Session, name: str, address: str, settings: Settings, at: datetime) -> None:
    window = timedelta(minutes=settings.login_lockout_minutes)
    since = at - window
    for column, value, limit in (
        (LoginFailureRow.name, name, settings.login_max_failures),
        (LoginFailureRow.address, address, settings.login_max_failures * 4),
    ):
        count, oldest = session.execute(
            select(func.count(), func.min(LoginFailureRow.at)).where(column == value, LoginFailureRow.at >= since)
        ).one()
        if count >= limit:
            retry = max(1, int(((as_utc(oldest) or at) + window - at).total_seconds()) + 1)
            raise Throttled(f"too many failed sign-ins; try again in {retry} seconds", retry_after=retry)


def sign_in(store: Store, name: str, password: str, address: str, settings: Settings) -> SignIn:
    """Check a name and password and open a session.

    After ``login_max_failures`` failures for one name (or four times as many
    from one address) within ``login_lockout_minutes``, sign-ins are refused
    until the window has passed, even with the right password.

    Raises:
        Throttled: too many recent failures.
        NotAuthenticated: wrong name or password, or a disabled account.
    """
    key = name.strip().lower()[:64]
    address = address[:64]
    at = now()
    with store.transaction() as session:
        _throttle(session, key, address, settings, at)
        row = session.scalar(select(UserRow).where(UserRow.name == key))
        good = verify_password(row.password_hash if row else dummy_hash(), password)
        if row is None or not good or not row.active:
            session.add(LoginFailureRow(name=key, address=address, at=at))
            window = at - timedelta(minutes=settings.login_lockout_minutes)
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < window))
            failed = True
        else:
            failed = False
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.name == key))
            session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < at))
            if needs_rehash(row.password_hash):
                row.password_hash = hash_password(password)
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            expires = at + timedelta(hours=settings.session_hours)
            session.add(WebSessionRow(user_id=row.id, token_hash=_digest(token), csrf_token=csrf, expires_at=expires))
            principal = _principal(session, row, "web", csrf)
    if failed:
        raise NotAuthenticated("wrong name or password")
    return SignIn(token, csrf, expires, principal)


def sign_out(store: Store, token: str) -> None:
    """Close a session (nothing happens if it is unknown)."""
    with store.transaction() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _digest(token)))


def principal_for_session(store: Store, token: str) -> Principal | None:
    """Who holds a session cookie, if the session is open and the account active."""
    with store.reader() as session:
        found = session.execute(
            select(UserRow, WebSessionRow.csrf_token)
            .join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
            .where(WebSessionRow.token_hash == _digest(token), WebSessionRow.expires_at > now(), UserRow.active)
        ).first()
        if found is None:
            return None
        return _principal(session, found[0], "web", found[1])
