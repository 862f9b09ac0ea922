"""The table of closed periods: a programme's values dated up to a day, frozen until an administrator reopens them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base
from cpfkit.store.tables_programme import ProgrammeRow

__all__ = ["PeriodCloseRow"]


class PeriodCloseRow(Base):
    """One closing of a programme's period (``cpfkit.store.periods``), kept after it is reopened.

    The close is in force while ``reopened_at`` is NULL; ``fingerprint`` is the digest of the values
    dated up to ``until`` when the period was closed, which every commit must leave unchanged.
    """

    __tablename__ = "period_closes"
    __table_args__ = (Index("ix_period_closes_programme", "programme_id", "reopened_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reopened_by: Mapped[str | None] = mapped_column(String(200))
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[ProgrammeRow] = relationship()  # so a flush writes the programme first
