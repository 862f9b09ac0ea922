"""Tables of the portfolio review: project events, country flags, planned disbursements, the risk register.

Rows loaded from a programme folder note the folder's programme in
``origin`` (as ledger and rating rows do), so reloading a folder replaces
exactly what it brought; register entries added from the CLI or the API have
no origin.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base, Provenance, Versioned, origin_column
from cpfkit.store.tables_ledger import SortRatingRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import ProjectRow
from cpfkit.store.types import ExactDecimal

Day = date  # a column below is called ``date``: annotations after it use this name

__all__ = ["CountryFlagRow", "PlannedDisbursementRow", "ProjectEventRow", "RiskEntryRow"]


class ProjectEventRow(Provenance, Versioned, Base):
    """A restructuring, extension, suspension, counterpart-funding shortfall or covenant breach."""

    __tablename__ = "project_events"
    __table_args__ = (Index("ix_project_events_project_date", "project_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[Day] = mapped_column(Date)
    end_date: Mapped[Day | None] = mapped_column(Date)
    new_closing_date: Mapped[Day | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = origin_column()

    project: Mapped[ProjectRow] = relationship()


class CountryFlagRow(Provenance, Versioned, Base):
    """A country condition of a programme (country environment, country record)."""

    __tablename__ = "country_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[Day] = mapped_column(Date)
    end_date: Mapped[Day | None] = mapped_column(Date)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    note: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[ProgrammeRow] = relationship()


class PlannedDisbursementRow(Provenance, Versioned, Base):
    """A point of an operation's planned cumulative disbursement."""

    __tablename__ = "planned_disbursements"
    __table_args__ = (Index("ix_planned_disbursements_project_date", "project_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    date: Mapped[Day] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(String(3))
    amount_usd: Mapped[Decimal] = mapped_column(ExactDecimal)
    origin: Mapped[str | None] = origin_column()

    project: Mapped[ProjectRow] = relationship()


class RiskEntryRow(Provenance, Versioned, Base):
    """An entry of a programme's risk register."""

    __tablename__ = "risk_entries"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    factors: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(String(32))
    rating: Mapped[str] = mapped_column(String(16))
    mitigation: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(8))
    opened: Mapped[Day] = mapped_column(Date)
    closed: Mapped[Day | None] = mapped_column(Date)
    closing_note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = origin_column(index=False)

    programme: Mapped[ProgrammeRow] = relationship()
    project: Mapped[ProjectRow | None] = relationship()


# SORT ratings are read by operation; the table's own index starts with the programme.
Index("ix_sort_ratings_project", SortRatingRow.project_id, SortRatingRow.category, SortRatingRow.date)
