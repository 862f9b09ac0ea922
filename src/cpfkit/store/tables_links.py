"""Tables of how programmes count operations: the operations each counts, the areas and objectives they serve."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base
from cpfkit.store.tables_framework import ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["ProgrammeProjectRow", "ProjectAreaLinkRow", "ProjectObjectiveLinkRow"]


class ProgrammeProjectRow(Base):
    """An operation counted by a programme: its own, or carried over from another programme."""

    __tablename__ = "programme_projects"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    carried_from: Mapped[str | None] = mapped_column(String(64))

    project: Mapped[ProjectRow] = relationship()


class ProjectObjectiveLinkRow(Base):
    """An objective an operation serves, in one programme."""

    __tablename__ = "project_objectives"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True)

    project: Mapped[ProjectRow] = relationship()
    objective: Mapped[ObjectiveRow] = relationship()


class ProjectAreaLinkRow(Base):
    """A priority area an operation serves, in one programme."""

    __tablename__ = "project_priority_areas"

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    priority_area_id: Mapped[int] = mapped_column(ForeignKey("priority_areas.id", ondelete="CASCADE"), primary_key=True)

    project: Mapped[ProjectRow] = relationship()
    priority_area: Mapped[PriorityAreaRow] = relationship()
