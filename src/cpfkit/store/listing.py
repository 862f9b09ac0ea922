"""The few columns the list of programmes needs, read on a plain connection (SQLAlchemy Core, no ORM).

Each programme with its calendar, provenance, envelope totals by fiscal year, and the operations it counts
(their status, dates, commitment and whether they were carried over).  The figures are computed from these
rows by :mod:`cpfkit.services.listing`, by the same rules as from a loaded programme.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Integer, String, text

__all__ = ["EnvelopeRow", "Heading", "OperationRow", "ProgrammeRows", "read_programmes"]


@dataclass(frozen=True)
class Heading:
    """What the list shows of the programme itself."""

    id: str
    title: str
    country: str
    period_start: date
    period_end: date
    fy_start_month: int
    status: str
    source: str | None
    illustrative: bool


@dataclass(frozen=True)
class EnvelopeRow:
    """A fiscal year's envelope total as stored."""

    fy: int
    total: Decimal
    currency: str


@dataclass(frozen=True)
class OperationRow:
    """An operation a programme counts, as the listing reads it."""

    id: str
    status: str
    approval: date | None
    concept: date | None
    commitment: Decimal | None
    currency: str
    carried: bool


@dataclass(frozen=True)
class ProgrammeRows:
    """A live programme's columns, envelope and live operations."""

    heading: Heading
    envelope: tuple[EnvelopeRow, ...]
    operations: tuple[OperationRow, ...]


_PROGRAMMES = text(
    "SELECT id, title, country, period_start, period_end, fy_start_month, status, source, illustrative "
    "FROM programmes WHERE deleted_at IS NULL ORDER BY id"
).columns(period_start=Date, period_end=Date, fy_start_month=Integer, illustrative=Boolean)

_ENVELOPE = text("SELECT programme_id, fy, total, currency FROM envelope_years ORDER BY programme_id, id").columns(
    fy=Integer, total=String
)

_OPERATIONS = text(
    "SELECT link.programme_id, p.id, p.status, p.approval_date, p.concept_date, p.commitment, "
    "p.commitment_currency, link.carried_from "
    "FROM programme_projects AS link JOIN projects AS p ON p.id = link.project_id "
    "WHERE p.deleted_at IS NULL ORDER BY link.programme_id, p.id"
).columns(approval_date=Date, concept_date=Date, commitment=String)


def _decimal(value: Any) -> Decimal:
    """A stored exact number: text in SQLite, ``NUMERIC`` in PostgreSQL."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def read_programmes(conn: Connection) -> list[ProgrammeRows]:
    """Every live programme, sorted by identifier, with its envelope and its live operations (three reads)."""
    envelope: dict[str, list[EnvelopeRow]] = defaultdict(list)
    for year in conn.execute(_ENVELOPE):
        envelope[year.programme_id].append(EnvelopeRow(year.fy, _decimal(year.total), year.currency))
    operations: dict[str, list[OperationRow]] = defaultdict(list)
    for op in conn.execute(_OPERATIONS):
        operations[op.programme_id].append(
            OperationRow(
                id=op.id,
                status=op.status,
                approval=op.approval_date,
                concept=op.concept_date,
                commitment=None if op.commitment is None else _decimal(op.commitment),
                currency=op.commitment_currency or "USD",
                carried=bool(op.carried_from),
            )
        )
    return [
        ProgrammeRows(
            heading=Heading(
                id=row.id,
                title=row.title,
                country=row.country,
                period_start=row.period_start,
                period_end=row.period_end,
                fy_start_month=row.fy_start_month,
                status=row.status,
                source=row.source,
                illustrative=bool(row.illustrative),
            ),
            envelope=tuple(envelope[row.id]),
            operations=tuple(operations[row.id]),
        )
        for row in conn.execute(_PROGRAMMES)
    ]
