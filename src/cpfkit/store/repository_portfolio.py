"""Storing and reading the portfolio records: events, country flags, planned disbursements, the risk register.

:func:`save_portfolio_records`, :func:`delete_portfolio_records` and
:func:`load_portfolio_records` are called by the programme repository
(:mod:`cpfkit.store.repository`) so that a programme folder round-trips whole;
the ``*_risk`` functions edit the register in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError, NotFound
from cpfkit.model import (
    CountryFlag,
    FxRates,
    Money,
    PlannedDisbursement,
    ProgrammeData,
    ProjectEvent,
    RiskEntry,
    to_usd,
)
from cpfkit.model.base import Sourced
from cpfkit.store.tables_portfolio import CountryFlagRow, PlannedDisbursementRow, ProjectEventRow, RiskEntryRow
from cpfkit.store.tables_programme import ProgrammeRow

__all__ = [
    "delete_portfolio_records",
    "find_risk",
    "list_risks",
    "load_portfolio_records",
    "require_programme",
    "save_portfolio_records",
]


def _provenance(record: Sourced) -> dict[str, Any]:
    return {
        "source": record.source,
        "illustrative": record.illustrative,
        "illustrative_fields": sorted(record.illustrative_fields),
    }


def _sourced(row: Any) -> dict[str, Any]:
    return {
        "source": row.source,
        "illustrative": bool(row.illustrative),
        "illustrative_fields": frozenset(row.illustrative_fields or ()),
    }


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
                **_provenance(e),
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
                **_provenance(f),
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
                **_provenance(p),
            )
        )
    for r in data.risks:
        session.add(_risk_row(programme_id, r, origin=programme_id))
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
                **_sourced(e),
            )
            for e in events
        ),
        "country_flags": tuple(
            CountryFlag(kind=f.kind, date=f.date, end=f.end_date, value=f.value, note=f.note, **_sourced(f))
            for f in flags
        ),
        "planned_disbursements": tuple(
            PlannedDisbursement(
                project=p.project_id,
                date=p.date,
                cumulative=Money(amount=p.amount, currency=p.currency),
                **_sourced(p),
            )
            for p in plans
        ),
        "risks": tuple(list_risks(session, programme_id)),
    }


# -- the risk register -------------------------------------------------------------------


def _risk_row(programme_id: str, r: RiskEntry, *, origin: str | None) -> RiskEntryRow:
    return RiskEntryRow(
        programme_id=programme_id,
        code=r.code,
        title=r.title,
        description=r.description,
        factors=[f.value for f in r.factors],
        category=r.category.value if r.category else None,
        rating=r.rating.value,
        mitigation=r.mitigation,
        owner=r.owner,
        project_id=r.project,
        status=r.status.value,
        opened=r.opened,
        closed=r.closed,
        closing_note=r.closing_note,
        origin=origin,
        **_provenance(r),
    )


def _risk_model(row: RiskEntryRow) -> RiskEntry:
    return RiskEntry(
        code=row.code,
        title=row.title,
        description=row.description,
        factors=tuple(row.factors or ()),
        category=row.category,
        rating=row.rating,
        mitigation=row.mitigation,
        owner=row.owner,
        project=row.project_id,
        status=row.status,
        opened=row.opened,
        closed=row.closed,
        closing_note=row.closing_note,
        **_sourced(row),
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


def list_risks(session: Session, programme_id: str) -> list[RiskEntry]:
    """Every register entry of a programme, open and closed, in code order (R2 before R10)."""
    require_programme(session, programme_id)
    rows = session.scalars(
        select(RiskEntryRow).where(RiskEntryRow.programme_id == programme_id, RiskEntryRow.deleted_at.is_(None))
    ).all()
    return sorted((_risk_model(r) for r in rows), key=lambda r: _code_key(r.code))


def _code_key(code: str) -> tuple[str, int, str]:
    head = code.rstrip("0123456789")
    tail = code[len(head) :]
    return (head, int(tail) if tail else -1, code)


def find_risk(session: Session, programme_id: str, code: str) -> tuple[int, int, RiskEntry]:
    """A live register entry by its code: its record id, its version and the entry.

    Raises:
        NotFound: no such programme, or no live entry of that code.
    """
    require_programme(session, programme_id)
    row = session.scalar(
        select(RiskEntryRow).where(
            RiskEntryRow.programme_id == programme_id, RiskEntryRow.code == code, RiskEntryRow.deleted_at.is_(None)
        )
    )
    if row is None:
        raise NotFound("risk", f"{programme_id}/{code}")
    return row.id, row.version, _risk_model(row)
