"""Accounts: users and their roles, passwords (Argon2), sign-in sessions, API tokens and login throttling.

Secrets are never stored: passwords as Argon2id hashes, session and API
tokens as their SHA-256 (they are long random strings, so a fast hash is
enough and lookups stay cheap).  Every change to a user or a token is in the
audit trail.
"""

from __future__ import annotations

import hashlib
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

from cpfkit.errors import Conflict, DataError, MissingReference, NotAuthenticated, NotFound, Throttled, VersionMismatch
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor, as_utc, changed_fields, now, record
from cpfkit.store.records.fields import Note, Schema, Slug
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.tables_workplace import ApiTokenRow, LoginFailureRow, UserProgrammeRow, UserRow, WebSessionRow
from cpfkit.workplace.roles import Principal, Role

__all__ = [
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

MIN_PASSWORD_LENGTH = 8
TOKEN_PREFIX = "cpfkit_"
DEMO_ACCOUNTS = (("admin", Role.ADMIN), ("editor", Role.EDITOR), ("viewer", Role.VIEWER))
"""The demo accounts ``cpfkit init`` creates in a new database (names and roles)."""

LocaleCode = Literal["en", "ru", "kk"]
"""The languages of the pages: English, Russian, Kazakh."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
_hasher = PasswordHasher()

UserName = Annotated[str, StringConstraints(pattern=_NAME.pattern)]
Password = Annotated[str, StringConstraints(min_length=MIN_PASSWORD_LENGTH, max_length=1024)]


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


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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


def _user(session: Session, name: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound("user", name)
    return row


def _check_programmes(session: Session, programmes: Sequence[str], record_label: str) -> list[str]:
    out = list(dict.fromkeys(programmes))
    for i, pid in enumerate(out):
        row = session.get(ProgrammeRow, pid)
        if row is None or row.deleted_at is not None:
            raise MissingReference(f"no programme {pid!r}", record=record_label, field=f"programmes.{i}")
    return out


def _snapshot(session: Session, row: UserRow) -> dict[str, object]:
    return _public(session, row).model_dump(mode="json", exclude={"id", "created_at", "updated_at"})


def add_user(store: Store, payload: UserCreate, actor: Actor, *, demo: bool = False) -> UserPublic:
    """Create an account.

    Raises:
        Conflict: the name is taken.
        MissingReference: a programme named does not exist.
    """
    label = f"user {payload.name}"
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


def update_user(store: Store, name: str, payload: UserUpdate, version: int, actor: Actor) -> UserPublic:
    """Change an account that is still at ``version`` (roles, programmes, password, active or not).

    A disabled account keeps its history; its sessions and tokens stop working.

    Raises:
        VersionMismatch: the account changed meanwhile.
        Conflict: the change would leave no active administrator.
    """
    with store.transaction() as session:
        row = _user(session, name)
        label = f"user {name}"
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


def _principal(session: Session, row: UserRow, via: str, csrf: str | None = None) -> Principal:
    programmes = frozenset(
        session.scalars(select(UserProgrammeRow.programme_id).where(UserProgrammeRow.user_id == row.id))
    )
    return Principal(
        name=row.name,
        role=Role(row.role),
        programmes=programmes,
        id=row.id,
        via=via,
        csrf_token=csrf,
        locale=row.locale,
    )


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


# -- API tokens ----------------------------------------------------------------------------------


class TokenPublic(BaseModel):
    """An API token, without its secret (only its first characters, to recognise it)."""

    id: int
    user: str
    name: str
    prefix: str
    created_at: datetime | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


def _token_public(row: ApiTokenRow, user: str) -> TokenPublic:
    return TokenPublic(
        id=row.id,
        user=user,
        name=row.name,
        prefix=row.prefix,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        last_used_at=as_utc(row.last_used_at),
        revoked_at=as_utc(row.revoked_at),
    )


def create_token(
    store: Store, user: str, name: str, actor: Actor, *, days: int | None = None
) -> tuple[str, TokenPublic]:
    """Make an API token for a user; return the token (shown this once) and its record."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction() as session:
        owner = _user(session, user)
        if not owner.active:
            raise Conflict(f"user {user} is disabled", record=f"user {user}", field="user")
        expires = now() + timedelta(days=days) if days else None
        row = ApiTokenRow(
            user_id=owner.id,
            name=name,
            token_hash=_digest(token),
            prefix=token[: len(TOKEN_PREFIX) + 6],
            expires_at=expires,
        )
        session.add(row)
        session.flush()
        public = _token_public(row, user)
        record(session, actor, "create", "token", str(row.id), after=public.model_dump(mode="json"))
        return token, public


def list_tokens(store: Store, user: str | None = None) -> list[TokenPublic]:
    """API tokens (of one user, or all), newest first."""
    with store.reader() as session:
        stmt = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
        if user is not None:
            stmt = stmt.where(UserRow.name == user)
        rows = session.execute(stmt.order_by(ApiTokenRow.id.desc())).all()
        return [_token_public(row, owner) for row, owner in rows]


def revoke_token(store: Store, token_id: int, actor: Actor, *, owner: str | None = None) -> TokenPublic:
    """Revoke a token (it stays listed, marked revoked).  With ``owner``, only that user's token."""
    with store.transaction() as session:
        found = session.execute(
            select(ApiTokenRow, UserRow.name)
            .join(UserRow, UserRow.id == ApiTokenRow.user_id)
            .where(ApiTokenRow.id == token_id)
        ).first()
        if found is None or (owner is not None and found[1] != owner):
            raise NotFound("token", str(token_id))
        row, user = found
        if row.revoked_at is None:
            revoked = now()
            row.revoked_at = revoked
            session.flush()
            record(
                session,
                actor,
                "revoke",
                "token",
                str(row.id),
                before={"revoked_at": None},
                after={"revoked_at": revoked.isoformat()},
            )
        return _token_public(row, user)


_TOUCH_EVERY = timedelta(minutes=10)


def principal_for_token(store: Store, token: str) -> Principal | None:
    """Who holds an API token, if it is valid (not revoked, not expired, account active)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    at = now()
    with store.reader() as session:
        found = session.execute(
            select(UserRow, ApiTokenRow)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(ApiTokenRow.token_hash == _digest(token), ApiTokenRow.revoked_at.is_(None), UserRow.active)
        ).first()
        if found is None:
            return None
        user, row = found
        expires = as_utc(row.expires_at)
        if expires is not None and expires <= at:
            return None
        principal = _principal(session, user, "api")
        last = as_utc(row.last_used_at)
        token_id = row.id
    if last is None or at - last > _TOUCH_EVERY:  # not on every request: reads stay reads
        with store.transaction() as session:
            touched = session.get(ApiTokenRow, token_id)
            if touched is not None:
                touched.last_used_at = at
    return principal


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
        created.append(add_user(store, payload, actor, demo=True))
    return created


def demo_logins(store: Store) -> list[UserPublic]:
    """The active demo accounts still on the demo password (changing it clears the mark), for the sign-in hints."""
    with store.reader() as session:
        rows = session.scalars(select(UserRow).where(UserRow.demo, UserRow.active).order_by(UserRow.id)).all()
        return [_public(session, r) for r in rows]
