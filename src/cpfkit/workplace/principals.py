"""What accounts and API tokens share: looking a user up, and the principal a session or a token stands for."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.errors import NotFound
from cpfkit.store.tables_workplace import UserProgrammeRow, UserRow
from cpfkit.workplace.roles import Principal, Role

__all__ = ["digest", "principal_of", "user_row"]


def digest(secret: str) -> str:
    """The SHA-256 of a session or API token, as stored (the secret itself never is)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def user_row(session: Session, name: str) -> UserRow:
    """The account of a name.

    Raises:
        NotFound: no such account.
    """
    row = session.scalar(select(UserRow).where(UserRow.name == name))
    if row is None:
        raise NotFound("user", name)
    return row


def principal_of(
    session: Session, row: UserRow, via: str, csrf: str | None = None, *, token_id: int | None = None
) -> Principal:
    """The principal an account acts as, through a session (``web``) or a token (``api``)."""
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
        token_id=token_id,
    )
