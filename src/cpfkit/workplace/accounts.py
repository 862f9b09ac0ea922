"""Accounts: users and their roles, passwords (Argon2), sign-in sessions, API tokens and login throttling.

Secrets are never stored: passwords as Argon2id hashes, session and API
tokens as their SHA-256 (they are long random strings, so a fast hash is
enough and lookups stay cheap).  Every change to a user or a token is in the
audit trail.  The password rule is :mod:`cpfkit.workplace.passwords`; API
tokens are :mod:`cpfkit.workplace.tokens` (re-exported here).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Annotated, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, DataError, MissingReference, NotAuthenticated, Throttled, VersionMismatch
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor, as_utc, changed_fields, now, record
from cpfkit.store.records.fields import Note, Schema, Slug
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.tables_workplace import LoginFailureRow, UserProgrammeRow, UserRow, WebSessionRow
from cpfkit.workplace.passwords import MIN_PASSWORD_LENGTH, check_password
from cpfkit.workplace.principals import digest as _digest
from cpfkit.workplace.principals import principal_of as _principal
from cpfkit.workplace.principals import user_row as _user
from cpfkit.workplace.roles import Principal, Role
from cpfkit.workplace.tokens import TokenPublic, create_token, list_tokens, principal_for_token, revoke_token

__all__ = [
    "DEFAULT_DEMO_PASSWORD",
    "DEMO_ACCOUNTS",
    "LocaleCode",
    "MIN_PASSWORD_LENGTH",
    "SignIn",
    "TokenPublic",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
    "add_user",
    "create_demo_users",
    "create_token",
    "demo_logins",
    "get_user",
    "hash_password",
    "list_tokens",
    "list_users",
    "principal_for_session",
    "principal_for_token",
    "revoke_token",
    "set_locale",
    "sign_in",
    "sign_out",
    "update_user",
    "verify_password",
]

DEMO_ACCOUNTS = (("admin", Role.ADMIN), ("editor", Role.EDITOR), ("viewer", Role.VIEWER))
"""The demo accounts ``cpfkit init`` creates in a new database (names and roles)."""

LocaleCode = Literal["en", "ru", "kk"]
"""The languages of the pages: English, Russian, Kazakh."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
_hasher = PasswordHasher()

