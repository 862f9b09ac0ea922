"""Tables of a programme itself: its calendar and headline parameters, and its envelope by fiscal year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base, Provenance, Versioned
from cpfkit.store.tables_framework import IndicatorRow, ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_ledger import SortRatingRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow, ProjectObjectiveLinkRow
from cpfkit.store.tables_project import ProjectRow
from cpfkit.store.types import ExactDecimal

__all__ = ["EnvelopeShareRow", "EnvelopeYearRow", "ProgrammeRow"]


class ProgrammeRow(Provenance, Versioned, Base):
    """A partnership framework."""

    __tablename__ = "programmes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(Text)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    fy_start_month: Mapped[int] = mapped_column(Integer, default=7)
    status: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    ibrd_exposure_limit: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    ibrd_exposure_limit_currency: Mapped[str | None] = mapped_column(String(3))
    discount_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    mobilisation_attribution: Mapped[str | None] = mapped_column(String(16))  # pro-rata (default) | full
    iati_defaults: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what an IATI export fills in

    envelope: Mapped[list[EnvelopeYearRow]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="EnvelopeYearRow.fy"
    )
    priority_areas: Mapped[list[PriorityAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="PriorityAreaRow.position"
    )
    project_links: Mapped[list[ProgrammeProjectRow]] = relationship(cascade="all, delete-orphan")
    # The rows below refer to the programme too; their tables' own modules come before this one.  The
    # database deletes or releases them with the programme (their foreign keys' ON DELETE), so these
    # collections leave them alone when a programme is deleted.
    owned_projects: Mapped[list[ProjectRow]] = relationship(passive_deletes="all")
    objectives: Mapped[list[ObjectiveRow]] = relationship(passive_deletes="all")
    indicators: Mapped[list[IndicatorRow]] = relationship(passive_deletes="all")
    area_links: Mapped[list[ProjectAreaLinkRow]] = relationship(passive_deletes="all")
    objective_links: Mapped[list[ProjectObjectiveLinkRow]] = relationship(passive_deletes="all")
    sort_ratings: Mapped[list[SortRatingRow]] = relationship(passive_deletes="all")


class EnvelopeYearRow(Provenance, Base):
    """The envelope of one fiscal year."""

    __tablename__ = "envelope_years"
    __table_args__ = (UniqueConstraint("programme_id", "fy"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    fy: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(String(3))

    programme: Mapped[ProgrammeRow] = relationship(back_populates="envelope")
    shares: Mapped[list[EnvelopeShareRow]] = relationship(
        back_populates="year", cascade="all, delete-orphan", order_by="EnvelopeShareRow.id"
    )


class EnvelopeShareRow(Provenance, Base):
    """One institution's share of a year's envelope."""

    __tablename__ = "envelope_shares"
    __table_args__ = (UniqueConstraint("envelope_year_id", "institution"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_year_id: Mapped[int] = mapped_column(ForeignKey("envelope_years.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(8))
    amount: Mapped[Decimal] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(String(3))

    year: Mapped[EnvelopeYearRow] = relationship(back_populates="shares")
