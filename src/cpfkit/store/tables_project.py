"""Tables of an operation: the project, its sector shares, places and co-financing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base, Provenance, Versioned
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow
from cpfkit.store.types import ExactDecimal

__all__ = ["FinancingRow", "LocationRow", "ProjectRow", "SectorRow"]


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
        cascade="all, delete-orphan", order_by="TransactionRow.date"
    )
    ratings: Mapped[list[ProjectRatingRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectRatingRow.date"
    )
    sort_ratings: Mapped[list[SortRatingRow]] = relationship(passive_deletes="all")


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
