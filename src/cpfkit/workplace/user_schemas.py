"""What an account looks like from outside: the fields of a new account, of a change, and of an account shown."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.language.catalogs import LanguageCode
from cpfkit.store.audit import as_utc
from cpfkit.store.records.fields import Note, Schema, Slug
from cpfkit.store.tables_workplace import UserProgrammeRow, UserRow
from cpfkit.workplace.roles import Role

__all__ = ["LocaleCode", "Password", "UserCreate", "UserName", "UserPublic", "UserUpdate", "public_of", "snapshot"]

LocaleCode = LanguageCode
"""The languages of the pages: English, Russian, Kazakh."""

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
UserName = Annotated[str, StringConstraints(pattern=_NAME.pattern)]
"""A sign-in name: lower-case letters, digits, '.', '_', '@', '-' (2 to 64)."""
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
"""A password as given; the rule (length, common, name, demo) is :func:`cpfkit.workplace.passwords.check_password`."""


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


def public_of(session: Session, row: UserRow) -> UserPublic:
    """An account as shown, with the programmes it edits."""
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


def snapshot(session: Session, row: UserRow) -> dict[str, object]:
    """An account as the audit trail keeps it (what can change, not its id or times)."""
    return public_of(session, row).model_dump(mode="json", exclude={"id", "created_at", "updated_at"})
