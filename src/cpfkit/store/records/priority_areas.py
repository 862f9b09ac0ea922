"""Priority areas of a programme's results framework as editable records (``/api/priority-areas``).

An area that still holds live objectives or operations is not deleted.  The
schemas are in :mod:`cpfkit.store.records.framework_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.store.records.common import check_framework, live_programme
from cpfkit.store.records.framework import in_use, next_position
from cpfkit.store.records.framework_schemas import (
    PriorityAreaCreate,
    PriorityAreaFilters,
    PriorityAreaPublic,
    PriorityAreaUpdate,
)
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.tables_framework import ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProjectAreaLinkRow

__all__ = ["PriorityAreas"]


class PriorityAreas(Resource[PriorityAreaRow]):
    """Priority areas (``/api/priority-areas``): written by administrators."""

    name = "priority_area"
    path = "priority-areas"
    row = PriorityAreaRow
    create_schema = PriorityAreaCreate
    update_schema = PriorityAreaUpdate
    public_schema = PriorityAreaPublic
    filter_schema = PriorityAreaFilters
    sortable = {"id": "id", "programme": "programme_id", "code": "code", "title": "title", "position": "position"}
    default_sort = ("programme", "position")
    admin_only = True
    conflict_field = "code"

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Areas matching the filters."""
        assert isinstance(filters, PriorityAreaFilters)
        stmt = select(PriorityAreaRow)
        if filters.programme:
            stmt = stmt.where(PriorityAreaRow.programme_id == filters.programme)
        if filters.cross_cutting is not None:
            stmt = stmt.where(PriorityAreaRow.cross_cutting == filters.cross_cutting)
        return stmt

    def to_public(self, session: Session, rows: Sequence[PriorityAreaRow]) -> list[BaseModel]:
        """Areas as stored."""
        return [
            PriorityAreaPublic(
                id=r.id,
                programme=r.programme_id,
                code=r.code,
                title=r.title,
                description=r.description,
                cross_cutting=r.cross_cutting,
                position=r.position,
                **metadata_of(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: PriorityAreaRow) -> Scope:
        """The programme of the area."""
        return Scope(frozenset({row.programme_id}), programme_id=row.programme_id)

    def label(self, row: PriorityAreaRow) -> str:
        """``priority area PA1 of kz-2026-2031``."""
        return f"priority area {row.code} of {row.programme_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programme named."""
        assert isinstance(payload, PriorityAreaCreate)
        return {payload.programme}

    def create(self, session: Session, payload: BaseModel) -> PriorityAreaRow:
        """A new area, last unless a position is given."""
        assert isinstance(payload, PriorityAreaCreate)
        label = f"priority area {payload.code} of {payload.programme}"
        live_programme(session, payload.programme, label)
        position = payload.position
        if position is None:
            position = next_position(
                session, PriorityAreaRow.position, PriorityAreaRow.programme_id == payload.programme
            )
        row = PriorityAreaRow(
            programme_id=payload.programme,
            code=payload.code,
            title=payload.title,
            description=payload.description,
            cross_cutting=payload.cross_cutting,
            position=position,
            version=1,
        )
        session.add(row)
        check_framework(session, payload.programme, label, "code")
        return row

    def changes(self, session: Session, row: PriorityAreaRow, payload: BaseModel) -> dict[str, Any]:
        """The fields given (required ones may not be cleared)."""
        assert isinstance(payload, PriorityAreaUpdate)
        values = payload.model_dump(exclude_unset=True)
        for name in ("code", "title", "cross_cutting", "position"):
            if name in values and values[name] is None:
                raise DataError("may not be empty", record=self.label(row), field=name)
        return values

    def after_change(self, session: Session, row: PriorityAreaRow, payload: BaseModel) -> None:
        """Check the framework as a whole."""
        check_framework(session, row.programme_id, self.label(row), "code")

    def check_delete(self, session: Session, row: PriorityAreaRow) -> None:
        """Only an area without live objectives or operations."""
        label = self.label(row)
        objectives = session.scalar(
            select(func.count()).where(ObjectiveRow.priority_area_id == row.id, ObjectiveRow.deleted_at.is_(None))
        )
        in_use(session, label, "objectives", int(objectives or 0))
        links = session.scalar(select(func.count()).where(ProjectAreaLinkRow.priority_area_id == row.id))
        in_use(session, label, "links to operations", int(links or 0))

    def check_restore(self, session: Session, row: PriorityAreaRow) -> None:
        """The programme must be live, and the code still unused."""
        live_programme(session, row.programme_id, self.label(row))

    def after_restore(self, session: Session, row: PriorityAreaRow) -> None:
        """Check the framework as a whole."""
        check_framework(session, row.programme_id, self.label(row), "code")
