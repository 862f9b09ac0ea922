"""An indicator between its row and the model: its fields, its overlaps, and the measurements it must still fit."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.model import Aggregation, Indicator, Observation, Overlap
from cpfkit.model.base import Num
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow, OverlapRow

__all__ = ["check_measurements", "indicator_columns", "indicator_fields", "overlap_rows"]


def _observation(value: date | None, figure: Num | None) -> Observation | None:
    return Observation(value=figure, date=value) if value is not None and figure is not None else None


def indicator_fields(row: IndicatorRow) -> dict[str, Any]:
    """The indicator's own fields as the model takes them (provenance apart: :func:`provenance_of`)."""
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
        "overlaps": [
            Overlap(projects=tuple(o.projects), amount=o.amount, **provenance_of(o)).model_dump() for o in row.overlaps
        ],
    }


def indicator_columns(model: Indicator) -> dict[str, Any]:
    """The indicator table's columns for a validated indicator."""
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
        **provenance_columns(model),
    }


def overlap_rows(model: Indicator) -> list[OverlapRow]:
    """The rows of a validated indicator's overlaps."""
    return [OverlapRow(projects=list(o.projects), amount=o.amount, **provenance_columns(o)) for o in model.overlaps]


def check_measurements(session: Session, row: IndicatorRow, model: Indicator, label: str) -> None:
    """A weighted or harmonic mean needs a weight on every live measurement; a harmonic mean, positive values."""
    if model.aggregation not in (Aggregation.WEIGHTED_MEAN, Aggregation.HARMONIC_MEAN):
        return
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
