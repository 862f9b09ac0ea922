"""The database tables.  The store is the only part of cpfkit that knows them.

Natural identifiers are kept where the field has them (programme slugs,
World Bank/IFC/MIGA project ids); child rows have integer keys.  Every row
that holds a figure has the provenance columns ``source``, ``illustrative``
and ``illustrative_fields``.  Ledger and rating rows note in ``origin`` the
programme folder that loaded them (empty for edits and imports), so that
reloading a folder replaces exactly what it brought.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from cpfkit.store.types import ExactDecimal

__all__ = [
    "Base",
    "EnvelopeShareRow",
    "EnvelopeYearRow",
    "FinancingRow",
    "IndicatorRow",
    "LocationRow",
    "MeasurementRow",
    "ObjectiveRow",
    "OverlapRow",
    "PriorityAreaRow",
    "ProgrammeProjectRow",
    "ProgrammeRow",
    "ProjectAreaLinkRow",
    "ProjectObjectiveLinkRow",
    "ProjectRatingRow",
    "ProjectRow",
    "SectorRow",
    "SortRatingRow",
    "TransactionRow",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints alike everywhere."""

    metadata = MetaData(naming_convention=NAMING)


class Provenance:
    """Columns of a sourced record."""

    source: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    illustrative_fields: Mapped[list[str]] = mapped_column(JSON, default=list)


class Versioned:
    """Columns of an editable record: an optimistic-lock version, timestamps and a soft-delete mark."""

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
        back_populates="programme", cascade="all, delete-orphan", order_by="PriorityAreaRow.position"
    )
    project_links: Mapped[list[ProgrammeProjectRow]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )


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


class PriorityAreaRow(Base):
    """A priority (focus) area."""

    __tablename__ = "priority_areas"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    cross_cutting: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    programme: Mapped[ProgrammeRow] = relationship(back_populates="priority_areas")
    objectives: Mapped[list[ObjectiveRow]] = relationship(
        back_populates="priority_area", cascade="all, delete-orphan", order_by="ObjectiveRow.position"
    )


class ObjectiveRow(Base):
    """A CPF objective."""

    __tablename__ = "objectives"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    priority_area_id: Mapped[int] = mapped_column(ForeignKey("priority_areas.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    priority_area: Mapped[PriorityAreaRow] = relationship(back_populates="objectives")
    indicators: Mapped[list[IndicatorRow]] = relationship(
        back_populates="objective", cascade="all, delete-orphan", order_by="IndicatorRow.position"
    )


class IndicatorRow(Provenance, Versioned, Base):
    """A results-framework indicator."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(16))
    aggregation: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    baseline_value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    target_value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    target_date: Mapped[date | None] = mapped_column(Date)
    headline: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    objective: Mapped[ObjectiveRow] = relationship(back_populates="indicators")
    overlaps: Mapped[list[OverlapRow]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="OverlapRow.id"
    )
    measurements: Mapped[list[MeasurementRow]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="MeasurementRow.date"
    )


class OverlapRow(Provenance, Base):
    """Beneficiaries shared by projects, counted once."""

    __tablename__ = "indicator_overlaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    projects: Mapped[list[str]] = mapped_column(JSON)
    amount: Mapped[Decimal | None] = mapped_column(ExactDecimal)

    indicator: Mapped[IndicatorRow] = relationship(back_populates="overlaps")


class ProjectRow(Provenance, Versioned, Base):
    """An operation."""

    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), index=True)  # none for a regional operation
    region: Mapped[str | None] = mapped_column(String(16))  # IATI Region code or multi-country, when no country
    institution: Mapped[str] = mapped_column(String(8), index=True)
    instrument: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    concept_date: Mapped[date | None] = mapped_column(Date)
    approval_date: Mapped[date | None] = mapped_column(Date)
    effectiveness_date: Mapped[date | None] = mapped_column(Date)
    original_closing_date: Mapped[date | None] = mapped_column(Date)
    revised_closing_date: Mapped[date | None] = mapped_column(Date)
    commitment: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    commitment_currency: Mapped[str | None] = mapped_column(String(3))
    commitment_usd: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    implementing_agency: Mapped[str | None] = mapped_column(Text)
    borrower: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    reference_class: Mapped[str | None] = mapped_column(String(32))
    owner_programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"), index=True)

    sectors: Mapped[list[SectorRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="SectorRow.id"
    )
    locations: Mapped[list[LocationRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="LocationRow.id"
    )
    financing: Mapped[list[FinancingRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="FinancingRow.id"
    )
    transactions: Mapped[list[TransactionRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="TransactionRow.date"
    )
    ratings: Mapped[list[ProjectRatingRow]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectRatingRow.date"
    )


class SectorRow(Base):
    """A sector share of an operation."""

    __tablename__ = "project_sectors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    vocabulary: Mapped[str] = mapped_column(String(8))
    name: Mapped[str | None] = mapped_column(Text)
    percentage: Mapped[Decimal] = mapped_column(ExactDecimal)

    project: Mapped[ProjectRow] = relationship(back_populates="sectors")


class LocationRow(Base):
    """A place an operation works in."""

    __tablename__ = "project_locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(Text, index=True)
    lat: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    lon: Mapped[Decimal | None] = mapped_column(ExactDecimal)

    project: Mapped[ProjectRow] = relationship(back_populates="locations")


class FinancingRow(Provenance, Base):
    """Co-financing or private capital of an operation."""

    __tablename__ = "project_financing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    financier: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal] = mapped_column(ExactDecimal)
    currency: Mapped[str] = mapped_column(String(3))
    amount_usd: Mapped[Decimal] = mapped_column(ExactDecimal)
    mechanism: Mapped[str | None] = mapped_column(Text)
    mobilised_by: Mapped[str | None] = mapped_column(String(8))
    co_mobilisers: Mapped[list[str] | None] = mapped_column(JSON)  # public lines of MDBs that mobilised it too

    project: Mapped[ProjectRow] = relationship(back_populates="financing")


class ProgrammeProjectRow(Base):
    """An operation counted by a programme: its own, or carried over from another programme."""

    __tablename__ = "programme_projects"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    carried_from: Mapped[str | None] = mapped_column(String(64))

    programme: Mapped[ProgrammeRow] = relationship(back_populates="project_links")
    project: Mapped[ProjectRow] = relationship()


class ProjectObjectiveLinkRow(Base):
    """An objective an operation serves, in one programme."""

    __tablename__ = "project_objectives"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True)


class ProjectAreaLinkRow(Base):
    """A priority area an operation serves, in one programme."""

    __tablename__ = "project_priority_areas"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    priority_area_id: Mapped[int] = mapped_column(ForeignKey("priority_areas.id", ondelete="CASCADE"), primary_key=True)


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
    origin: Mapped[str | None] = mapped_column(String(64), index=True)

    project: Mapped[ProjectRow] = relationship(back_populates="transactions")


class MeasurementRow(Provenance, Versioned, Base):
    """An actual value of an indicator."""

    __tablename__ = "measurements"
    __table_args__ = (Index("ix_measurements_indicator_date", "indicator_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    weight: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    qualifier: Mapped[str | None] = mapped_column(String(8))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    indicator: Mapped[IndicatorRow] = relationship(back_populates="measurements")


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
    origin: Mapped[str | None] = mapped_column(String(64), index=True)

    project: Mapped[ProjectRow] = relationship(back_populates="ratings")


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
    origin: Mapped[str | None] = mapped_column(String(64), index=True)
