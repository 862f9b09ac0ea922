"""CPF objectives of a programme's results framework as editable records (``/api/objectives``).

An objective that still holds live indicators or operations is not deleted.
The schemas are in :mod:`cpfkit.store.records.framework_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import DataError, MissingReference
from cpfkit.store.records.common import check_framework, live_programme
from cpfkit.store.records.framework import in_use, next_position
from cpfkit.store.records.framework_schemas import ObjectiveCreate, ObjectiveFilters, ObjectivePublic, ObjectiveUpdate
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.tables_framework import IndicatorRow, ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProjectObjectiveLinkRow

__all__ = ["Objectives"]


def area_id(session: Session, programme: str, code: str, label: str) -> int:
    """The key of a live priority area of the programme, by its code (MissingReference when none)."""
    area = session.scalar(
        select(PriorityAreaRow.id).where(
            PriorityAreaRow.programme_id == programme,
            PriorityAreaRow.code == code,
            PriorityAreaRow.deleted_at.is_(None),
        )
    )
    if area is None:
        raise MissingReference(
            f"no priority area {code!r} in programme {programme}", record=label, field="priority_area"
        )
    return int(area)


class Objectives(Resource[ObjectiveRow]):
    """CPF objectives (``/api/objectives``): written by administrators."""

    name = "objective"
    path = "objectives"
    row = ObjectiveRow
    create_schema = ObjectiveCreate
    update_schema = ObjectiveUpdate
    public_schema = ObjectivePublic
    filter_schema = ObjectiveFilters
    sortable = {"id": "id", "programme": "programme_id", "code": "code", "title": "title", "position": "position"}
    default_sort = ("programme", "position")
    admin_only = True
    conflict_field = "code"

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Objectives matching the filters."""
        assert isinstance(filters, ObjectiveFilters)
        stmt = select(ObjectiveRow)
        if filters.programme:
            stmt = stmt.where(ObjectiveRow.programme_id == filters.programme)
        if filters.priority_area:
            stmt = stmt.where(
                ObjectiveRow.priority_area_id.in_(
                    select(PriorityAreaRow.id).where(PriorityAreaRow.code == filters.priority_area)
                )
            )
        return stmt.options(selectinload(ObjectiveRow.priority_area))

    def to_public(self, session: Session, rows: Sequence[ObjectiveRow]) -> list[BaseModel]:
        """Objectives with the code of their area."""
        return [
            ObjectivePublic(
                id=r.id,
                programme=r.programme_id,
                priority_area=r.priority_area.code,
                code=r.code,
                title=r.title,
                description=r.description,
                position=r.position,
                **metadata_of(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: ObjectiveRow) -> Scope:
        """The programme of the objective."""
        return Scope(frozenset({row.programme_id}), programme_id=row.programme_id)

    def label(self, row: ObjectiveRow) -> str:
        """``objective O1 of kz-2026-2031``."""
        return f"objective {row.code} of {row.programme_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programme named."""
        assert isinstance(payload, ObjectiveCreate)
        return {payload.programme}

    def create(self, session: Session, payload: BaseModel) -> ObjectiveRow:
        """A new objective, last in its area unless a position is given."""
        assert isinstance(payload, ObjectiveCreate)
        label = f"objective {payload.code} of {payload.programme}"
        live_programme(session, payload.programme, label)
        area = area_id(session, payload.programme, payload.priority_area, label)
        position = payload.position
        if position is None:
            position = next_position(session, ObjectiveRow.position, ObjectiveRow.priority_area_id == area)
        row = ObjectiveRow(
            programme_id=payload.programme,
            priority_area_id=area,
            code=payload.code,
            title=payload.title,
            description=payload.description,
            position=position,
            version=1,
        )
        session.add(row)
        check_framework(session, payload.programme, label, "code")
        return row

    def changes(self, session: Session, row: ObjectiveRow, payload: BaseModel) -> dict[str, Any]:
        """The fields given; a new area must be live in the same programme."""
        assert isinstance(payload, ObjectiveUpdate)
        values = payload.model_dump(exclude_unset=True)
        for name in ("priority_area", "code", "title", "position"):
            if name in values and values[name] is None:
                raise DataError("may not be empty", record=self.label(row), field=name)
        if "priority_area" in values:
            values["priority_area_id"] = area_id(
                session, row.programme_id, values.pop("priority_area"), self.label(row)
            )
        return values

    def after_change(self, session: Session, row: ObjectiveRow, payload: BaseModel) -> None:
        """Check the framework as a whole."""
        check_framework(session, row.programme_id, self.label(row), "code")

    def check_delete(self, session: Session, row: ObjectiveRow) -> None:
        """Only an objective without live indicators or operations."""
        label = self.label(row)
        indicators = session.scalar(
            select(func.count()).where(IndicatorRow.objective_id == row.id, IndicatorRow.deleted_at.is_(None))
        )
        in_use(session, label, "indicators", int(indicators or 0))
        links = session.scalar(select(func.count()).where(ProjectObjectiveLinkRow.objective_id == row.id))
        in_use(session, label, "links to operations", int(links or 0))

    def check_restore(self, session: Session, row: ObjectiveRow) -> None:
        """Its priority area must be live."""
        area = session.get(PriorityAreaRow, row.priority_area_id)
        if area is None or area.deleted_at is not None:
            raise MissingReference(
                "its priority area is deleted: restore it first", record=self.label(row), field="priority_area"
            )

    def after_restore(self, session: Session, row: ObjectiveRow) -> None:
        """Check the framework as a whole."""
        check_framework(session, row.programme_id, self.label(row), "code")