UserName = Annotated[str, StringConstraints(pattern=_NAME.pattern)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
"""A password as given; the rule (length, common, name, demo) is :func:`cpfkit.workplace.passwords.check_password`."""


def hash_password(password: str) -> str:
    """The Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so a wrong name costs the time of a wrong password."""
    return _hasher.hash(secrets.token_urlsafe(16))


# -- users ---------------------------------------------------------------------------------------


class UserCreate(Schema):
    """A new account."""

    name: UserName = Field(description="Sign-in name: lower-case letters, digits, '.', '_', '@', '-'.")
    role: Role
    password: Password
    programmes: list[Slug] = Field(default_factory=list, max_length=100, description="Programmes an editor edits.")
    full_name: Note | None = None
    locale: LocaleCode | None = Field(default=None, description="Language of the pages (none: the browser's).")


class UserUpdate(Schema):
    """Fields of an account to change."""

    role: Role | None = None
    programmes: list[Slug] | None = Field(default=None, max_length=100)
    active: bool | None = None
    full_name: Note | None = None
    password: Password | None = None
    locale: LocaleCode | None = None


class UserPublic(BaseModel):
    """An account (never its password)."""

    id: int
    name: str
    full_name: str | None
    role: Role
    programmes: list[str]
    active: bool
    demo: bool
    locale: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime | None


def _public(session: Session, row: UserRow) -> UserPublic:
    programmes = session.scalars(
        select(UserProgrammeRow.programme_id)
        .where(UserProgrammeRow.user_id == row.id)
        .order_by(UserProgrammeRow.programme_id)
    )
    return UserPublic(
        id=row.id,
        name=row.name,
        full_name=row.full_name,
        role=Role(row.role),
        programmes=list(programmes),
        active=row.active,
        demo=row.demo,
        locale=row.locale,
        version=row.version,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def _check_programmes(session: Session, programmes: Sequence[str], record_label: str) -> list[str]:
    out = list(dict.fromkeys(programmes))
    for i, pid in enumerate(out):
        row = session.get(ProgrammeRow, pid)
        if row is None or row.deleted_at is not None:
            raise MissingReference(f"no programme {pid!r}", record=record_label, field=f"programmes.{i}")
    return out


def _snapshot(session: Session, row: UserRow) -> dict[str, object]:
    return _public(session, row).model_dump(mode="json", exclude={"id", "created_at", "updated_at"})


DEFAULT_DEMO_PASSWORD: str = Settings.model_fields["demo_password"].default
"""The demo password cpfkit ships with (``CPFKIT_DEMO_PASSWORD`` unset): refused for every account a person sets up."""


def _demo_passwords(settings: Settings | None) -> tuple[str, ...]:
    return (DEFAULT_DEMO_PASSWORD,) if settings is None else (DEFAULT_DEMO_PASSWORD, settings.demo_password)


def add_user(
    store: Store, payload: UserCreate, actor: Actor, *, demo: bool = False, settings: Settings | None = None
) -> UserPublic:
    """Create an account, its password checked by :func:`~cpfkit.workplace.passwords.check_password`.

    Args:
        store: the store.
        payload: the account.
        actor: who creates it.
        demo: one of the demo accounts ``cpfkit init`` creates, whose password is the demo password (the one
            account the password rule does not apply to).
        settings: the settings in force (their demo password is refused too).

    Raises:
        WeakPassword: the password breaks the rule.
        Conflict: the name is taken.
        MissingReference: a programme named does not exist.
    """
    label = f"user {payload.name}"
    if demo:
        if payload.password not in _demo_passwords(settings):
            raise DataError("a demo account has the demo password", record=label, field="password")
    else:
        check_password(payload.password, name=payload.name, demo_passwords=_demo_passwords(settings), record=label)
    with store.transaction() as session:
        if session.scalar(select(UserRow.id).where(UserRow.name == payload.name)) is not None:
            raise Conflict(f"user {payload.name} already exists", record=label, field="name")
        programmes = _check_programmes(session, payload.programmes, label)
        row = UserRow(
            name=payload.name,
            full_name=payload.full_name,
            role=payload.role.value,
            password_hash=hash_password(payload.password),
            active=True,
            demo=demo,
            locale=payload.locale,
            version=1,
        )
        session.add(row)
        session.flush()
        for pid in programmes:
            session.add(UserProgrammeRow(user_id=row.id, programme_id=pid))
        session.flush()
        after = _snapshot(session, row)
        record(session, actor, "create", "user", row.name, version=row.version, after=after)
        return _public(session, row)


def list_users(store: Store, *, role: Role | None = None, programme: str | None = None) -> list[UserPublic]:
    """Every account, by name."""
    with store.reader() as session:
        stmt = select(UserRow).order_by(UserRow.name)
        if role is not None:
            stmt = stmt.where(UserRow.role == role.value)
        if programme is not None:
            stmt = stmt.where(
                UserRow.id.in_(select(UserProgrammeRow.user_id).where(UserProgrammeRow.programme_id == programme))
            )
        return [_public(session, row) for row in session.scalars(stmt)]


def get_user(store: Store, name: str) -> UserPublic:
    """One account."""
    with store.reader() as session:
        return _public(session, _user(session, name))


def _active_admins(session: Session) -> int:
    return int(session.scalar(select(func.count()).where(UserRow.role == Role.ADMIN.value, UserRow.active)) or 0)


def update_user(
    store: Store, name: str, payload: UserUpdate, version: int, actor: Actor, *, settings: Settings | None = None
) -> UserPublic:
    """Change an account that is still at ``version`` (roles, programmes, password, active or not).

    A disabled account keeps its history; its sessions and tokens stop working.  A new password is checked
    by :func:`~cpfkit.workplace.passwords.check_password` (``settings``: whose demo password is refused too).

    Raises:
        WeakPassword: the new password breaks the rule.
        VersionMismatch: the account changed meanwhile.
        Conflict: the change would leave no active administrator.
    """
    label = f"user {name}"
    if payload.password is not None:
        check_password(payload.password, name=name, demo_passwords=_demo_passwords(settings), record=label)
    with store.transaction() as session:
        row = _user(session, name)
        if row.version != version:
            raise VersionMismatch("user", name, version, row.version)
        before = _snapshot(session, row)
        was_admin = row.active and row.role == Role.ADMIN.value
        given = payload.model_fields_set
        for field in ("role", "active"):
            if field in given and getattr(payload, field) is None:
                raise DataError("may not be empty", record=label, field=field)
        if payload.role is not None:
            row.role = payload.role.value
        if payload.active is not None:
            row.active = payload.active
        if "full_name" in given:
            row.full_name = payload.full_name
        if "locale" in given:
            row.locale = payload.locale
        if payload.password is not None:
            row.password_hash = hash_password(payload.password)
            row.demo = False
        if "programmes" in given:
            programmes = _check_programmes(session, payload.programmes or [], label)
            session.execute(delete(UserProgrammeRow).where(UserProgrammeRow.user_id == row.id))
            for pid in programmes:
                session.add(UserProgrammeRow(user_id=row.id, programme_id=pid))
        row.version = version + 1
        session.flush()
        if was_admin and _active_admins(session) == 0:
            raise Conflict("cpfkit needs at least one active administrator", record=label, field="role")
        if not row.active or payload.password is not None:
            session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
        old, new = changed_fields(before, _snapshot(session, row))
        if payload.password is not None:
            old["password"], new["password"] = "(hidden)", "(changed)"
        record(session, actor, "update", "user", name, version=row.version, before=old, after=new)
        return _public(session, row)


def set_locale(store: Store, name: str, locale: LocaleCode | None, actor: Actor) -> None:
    """Remember the language a user chose on the pages (their own preference: no version check).

    Recorded in the audit trail like every change to an account; nothing happens if it is already set.
    """
    with store.transaction() as session:
        row = _user(session, name)
        if row.locale == locale:
            return
        before = row.locale
        row.locale = locale
        row.version += 1
        session.flush()
        record(
            session,
            actor,
            "update",
            "user",
            name,
            version=row.version,
            before={"locale": before},
            after={"locale": locale},
        )


# -- signing in ----------------------------------------------------------------------------------


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
        good = verify_password(row.password_hash if row else _dummy_hash(), password)
        if row is None or not good or not row.active:
            session.add(LoginFailureRow(name=key, address=address, at=at))
            window = at - timedelta(minutes=settings.login_lockout_minutes)
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < window))
            failed = True
        else:
            failed = False
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.name == key))
            session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < at))
            if _hasher.check_needs_rehash(row.password_hash):
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


