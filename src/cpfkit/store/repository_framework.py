"""A new programme's rows: its calendar, envelope and results framework, from the validated model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cpfkit.model import (
    Indicator,
    Programme,
)
from cpfkit.store.provenance import provenance_columns
from cpfkit.store.tables_framework import IndicatorRow, ObjectiveRow, OverlapRow, PriorityAreaRow
from cpfkit.store.tables_programme import EnvelopeShareRow, EnvelopeYearRow, ProgrammeRow

__all__ = ["FrameworkRows", "envelope_rows", "framework_rows", "programme_columns"]


@dataclass
class FrameworkRows:
    """A new programme's row, and its framework's rows by code (their keys are known once flushed)."""

    programme: ProgrammeRow
    areas: dict[str, PriorityAreaRow] = field(default_factory=dict)
    objectives: dict[str, ObjectiveRow] = field(default_factory=dict)
    indicators: dict[str, IndicatorRow] = field(default_factory=dict)


def framework_rows(programme: Programme) -> FrameworkRows:
    """The rows of a programme with its envelope and results framework, in the framework's order."""
    prow = ProgrammeRow(
        id=programme.id,
        iati_defaults=programme.iati.model_dump(mode="json") if programme.iati else None,
        **programme_columns(programme),
    )
    prow.envelope = envelope_rows(programme)
    rows = FrameworkRows(prow)
    for a_pos, area in enumerate(programme.priority_areas):
        arow = PriorityAreaRow(
            programme_id=programme.id,
            code=area.code,
            title=area.title,
            description=area.description,
            cross_cutting=area.cross_cutting,
            position=a_pos,
        )
        rows.areas[area.code] = arow
        for o_pos, objective in enumerate(area.objectives):
            orow = ObjectiveRow(
                programme_id=programme.id,
                code=objective.code,
                title=objective.title,
                description=objective.description,
                position=o_pos,
            )
            rows.objectives[objective.code] = orow
            for i_pos, indicator in enumerate(objective.indicators):
                irow = _indicator_row(programme.id, indicator, i_pos)
                rows.indicators[indicator.code] = irow
                orow.indicators.append(irow)
            arow.objectives.append(orow)
        prow.priority_areas.append(arow)
    return rows


def programme_columns(programme: Programme) -> dict[str, Any]:
    """The programme table's columns for a validated programme (but its key and IATI defaults)."""
    limit = programme.ibrd_exposure_limit
    return {
        "country": programme.country,
        "title": programme.title,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "fy_start_month": programme.fy_start_month,
        "status": programme.status.value,
        "description": programme.description,
        "ibrd_exposure_limit": limit.amount if limit else None,
        "ibrd_exposure_limit_currency": limit.currency if limit else None,
        "discount_rate": programme.discount_rate,
        "mobilisation_attribution": programme.mobilisation_attribution.value,
        **provenance_columns(programme),
    }


def envelope_rows(programme: Programme) -> list[EnvelopeYearRow]:
    """The rows of a validated programme's envelope, each year with its shares by institution."""
    rows = []
    for year in programme.envelope:
        yrow = EnvelopeYearRow(
            fy=year.fy, total=year.total.amount, currency=year.total.currency, **provenance_columns(year)
        )
        yrow.shares = [
            EnvelopeShareRow(
                institution=s.institution.value,
                amount=s.amount.amount,
                currency=s.amount.currency,
                **provenance_columns(s),
            )
            for s in year.by_institution
        ]
        rows.append(yrow)
    return rows


def _indicator_row(programme_id: str, indicator: Indicator, position: int) -> IndicatorRow:
    row = IndicatorRow(
        programme_id=programme_id,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction.value,
        aggregation=indicator.aggregation.value,
        kind=indicator.kind.value,
        baseline_value=indicator.baseline.value if indicator.baseline else None,
        baseline_date=indicator.baseline.date if indicator.baseline else None,
        target_value=indicator.target.value if indicator.target else None,
        target_date=indicator.target.date if indicator.target else None,
        headline=indicator.headline,
        published=indicator.published,
        description=indicator.description,
        position=position,
        **provenance_columns(indicator),
    )
    row.overlaps = [
        OverlapRow(projects=list(o.projects), amount=o.amount, **provenance_columns(o)) for o in indicator.overlaps
    ]
    return row
