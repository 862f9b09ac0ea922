"""Measurements (actual values of indicators) as editable records.

Their schemas are in :mod:`cpfkit.store.records.measurement_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import DataError, MissingReference
from cpfkit.model import Aggregation, Measurement
from cpfkit.model.results import aggregation_problem
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.records.common import live_programme
from cpfkit.store.records.measurement_schemas import (
    MeasurementCreate,
    MeasurementFilters,
    MeasurementPublic,
    MeasurementUpdate,
)
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.validation import merged, validated
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["Measurements"]


def _data(row: MeasurementRow) -> dict[str, Any]:
    return {
        "indicator": row.indicator.code,
        "project": row.project_id,
        "date": row.date,
        "value": row.value,
        "weight": row.weight,
        "qualifier": row.qualifier,
        "verified": row.verified,
        "quote": row.quote,
        "note": row.note,
    }


def _checked(session: Session, indicator: IndicatorRow, model: Measurement, label: str) -> dict[str, Any]:
    """The checks the folder loader applies: operation counted, date in the period, weight where needed."""
    programme = session.get(ProgrammeRow, indicator.programme_id)
    assert programme is not None
    if model.project is not None:
        counted = session.get(ProgrammeProjectRow, (programme.id, model.project))
        project = session.get(ProjectRow, model.project)
        if counted is None or project is None or project.deleted_at is not None:
            raise MissingReference(
                f"operation {model.project} is not counted by programme {programme.id}", record=label, field="project"
            )
    if not programme.period_start <= model.date <= programme.period_end:
        raise DataError(
            f"{model.date} is outside the programme period {programme.period_start} – {programme.period_end}",
            record=label,
            field="date",
        )
    problem = aggregation_problem(Aggregation(indicator.aggregation), model.value, model.weight)
    if problem is not None:
        raise DataError(f"indicator {indicator.code}: {problem[1]}", record=label, field=problem[0])
    return {
        "project_id": model.project,
        "date": model.date,
        "value": model.value,
        "weight": model.weight,
        "qualifier": model.qualifier.value if model.qualifier else None,
        "verified": model.verified,
        "quote": model.quote,
        "note": model.note,
        **provenance_columns(model),
    }


class Measurements(Resource[MeasurementRow]):
    """Measurements (``/api/measurements``): written by the programme's editors."""

    name = "measurement"
    path = "measurements"
    row = MeasurementRow
    create_schema = MeasurementCreate
    update_schema = MeasurementUpdate
    public_schema = MeasurementPublic
    filter_schema = MeasurementFilters
    sortable = {"id": "id", "date": "date", "project": "project_id", "value": "value", "updated_at": "updated_at"}
    default_sort = ("date",)

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Measurements matching the filters."""
        assert isinstance(filters, MeasurementFilters)
        stmt = select(MeasurementRow)
        if filters.programme or filters.indicator:
            indicators = select(IndicatorRow.id)
            if filters.programme:
                indicators = indicators.where(IndicatorRow.programme_id == filters.programme)
            if filters.indicator:
                indicators = indicators.where(IndicatorRow.code == filters.indicator)
            stmt = stmt.where(MeasurementRow.indicator_id.in_(indicators))
        if filters.project:
            stmt = stmt.where(MeasurementRow.project_id == filters.project)
        if filters.verified is not None:
            stmt = stmt.where(MeasurementRow.verified == filters.verified)
        if filters.date_from:
            stmt = stmt.where(MeasurementRow.date >= filters.date_from)
        if filters.date_to:
            stmt = stmt.where(MeasurementRow.date <= filters.date_to)
        return stmt.options(selectinload(MeasurementRow.indicator))

    def to_public(self, session: Session, rows: Sequence[MeasurementRow]) -> list[BaseModel]:
        """Measurements with their programme and indicator code."""
        return [
            MeasurementPublic(
                id=r.id,
                programme=r.indicator.programme_id,
                **_data(r),
                **metadata_of(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: MeasurementRow) -> Scope:
        """The indicator's programme."""
        return Scope(
            frozenset({row.indicator.programme_id}), programme_id=row.indicator.programme_id, project_id=row.project_id
        )

    def label(self, row: MeasurementRow) -> str:
        """``measurement 7 of I1``."""
        return f"measurement {row.id} of {row.indicator.code}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programme named."""
        assert isinstance(payload, MeasurementCreate)
        return {payload.programme}

    def create(self, session: Session, payload: BaseModel) -> MeasurementRow:
        """A new measurement, checked as the folder loader checks one."""
        assert isinstance(payload, MeasurementCreate)
        label = f"measurement of {payload.indicator} on {payload.date}"
        live_programme(session, payload.programme, label)
        indicator = session.scalar(
            select(IndicatorRow).where(
                IndicatorRow.programme_id == payload.programme,
                IndicatorRow.code == payload.indicator,
                IndicatorRow.deleted_at.is_(None),
            )
        )
        if indicator is None:
            raise MissingReference(
                f"no indicator {payload.indicator!r} in programme {payload.programme}", record=label, field="indicator"
            )
        model = validated(Measurement, payload.model_dump(exclude={"programme"}), label)
        row = MeasurementRow(indicator=indicator, version=1, **_checked(session, indicator, model, label))
        session.add(row)
        return row

    def changes(self, session: Session, row: MeasurementRow, payload: BaseModel) -> dict[str, Any]:
        """The measurement after the change, checked again."""
        assert isinstance(payload, MeasurementUpdate)
        label = self.label(row)
        data = merged(
            {**_data(row), **provenance_of(row)}, payload, ("date", "value", "verified", "illustrative"), label
        )
        return _checked(session, row.indicator, validated(Measurement, data, label), label)

    def check_restore(self, session: Session, row: MeasurementRow) -> None:
        """Its indicator must be live."""
        if row.indicator.deleted_at is not None:
            raise MissingReference(
                "its indicator is deleted: restore it first", record=self.label(row), field="indicator"
            )