# -- the demo ------------------------------------------------------------------------------------


def create_demo_users(store: Store, settings: Settings) -> list[UserPublic]:
    """Create the demo accounts (admin, editor, viewer) with the demo password, if none exists yet.

    The demo editor edits every active programme in the store (all of them if none is active).
    For the local demo only: a real deployment sets ``CPFKIT_DEMO_USERS=0`` before its first
    ``cpfkit init``, or disables these accounts.
    """
    with store.reader() as session:
        if session.scalar(select(func.count()).select_from(UserRow)):
            return []
        rows = session.execute(
            select(ProgrammeRow.id, ProgrammeRow.status).where(ProgrammeRow.deleted_at.is_(None))
        ).all()
    active = [pid for pid, status in rows if status == "active"] or [pid for pid, _ in rows]
    actor = Actor("cpfkit init", via="cli")
    created = []
    for name, role in DEMO_ACCOUNTS:
        payload = UserCreate(
            name=name,
            role=role,
            password=settings.demo_password,
            programmes=sorted(active) if role is Role.EDITOR else [],
            full_name=f"Demo {role.value}",
        )
        created.append(add_user(store, payload, actor, demo=True, settings=settings))
    return created


def demo_logins(store: Store) -> list[UserPublic]:
    """The active demo accounts still on the demo password (changing it clears the mark), for the sign-in hints."""
    with store.reader() as session:
        rows = session.scalars(select(UserRow).where(UserRow.demo, UserRow.active).order_by(UserRow.id)).all()
        return [_public(session, r) for r in rows]
