"""Tables of planning data: economic-appraisal inputs and contributions of operations to indicators.

Both belong to the programme whose folder loaded them (deleted with it).
Appraisal inputs are kept as the validated document (JSON), since their
shape is the benefit modules' and is read back whole.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base, Provenance
from cpfkit.store.tables_framework import IndicatorRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import ProjectRow
from cpfkit.store.types import ExactDecimal

__all__ = ["AppraisalInputRow", "ContributionRow"]


class AppraisalInputRow(Provenance, Base):
    """The economic-analysis inputs of one operation, as one programme holds them."""

    __tablename__ = "appraisal_inputs"
    __table_args__ = (UniqueConstraint("programme_id", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    programme: Mapped[ProgrammeRow] = relationship()
    project: Mapped[ProjectRow] = relationship()


class ContributionRow(Provenance, Base):
    """An operation's expected change of one indicator."""

    __tablename__ = "contributions"
    __table_args__ = (UniqueConstraint("indicator_id", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    lag_years: Mapped[Decimal] = mapped_column(ExactDecimal)
    note: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[ProgrammeRow] = relationship()
    indicator: Mapped[IndicatorRow] = relationship()
    project: Mapped[ProjectRow] = relationship()
