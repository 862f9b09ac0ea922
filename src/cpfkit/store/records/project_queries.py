"""Which operations a list shows: the filters of ``/api/projects`` as one query."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from cpfkit.store.records.common import contains_text, in_programme
from cpfkit.store.records.project_schemas import ProjectFilters
from cpfkit.store.tables_framework import ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProjectAreaLinkRow, ProjectObjectiveLinkRow
from cpfkit.store.tables_project import LocationRow, ProjectRow

__all__ = ["select_projects"]


def select_projects(filters: ProjectFilters) -> Select[Any]:
    """The operations matching the filters, with their sectors, places and co-financing loaded."""
    stmt = select(ProjectRow)
    if filters.programme:
        stmt = stmt.where(in_programme(ProjectRow.id, filters.programme))
    for column, value in (
        (ProjectRow.status, filters.status),
        (ProjectRow.institution, filters.institution),
        (ProjectRow.instrument, filters.instrument),
    ):
        if value is not None:
            stmt = stmt.where(column == value.value)
    if filters.priority_area:
        areas = select(ProjectAreaLinkRow.project_id).join(
            PriorityAreaRow, PriorityAreaRow.id == ProjectAreaLinkRow.priority_area_id
        )
        areas = areas.where(PriorityAreaRow.code == filters.priority_area)
        if filters.programme:
            areas = areas.where(ProjectAreaLinkRow.programme_id == filters.programme)
        stmt = stmt.where(ProjectRow.id.in_(areas))
    if filters.objective:
        objectives = select(ProjectObjectiveLinkRow.project_id).join(
            ObjectiveRow, ObjectiveRow.id == ProjectObjectiveLinkRow.objective_id
        )
        objectives = objectives.where(ObjectiveRow.code == filters.objective)
        if filters.programme:
            objectives = objectives.where(ProjectObjectiveLinkRow.programme_id == filters.programme)
        stmt = stmt.where(ProjectRow.id.in_(objectives))
    if filters.region:
        place = filters.region.lower()
        stmt = stmt.where(
            ProjectRow.id.in_(
                select(LocationRow.project_id).where(
                    or_(func.lower(LocationRow.region) == place, func.lower(LocationRow.name) == place)
                )
            )
        )
    if filters.approved_from:
        stmt = stmt.where(ProjectRow.approval_date >= filters.approved_from)
    if filters.approved_to:
        stmt = stmt.where(ProjectRow.approval_date <= filters.approved_to)
    if filters.q:
        stmt = stmt.where(contains_text(filters.q, ProjectRow.id, ProjectRow.name))
    return stmt.options(
        selectinload(ProjectRow.sectors), selectinload(ProjectRow.locations), selectinload(ProjectRow.financing)
    )
