"""User accounts: create, list, read and change them; every change is in the audit trail.

Passwords are checked by :func:`~cpfkit.workplace.passwords.check_password`
and kept as Argon2id hashes (:mod:`cpfkit.workplace.hashing`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, DataError, MissingReference, VersionMismatch
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor, changed_fields, record
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.tables_workplace import UserProgrammeRow, UserRow, WebSessionRow
from cpfkit.workplace.hashing import hash_password
from cpfkit.workplace.passwords import check_password
from cpfkit.workplace.principals import user_row as _user
from cpfkit.workplace.roles import Role
from cpfkit.workplace.user_schemas import LocaleCode, UserCreate, UserPublic, UserUpdate, public_of, snapshot

__all__ = ["DEFAULT_DEMO_PASSWORD", "add_user", "get_user", "list_users", "set_locale", "update_user"]


def _check_programmes(session: Session, programmes: Sequence[str], record_label: str) -> list[str]:
    out = list(dict.fromkeys(programmes))
    for i, pid in enumerate(out):
        row = session.get(ProgrammeRow, pid)
        if row is None or row.deleted_at is not None:
            raise MissingReference(f"no programme {pid!r}", record=record_label, field=f"programmes.{i}")
    return out


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
        after = snapshot(session, row)
        record(session, actor, "create", "user", row.name, version=row.version, after=after)
        return public_of(session, row)


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
        return [public_of(session, row) for row in session.scalars(stmt)]


def get_user(store: Store, name: str) -> UserPublic:
    """One account."""
    with store.reader() as session:
        return public_of(session, _user(session, name))


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
        before = snapshot(session, row)
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
        old, new = changed_fields(before, snapshot(session, row))
        if payload.password is not None:
            old["password"], new["password"] = "(hidden)", "(changed)"
        record(session, actor, "update", "user", name, version=row.version, before=old, after=new)
        return public_of(session, row)


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
