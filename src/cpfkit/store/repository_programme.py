"""A programme's definition read back from the store: calendar, envelope and the live results framework."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import NotFound
from cpfkit.model import (
    EnvelopeShare,
    EnvelopeYear,
    Indicator,
    MobilisationAttribution,
    Money,
    Objective,
    Observation,
    Overlap,
    PriorityArea,
    Programme,
)
from cpfkit.model.publishing import IatiDefaults
from cpfkit.store.provenance import provenance_of
from cpfkit.store.tables_framework import IndicatorRow, ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_programme import EnvelopeYearRow, ProgrammeRow

__all__ = ["envelope_of", "load_programme", "programme_row", "programme_to_model", "require_programme"]


def programme_row(session: Session, programme_id: str) -> ProgrammeRow:
    """The live programme's row, with its envelope and framework loaded (NotFound when there is none)."""
    row = session.scalar(
        select(ProgrammeRow)
        .where(ProgrammeRow.id == programme_id, ProgrammeRow.deleted_at.is_(None))
        .options(
            selectinload(ProgrammeRow.envelope).selectinload(EnvelopeYearRow.shares),
            selectinload(ProgrammeRow.priority_areas)
            .selectinload(PriorityAreaRow.objectives)
            .selectinload(ObjectiveRow.indicators)
            .selectinload(IndicatorRow.overlaps),
        )
    )
    if row is None:
        raise NotFound("programme", programme_id)
    return row


def envelope_of(row: ProgrammeRow) -> tuple[EnvelopeYear, ...]:
    """The model of a stored programme's envelope, each year with its shares by institution."""
    return tuple(
        EnvelopeYear(
            fy=y.fy,
            total=Money(amount=y.total, currency=y.currency),
            by_institution=tuple(
                EnvelopeShare(
                    institution=s.institution,
                    amount=Money(amount=s.amount, currency=s.currency),
                    **provenance_of(s),
                )
                for s in y.shares
            ),
            **provenance_of(y),
        )
        for y in row.envelope
    )


def load_programme(session: Session, programme_id: str) -> Programme:
    """The programme itself (calendar, envelope, results framework), without its operations."""
    return programme_to_model(programme_row(session, programme_id))


def programme_to_model(row: ProgrammeRow) -> Programme:
    """The model of a stored programme: calendar, envelope and live framework (deleted parts left out)."""

    def indicator(i: IndicatorRow) -> Indicator:
        return Indicator(
            code=i.code,
            name=i.name,
            unit=i.unit,
            direction=i.direction,
            aggregation=i.aggregation,
            kind=i.kind,
            baseline=Observation(value=i.baseline_value, date=i.baseline_date)
            if i.baseline_value is not None and i.baseline_date is not None
            else None,
            target=Observation(value=i.target_value, date=i.target_date)
            if i.target_value is not None and i.target_date is not None
            else None,
            headline=i.headline,
            published=i.published,
            description=i.description,
            overlaps=tuple(
                Overlap(projects=tuple(o.projects), amount=o.amount, **provenance_of(o)) for o in i.overlaps
            ),
            **provenance_of(i),
        )

    return Programme(
        id=row.id,
        country=row.country,
        title=row.title,
        period_start=row.period_start,
        period_end=row.period_end,
        fy_start_month=row.fy_start_month,
        status=row.status,
        description=row.description,
        ibrd_exposure_limit=Money(amount=row.ibrd_exposure_limit, currency=row.ibrd_exposure_limit_currency or "USD")
        if row.ibrd_exposure_limit is not None
        else None,
        discount_rate=row.discount_rate,
        mobilisation_attribution=row.mobilisation_attribution or MobilisationAttribution.PRO_RATA,
        envelope=envelope_of(row),
        priority_areas=tuple(
            PriorityArea(
                code=a.code,
                title=a.title,
                description=a.description,
                cross_cutting=a.cross_cutting,
                objectives=tuple(
                    Objective(
                        code=o.code,
                        title=o.title,
                        description=o.description,
                        indicators=tuple(indicator(i) for i in o.indicators if i.deleted_at is None),
                    )
                    for o in a.objectives
                    if o.deleted_at is None
                ),
            )
            for a in row.priority_areas
            if a.deleted_at is None
        ),
        iati=IatiDefaults.model_validate(row.iati_defaults) if row.iati_defaults else None,
        **provenance_of(row),
    )


def require_programme(session: Session, programme_id: str) -> ProgrammeRow:
    """The live programme.

    Raises:
        NotFound: no such programme (or it is deleted).
    """
    row = session.get(ProgrammeRow, programme_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("programme", programme_id)
    return row
