"""The results framework as editable records: priority areas and objectives (administrators).

After every change the programme is rebuilt from the store so that the model
checks the framework as a whole (codes unique across areas, objectives and
indicators).  A priority area or objective that still holds live records is
not deleted: its objectives, indicators or operations would lose their place.
Indicators are in :mod:`cpfkit.store.records.indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import Conflict, DataError, MissingReference
from cpfkit.store.records.base import Resource, Scope
from cpfkit.store.records.common import check_framework, live_programme
from cpfkit.store.records.fields import (
    Code,
    Filters,
    Label,
    Note,
    Public,
    Schema,
    Slug,
)
from cpfkit.store.tables_framework import IndicatorRow, ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProjectAreaLinkRow, ProjectObjectiveLinkRow

__all__ = ["Objectives", "Position", "PriorityAreas", "next_position"]

Position = Annotated[int, Field(ge=0, le=10_000)]


def next_position(session: Session, column: Any, where: Any) -> int:
    """The position after the last of the rows ``where`` selects (0 for the first)."""
    return int(session.scalar(select(func.coalesce(func.max(column), -1)).where(where)) or 0) + 1


def _in_use(session: Session, label: str, what: str, count: int) -> None:
    if count:
        raise Conflict(f"still holds {count} live {what}: delete or move them first", record=label, field="id")


# -- priority areas -------------------------------------------------------------------------------


class PriorityAreaCreate(Schema):
    """A new priority area of a programme."""

    programme: Slug
    code: Code
    title: Label
    description: Note | None = None
    cross_cutting: bool = False
    position: Position | None = Field(default=None, description="Order in the framework (default: last).")


class PriorityAreaUpdate(Schema):
    """Fields to change."""

    code: Code | None = None
    title: Label | None = None
    description: Note | None = None
    cross_cutting: bool | None = None
    position: Position | None = None


class PriorityAreaPublic(Public):
    """A priority area as stored."""

    id: int
    programme: str
    code: str
    title: str
    description: str | None
    cross_cutting: bool
    position: int
    version: int
    deleted_at: datetime | None


class PriorityAreaFilters(Filters):
    """Filters of the list of priority areas."""

    programme: Slug | None = None
    cross_cutting: bool | None = None


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
                version=r.version,
                deleted_at=r.deleted_at,
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
        _in_use(session, label, "objectives", int(objectives or 0))
        links = session.scalar(select(func.count()).where(ProjectAreaLinkRow.priority_area_id == row.id))
        _in_use(session, label, "links to operations", int(links or 0))

    def check_restore(self, session: Session, row: PriorityAreaRow) -> None:
        """The programme must be live, and the code still unused."""
        live_programme(session, row.programme_id, self.label(row))

    def after_restore(self, session: Session, row: PriorityAreaRow) -> None:
        """Check the framework as a whole."""
        check_framework(session, row.programme_id, self.label(row), "code")


# -- objectives -----------------------------------------------------------------------------------


class ObjectiveCreate(Schema):
    """A new CPF objective under a priority area."""

    programme: Slug
    priority_area: Code = Field(description="Code of the priority area.")
    code: Code
    title: Label
    description: Note | None = None
    position: Position | None = None


class ObjectiveUpdate(Schema):
    """Fields to change (``priority_area`` moves the objective)."""

    priority_area: Code | None = None
    code: Code | None = None
    title: Label | None = None
    description: Note | None = None
    position: Position | None = None


class ObjectivePublic(Public):
    """An objective as stored."""

    id: int
    programme: str
    priority_area: str
    code: str
    title: str
    description: str | None
    position: int
    version: int
    deleted_at: datetime | None


class ObjectiveFilters(Filters):
    """Filters of the list of objectives."""

    programme: Slug | None = None
    priority_area: Code | None = None


def _area_id(session: Session, programme: str, code: str, label: str) -> int:
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
                version=r.version,
                deleted_at=r.deleted_at,
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
        area = _area_id(session, payload.programme, payload.priority_area, label)
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
            values["priority_area_id"] = _area_id(
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
        _in_use(session, label, "indicators", int(indicators or 0))
        links = session.scalar(select(func.count()).where(ProjectObjectiveLinkRow.objective_id == row.id))
        _in_use(session, label, "links to operations", int(links or 0))

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
