"""Tables of what happens to an operation over time: ledger transactions, ISR ratings, SORT ratings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cpfkit.store.tables_base import Base, Provenance, Versioned, origin_column
from cpfkit.store.types import ExactDecimal

__all__ = ["ProjectRatingRow", "SortRatingRow", "TransactionRow"]


class TransactionRow(Provenance, Versioned, Base):
    """A ledger event, with its US-dollar value at the rate of its date."""

    __tablename__ = "transactions"
    __table_args__ = (Index("ix_transactions_project_date", "project_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(24), index=True)
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(String(3))
    amount_usd: Mapped[Decimal] = mapped_column(ExactDecimal)
    fx_rate: Mapped[Decimal] = mapped_column(ExactDecimal)
    fx_period: Mapped[str] = mapped_column(String(7))
    note: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    origin: Mapped[str | None] = origin_column()


class ProjectRatingRow(Provenance, Versioned, Base):
    """An ISR rating."""

    __tablename__ = "project_ratings"
    __table_args__ = (Index("ix_project_ratings_project_kind_date", "project_id", "kind", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    date: Mapped[date] = mapped_column(Date)
    rating: Mapped[str] = mapped_column(String(4))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = origin_column()


class SortRatingRow(Provenance, Versioned, Base):
    """A SORT rating of an operation (``project_id``) or of a programme (``programme_id``)."""

    __tablename__ = "sort_ratings"
    __table_args__ = (Index("ix_sort_ratings_subject", "programme_id", "project_id", "category", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(32))
    date: Mapped[date] = mapped_column(Date)
    rating: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = origin_column()
