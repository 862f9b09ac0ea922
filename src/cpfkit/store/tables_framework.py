"""Tables of a programme's results framework: priority areas, objectives, indicators and their measurements."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base, Provenance, Versioned, deleted_at_column, version_column
from cpfkit.store.tables_project import ProjectRow
from cpfkit.store.types import ExactDecimal

__all__ = ["IndicatorRow", "MeasurementRow", "ObjectiveRow", "OverlapRow", "PriorityAreaRow"]


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
    version: Mapped[int] = version_column(server_default="1")
    deleted_at: Mapped[datetime | None] = deleted_at_column()

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
    version: Mapped[int] = version_column(server_default="1")
    deleted_at: Mapped[datetime | None] = deleted_at_column()

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
    project: Mapped[ProjectRow | None] = relationship()
