"""Results indicators as editable records (written by the programme's editors).

After every change the programme is rebuilt from the store so that the model
checks the framework as a whole (codes unique across areas, objectives and
indicators).  The schemas are in :mod:`cpfkit.store.records.indicator_schemas`,
the mapping to and from the row in :mod:`cpfkit.store.records.indicator_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import DataError, MissingReference
from cpfkit.model import Indicator
from cpfkit.store.provenance import provenance_of
from cpfkit.store.records.common import check_framework, live_programme
from cpfkit.store.records.framework import next_position
from cpfkit.store.records.indicator_rows import check_measurements, indicator_columns, indicator_fields, overlap_rows
from cpfkit.store.records.indicator_schemas import IndicatorCreate, IndicatorFilters, IndicatorPublic, IndicatorUpdate
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.validation import validated
from cpfkit.store.tables_framework import IndicatorRow, ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProgrammeProjectRow

__all__ = ["Indicators"]


def _objective_id(session: Session, programme: str, code: str, label: str) -> int:
    objective = session.scalar(
        select(ObjectiveRow.id).where(
            ObjectiveRow.programme_id == programme, ObjectiveRow.code == code, ObjectiveRow.deleted_at.is_(None)
        )
    )
    if objective is None:
        raise MissingReference(f"no objective {code!r} in programme {programme}", record=label, field="objective")
    return int(objective)


_PENDING = "cpfkit_pending_indicators"


class Indicators(Resource[IndicatorRow]):
    """Results indicators (``/api/indicators``): written by the programme's editors."""

    name = "indicator"
    path = "indicators"
    row = IndicatorRow
    create_schema = IndicatorCreate
    update_schema = IndicatorUpdate
    public_schema = IndicatorPublic
    filter_schema = IndicatorFilters
    sortable = {"id": "id", "programme": "programme_id", "code": "code", "name": "name", "position": "position"}
    default_sort = ("programme", "position")
    conflict_field = "code"

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Indicators matching the filters."""
        assert isinstance(filters, IndicatorFilters)
        stmt = select(IndicatorRow)
        if filters.programme:
            stmt = stmt.where(IndicatorRow.programme_id == filters.programme)
        if filters.objective:
            stmt = stmt.where(
                IndicatorRow.objective_id.in_(select(ObjectiveRow.id).where(ObjectiveRow.code == filters.objective))
            )
        if filters.priority_area:
            stmt = stmt.where(
                IndicatorRow.objective_id.in_(
                    select(ObjectiveRow.id)
                    .join(PriorityAreaRow, PriorityAreaRow.id == ObjectiveRow.priority_area_id)
                    .where(PriorityAreaRow.code == filters.priority_area)
                )
            )
        if filters.headline is not None:
            stmt = stmt.where(IndicatorRow.headline == filters.headline)
        if filters.kind is not None:
            stmt = stmt.where(IndicatorRow.kind == filters.kind.value)
        return stmt.options(selectinload(IndicatorRow.overlaps), selectinload(IndicatorRow.objective))

    def to_public(self, session: Session, rows: Sequence[IndicatorRow]) -> list[BaseModel]:
        """Indicators with the code of their objective."""
        out: list[BaseModel] = []
        for r in rows:
            out.append(
                IndicatorPublic(
                    id=r.id,
                    programme=r.programme_id,
                    objective=r.objective.code,
                    position=r.position,
                    **indicator_fields(r),
                    **metadata_of(r),
                )
            )
        return out

    def scope(self, session: Session, row: IndicatorRow) -> Scope:
        """The programme of the indicator."""
        return Scope(frozenset({row.programme_id}), programme_id=row.programme_id)

    def label(self, row: IndicatorRow) -> str:
        """``indicator I1 of kz-2026-2031``."""
        return f"indicator {row.code} of {row.programme_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programme named."""
        assert isinstance(payload, IndicatorCreate)
        return {payload.programme}

    def _check(self, session: Session, programme: str, model: Indicator, label: str) -> None:
        counted = None
        for i, overlap in enumerate(model.overlaps):
            for pid in overlap.projects:
                counted = counted if counted is not None else _counted(session, programme)
                if pid not in counted:
                    raise MissingReference(
                        f"operation {pid} is not counted by programme {programme}",
                        record=label,
                        field=f"overlaps.{i}.projects",
                    )

    def create(self, session: Session, payload: BaseModel) -> IndicatorRow:
        """A new indicator, checked by the model and, with its framework, by the programme's model."""
        assert isinstance(payload, IndicatorCreate)
        label = f"indicator {payload.code} of {payload.programme}"
        live_programme(session, payload.programme, label)
        objective = _objective_id(session, payload.programme, payload.objective, label)
        model = validated(Indicator, payload.model_dump(exclude={"programme", "objective", "position"}), label)
        self._check(session, payload.programme, model, label)
        position = payload.position
        if position is None:
            position = next_position(session, IndicatorRow.position, IndicatorRow.objective_id == objective)
        row = IndicatorRow(programme_id=payload.programme, objective_id=objective, position=position, version=1)
        for name, value in indicator_columns(model).items():
            setattr(row, name, value)
        row.overlaps = overlap_rows(model)
        session.add(row)
        check_framework(session, payload.programme, label, "code")
        return row

    def changes(self, session: Session, row: IndicatorRow, payload: BaseModel) -> dict[str, Any]:
        """The indicator after the change, checked by the model; measurements must still fit it."""
        assert isinstance(payload, IndicatorUpdate)
        label = self.label(row)
        given = payload.model_dump(exclude_unset=True, exclude={"objective", "position"})
        data = {**indicator_fields(row), **provenance_of(row), **given}
        for name in ("overlaps", "illustrative_fields"):
            if name in given and given[name] is None:
                data[name] = []
        model = validated(Indicator, data, label)
        self._check(session, row.programme_id, model, label)
        check_measurements(session, row, model, label)
        values = indicator_columns(model)
        if payload.objective is not None:
            values["objective_id"] = _objective_id(session, row.programme_id, payload.objective, label)
        elif "objective" in payload.model_fields_set:
            raise DataError("may not be empty", record=label, field="objective")
        if payload.position is not None:
            values["position"] = payload.position
        session.info.setdefault(_PENDING, {})[row.id] = model
        return values

    def after_change(self, session: Session, row: IndicatorRow, payload: BaseModel) -> None:
        """Replace the overlaps given; check the framework as a whole."""
        model = session.info.get(_PENDING, {}).pop(row.id)
        if "overlaps" in payload.model_fields_set:
            row.overlaps = overlap_rows(model)
        check_framework(session, row.programme_id, self.label(row), "code")

    def check_restore(self, session: Session, row: IndicatorRow) -> None:
        """Its objective must be live."""
        objective = session.get(ObjectiveRow, row.objective_id)
        if objective is None or objective.deleted_at is not None:
            raise MissingReference(
                "its objective is deleted: restore it first", record=self.label(row), field="objective"
            )

    def after_restore(self, session: Session, row: IndicatorRow) -> None:
        """Check the framework as a whole."""
        check_framework(session, row.programme_id, self.label(row), "code")


def _counted(session: Session, programme: str) -> set[str]:
    return set(
        session.scalars(select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme))
    )
