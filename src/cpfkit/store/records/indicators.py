"""Results indicators as editable records (written by the programme's editors).

After every change the programme is rebuilt from the store so that the model
checks the framework as a whole (codes unique across areas, objectives and
indicators).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import DataError, MissingReference
from cpfkit.model import Aggregation, Direction, Indicator, IndicatorKind, Observation, Overlap
from cpfkit.model.base import Num
from cpfkit.store.records.base import Resource, Scope, record_stamps, validated
from cpfkit.store.records.common import check_framework, live_programme
from cpfkit.store.records.fields import (
    Code,
    Day,
    Figure,
    Filters,
    Label,
    Note,
    ProjectId,
    Provenance,
    Public,
    Schema,
    Slug,
)
from cpfkit.store.records.framework import Position, next_position
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow, ObjectiveRow, OverlapRow, PriorityAreaRow
from cpfkit.store.tables_links import ProgrammeProjectRow

__all__ = ["IndicatorCreate", "IndicatorFilters", "IndicatorPublic", "IndicatorUpdate", "Indicators"]


class ObservationIn(Schema):
    """A value on a date."""

    value: Figure
    date: Day


class OverlapIn(Provenance):
    """Beneficiaries that several operations reach in common, counted once."""

    projects: list[ProjectId] = Field(min_length=2, max_length=50)
    amount: Figure | None = Field(default=None, ge=0)


class IndicatorCreate(Provenance):
    """A new results indicator under an objective."""

    programme: Slug
    objective: Code = Field(description="Code of the objective.")
    code: Code
    name: Label
    unit: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    direction: Direction = Field(description="Whether progress is up, down or holding (required).")
    aggregation: Aggregation = Field(description="How the operations' values add up (required).")
    kind: IndicatorKind = Field(description="An objective indicator or a supplementary one (required).")
    baseline: ObservationIn | None = None
    target: ObservationIn | None = None
    headline: bool = False
    published: Note | None = None
    description: Note | None = None
    overlaps: list[OverlapIn] = Field(default_factory=list, max_length=100)
    position: Position | None = None


class IndicatorUpdate(Schema):
    """Fields to change (``objective`` moves the indicator; ``overlaps`` given replace the stored ones)."""

    objective: Code | None = None
    code: Code | None = None
    name: Label | None = None
    unit: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    direction: Direction | None = None
    aggregation: Aggregation | None = None
    kind: IndicatorKind | None = None
    baseline: ObservationIn | None = None
    target: ObservationIn | None = None
    headline: bool | None = None
    published: Note | None = None
    description: Note | None = None
    overlaps: list[OverlapIn] | None = Field(default=None, max_length=100)
    position: Position | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: list[Annotated[str, StringConstraints(max_length=64)]] | None = Field(
        default=None, max_length=50
    )


class IndicatorPublic(Public):
    """An indicator as stored."""

    id: int
    programme: str
    objective: str
    code: str
    name: str
    unit: str
    direction: str
    aggregation: str
    kind: str
    baseline: Observation | None
    target: Observation | None
    headline: bool
    published: str | None
    description: str | None
    overlaps: list[Overlap]
    position: int
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class IndicatorFilters(Filters):
    """Filters of the list of indicators."""

    programme: Slug | None = None
    objective: Code | None = None
    priority_area: Code | None = None
    headline: bool | None = None
    kind: IndicatorKind | None = None


def _objective_id(session: Session, programme: str, code: str, label: str) -> int:
    objective = session.scalar(
        select(ObjectiveRow.id).where(
            ObjectiveRow.programme_id == programme, ObjectiveRow.code == code, ObjectiveRow.deleted_at.is_(None)
        )
    )
    if objective is None:
        raise MissingReference(f"no objective {code!r} in programme {programme}", record=label, field="objective")
    return int(objective)


def _observation(value: date | None, figure: Num | None) -> Observation | None:
    return Observation(value=figure, date=value) if value is not None and figure is not None else None


def _overlap_models(row: IndicatorRow) -> list[Overlap]:
    return [
        Overlap(
            projects=tuple(o.projects),
            amount=o.amount,
            source=o.source,
            illustrative=o.illustrative,
            illustrative_fields=frozenset(o.illustrative_fields or ()),
        )
        for o in row.overlaps
    ]


def _indicator_model(row: IndicatorRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "direction": row.direction,
        "aggregation": row.aggregation,
        "kind": row.kind,
        "baseline": _observation(row.baseline_date, row.baseline_value),
        "target": _observation(row.target_date, row.target_value),
        "headline": row.headline,
        "published": row.published,
        "description": row.description,
        "overlaps": [o.model_dump() for o in _overlap_models(row)],
        "source": row.source,
        "illustrative": row.illustrative,
        "illustrative_fields": list(row.illustrative_fields or []),
    }


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
                    **record_stamps(r),
                    **_indicator_model(r),
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
        for name, value in _columns(model).items():
            setattr(row, name, value)
        row.overlaps = _overlap_rows(model)
        session.add(row)
        check_framework(session, payload.programme, label, "code")
        return row

    def changes(self, session: Session, row: IndicatorRow, payload: BaseModel) -> dict[str, Any]:
        """The indicator after the change, checked by the model; measurements must still fit it."""
        assert isinstance(payload, IndicatorUpdate)
        label = self.label(row)
        given = payload.model_dump(exclude_unset=True, exclude={"objective", "position"})
        data = {**_indicator_model(row), **given}
        for name in ("overlaps", "illustrative_fields"):
            if name in given and given[name] is None:
                data[name] = []
        model = validated(Indicator, data, label)
        self._check(session, row.programme_id, model, label)
        if model.aggregation in (Aggregation.WEIGHTED_MEAN, Aggregation.HARMONIC_MEAN):
            live = (MeasurementRow.indicator_id == row.id, MeasurementRow.deleted_at.is_(None))
            unweighted = session.scalar(select(func.count()).where(*live, MeasurementRow.weight.is_(None)))
            kind = model.aggregation.value.replace("_", " ")
            if unweighted:
                raise DataError(
                    f"a {kind} needs a weight on every measurement; {unweighted} have none",
                    record=label,
                    field="aggregation",
                )
            if model.aggregation is Aggregation.HARMONIC_MEAN:
                # values are compared in Python: SQLite keeps them as text (store/types.py)
                not_positive = sum(1 for v in session.scalars(select(MeasurementRow.value).where(*live)) if v <= 0)
                if not_positive:
                    raise DataError(
                        f"a harmonic mean needs positive values; {not_positive} measurements are zero or below",
                        record=label,
                        field="aggregation",
                    )
        values = _columns(model)
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
            row.overlaps = _overlap_rows(model)
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


def _columns(model: Indicator) -> dict[str, Any]:
    return {
        "code": model.code,
        "name": model.name,
        "unit": model.unit,
        "direction": model.direction.value,
        "aggregation": model.aggregation.value,
        "kind": model.kind.value,
        "baseline_value": model.baseline.value if model.baseline else None,
        "baseline_date": model.baseline.date if model.baseline else None,
        "target_value": model.target.value if model.target else None,
        "target_date": model.target.date if model.target else None,
        "headline": model.headline,
        "published": model.published,
        "description": model.description,
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
    }


def _overlap_rows(model: Indicator) -> list[OverlapRow]:
    return [
        OverlapRow(
            projects=list(o.projects),
            amount=o.amount,
            source=o.source,
            illustrative=o.illustrative,
            illustrative_fields=sorted(o.illustrative_fields),
        )
        for o in model.overlaps
    ]
