"""Tables of the team's workplace: accounts, sessions, API tokens, the audit trail and the data version.

The data version is one counter that every committed change to programme data
bumps, in the same transaction as the change.  Readers that keep computed
figures (the overview cache of the API, the portfolio copy) compare it before
answering, so a reader never serves figures older than a write it could see.
The database keeps it current itself, with triggers, whichever program writes
(:mod:`cpfkit.store.data_version`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from cpfkit.store.tables_base import Base

__all__ = [
    "ApiTokenRow",
    "AuditRow",
    "DataVersionPendingRow",
    "DataVersionRow",
    "LoginFailureRow",
    "UserProgrammeRow",
    "UserRow",
    "WebSessionRow",
]


class UserRow(Base):
    """A person who signs in: a viewer, an editor of some programmes, or an administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str | None] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class UserProgrammeRow(Base):
    """A programme an editor may edit.

    No foreign key to ``programmes``: reloading a programme folder replaces the
    programme's row, and the assignment must survive that.
    """

    __tablename__ = "user_programmes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class ApiTokenRow(Base):
    """A bearer token for scripts.  Only its SHA-256 is stored; the token is shown once, when made.

    A token made with another token (``parent_id``) never outlives it and is revoked with it.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), index=True)
    """The token this one was made with (None: made at the command line or by a signed-in person)."""


class WebSessionRow(Base):
    """A signed-in browser.  The cookie holds a random token; the table holds its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginFailureRow(Base):
    """A failed sign-in, kept for the throttling window."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AuditRow(Base):
    """One change: who, when, what, and the values before and after.

    ``entity``/``entity_id`` name the record (``project``/``P123456``,
    ``transaction``/``42``); ``programme_id`` and ``project_id`` say where it
    belongs so a programme's or a project's whole history can be listed.  No
    foreign keys: the trail outlives what it describes.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(96))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    via: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(128))
    programme_id: Mapped[str | None] = mapped_column(String(64), index=True)
    project_id: Mapped[str | None] = mapped_column(String(128), index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DataVersionRow(Base):
    """The one-row counter of committed changes to programme data, moved on by the database's own triggers.

    ``epoch`` changes when the database is given a new identity (a backup restored over it); see
    :mod:`cpfkit.store.data_version`.
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str | None] = mapped_column(String(32))


class DataVersionPendingRow(Base):
    """A transaction that changed data and has not committed yet (PostgreSQL; always empty on SQLite).

    Written by the statement triggers, read by nobody: the deferred trigger on it moves the counter
    on at commit and deletes it in the same transaction.
    """

    __tablename__ = "data_version_pending"

    txid: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
