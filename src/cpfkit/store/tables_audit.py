"""The table of the audit trail: every change, who made it, and the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cpfkit.store.tables_base import Base

__all__ = ["AuditRow"]


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
