"""Storing and reading the portfolio records: events, country flags, planned disbursements, the risk register.

:func:`save_portfolio_records`, :func:`delete_portfolio_records` and
:func:`load_portfolio_records` are called by the programme repository
(:mod:`cpfkit.store.repository`) so that a programme folder round-trips whole;
the register's own queries (:func:`find_risk`, :func:`list_risks`) are in
:mod:`cpfkit.store.repository_risks`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.model import (
    CountryFlag,
    FxRates,
    Money,
    PlannedDisbursement,
    ProgrammeData,
    ProjectEvent,
    to_usd,
)
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.repository_programme import require_programme
from cpfkit.store.repository_risks import find_risk, list_risks, risk_row
from cpfkit.store.tables_portfolio import CountryFlagRow, PlannedDisbursementRow, ProjectEventRow

__all__ = [
    "delete_portfolio_records",
    "find_risk",
    "list_risks",
    "load_portfolio_records",
    "require_programme",
    "save_portfolio_records",
]


def save_portfolio_records(session: Session, data: ProgrammeData, fx: FxRates, *, origin: str) -> None:
    """Write the folder's events, country flags, planned disbursements and register entries."""
    programme_id = data.programme.id
    for e in data.events:
        session.add(
            ProjectEventRow(
                project_id=e.project,
                kind=e.kind.value,
                date=e.date,
                end_date=e.end,
                new_closing_date=e.new_closing,
                note=e.note,
                origin=programme_id,
                **provenance_columns(e),
            )
        )
    for f in data.country_flags:
        session.add(
            CountryFlagRow(
                programme_id=programme_id,
                kind=f.kind.value,
                date=f.date,
                end_date=f.end,
                value=f.value,
                note=f.note,
                **provenance_columns(f),
            )
        )
    for p in data.planned_disbursements:
        try:
            usd = to_usd(p.cumulative, fx, p.date)[0].amount
        except Exception as exc:  # FxRateMissing: the reader checked it; kept for API writes
            raise DataError(
                str(exc), file=origin, record=f"planned disbursement of {p.project}", field="cumulative"
            ) from exc
        session.add(
            PlannedDisbursementRow(
                project_id=p.project,
                date=p.date,
                amount=p.cumulative.amount,
                currency=p.cumulative.currency,
                amount_usd=usd,
                origin=programme_id,
                **provenance_columns(p),
            )
        )
    for r in data.risks:
        session.add(risk_row(programme_id, r, origin=programme_id))
    session.flush()


def delete_portfolio_records(session: Session, programme_id: str) -> None:
    """Remove the rows a programme folder loaded onto operations (the programme's own rows cascade)."""
    session.execute(delete(ProjectEventRow).where(ProjectEventRow.origin == programme_id))
    session.execute(delete(PlannedDisbursementRow).where(PlannedDisbursementRow.origin == programme_id))


def load_portfolio_records(session: Session, programme_id: str, projects: Collection[str]) -> dict[str, Any]:
    """The records of a programme and of the operations it counts, as ``ProgrammeData`` fields."""
    live = list(projects)
    events = session.scalars(
        select(ProjectEventRow)
        .where(ProjectEventRow.project_id.in_(live), ProjectEventRow.deleted_at.is_(None))
        .order_by(ProjectEventRow.date, ProjectEventRow.id)
    ).all()
    flags = session.scalars(
        select(CountryFlagRow)
        .where(CountryFlagRow.programme_id == programme_id, CountryFlagRow.deleted_at.is_(None))
        .order_by(CountryFlagRow.date, CountryFlagRow.id)
    ).all()
    plans = session.scalars(
        select(PlannedDisbursementRow)
        .where(PlannedDisbursementRow.project_id.in_(live), PlannedDisbursementRow.deleted_at.is_(None))
        .order_by(PlannedDisbursementRow.project_id, PlannedDisbursementRow.date)
    ).all()
    return {
        "events": tuple(
            ProjectEvent(
                project=e.project_id,
                kind=e.kind,
                date=e.date,
                end=e.end_date,
                new_closing=e.new_closing_date,
                note=e.note,
                **provenance_of(e),
            )
            for e in events
        ),
        "country_flags": tuple(
            CountryFlag(kind=f.kind, date=f.date, end=f.end_date, value=f.value, note=f.note, **provenance_of(f))
            for f in flags
        ),
        "planned_disbursements": tuple(
            PlannedDisbursement(
                project=p.project_id,
                date=p.date,
                cumulative=Money(amount=p.amount, currency=p.currency),
                **provenance_of(p),
            )
            for p in plans
        ),
        "risks": tuple(list_risks(session, programme_id)),
    }
