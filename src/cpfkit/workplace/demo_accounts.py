"""The demo accounts ``cpfkit init`` creates in a new database: an administrator, an editor and a viewer."""

from __future__ import annotations

from sqlalchemy import func, select

from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.tables_workplace import UserRow
from cpfkit.workplace.roles import Role
from cpfkit.workplace.user_schemas import UserCreate, UserPublic, public_of
from cpfkit.workplace.users import add_user

__all__ = ["DEMO_ACCOUNTS", "create_demo_users", "demo_logins"]

DEMO_ACCOUNTS = (("admin", Role.ADMIN), ("editor", Role.EDITOR), ("viewer", Role.VIEWER))
"""The demo accounts ``cpfkit init`` creates in a new database (names and roles)."""


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
        return [public_of(session, r) for r in rows]
