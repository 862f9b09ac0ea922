"""Closed periods: a programme's values dated up to a day, frozen until an administrator reopens them.

An administrator closes a programme's period up to a day (the end of a fiscal year that has been
reported) with a reason.  From then on, the values of the programme dated up to that day — its
indicators' measurements, the transactions and ISR ratings of the operations it counts — can be
neither added, changed nor deleted, whatever writes them: an edit through the API or a page, a
command, a workbook upload, a folder re-load or an IATI import.

The rule is kept in one place, the commit of every session (:func:`_check_on_commit`).  When the
period is closed, the digest of its values (:func:`fingerprint`) is stored with the close; every
transaction that commits while a close is in force recomputes the digest of that programme's values
and is refused whole (:class:`~cpfkit.errors.PeriodClosed`, nothing written) when it differs.  So a
write that touches nothing of the period — a value dated after it, a note of a review — goes
through, while adding, changing, deleting or moving a value into or out of the period does not,
whichever path wrote it (ORM rows, bulk statements, plain SQL through the session's connection,
cascades).  What the digest covers:

* measurements of the programme's indicators: indicator, operation, date, value, weight, qualifier,
  verification;
* transactions of the operations the programme counts: operation, type, date, amount, currency;
* ISR ratings of those operations: operation, kind, date, rating.

Texts beside the figures (notes, quotes, sources) are not part of it.  Linking an operation whose
ledger reaches into the period, or unlinking one, changes the period's values and is refused too.

The digest is checked for every close in force at every commit, so a closed value changed outside
cpfkit (plain SQL in ``psql``, a migration that rewrites values) makes every commit refused, naming the
close, until an administrator reopens that period (reopening commits, since a reopened close is no
longer checked) and, if the values are right, closes it again.  On PostgreSQL, closing takes a share
lock on the tables of values so that no write in flight slips between the digest and the close.

One close is in force at a time.  A new close may only move the day forward: it supersedes the close
in force (which is kept in the history as reopened, with the reason "moved forward").  Closing an
earlier or the same day needs the close in force to be reopened first.  Reopening takes a reason;
nothing is ever deleted from the history (until the programme itself is deleted).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam, event, select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, DataError, PeriodClosed
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_ledger import ProjectRatingRow, TransactionRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_periods import PeriodCloseRow

__all__ = [
    "PeriodClose",
    "check",
    "close_period",
    "fingerprint",
    "history",
    "in_force",
    "keep_closes",
    "refusal",
    "reopen_period",
    "restore_closes",
    "stamp",
]

_VALUE_TABLES = ("measurements", "transactions", "project_ratings", "programme_projects")
"""The tables the digest of a period reads."""

MOVED_FORWARD = "moved forward"
"""The reopening reason of a close superseded by a later one."""


@dataclass(frozen=True)
class PeriodClose:
    """One close of a programme's period, as the history lists it."""

    programme: str
    until: date
    reason: str
    closed_at: datetime
    closed_by: str
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None

    @property
    def in_force(self) -> bool:
        """Whether the close still holds."""
        return self.reopened_at is None

    def to_json(self) -> dict[str, Any]:
        """The close as ``cpfkit period list --json`` and the API give it."""
        return {
            "until": self.until.isoformat(),
            "reason": self.reason,
            "closed_at": self.closed_at.isoformat(),
            "closed_by": self.closed_by,
            "reopened_at": self.reopened_at.isoformat() if self.reopened_at else None,
            "reopened_by": self.reopened_by,
            "reopen_reason": self.reopen_reason,
        }


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def stamp(value: datetime) -> str:
    """A time as messages give it: ``2026-12-08 09:30 UTC``."""
    return (_utc(value) or value).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _of(row: PeriodCloseRow) -> PeriodClose:
    return PeriodClose(
        programme=row.programme_id,
        until=row.until,
        reason=row.reason,
        closed_at=_utc(row.closed_at) or row.closed_at,
        closed_by=row.closed_by,
        reopened_at=_utc(row.reopened_at),
        reopened_by=row.reopened_by,
        reopen_reason=row.reopen_reason,
    )


def refusal(close: PeriodClose | PeriodCloseRow, **where: str | None) -> PeriodClosed:
    """The error that refuses a write into a closed period, naming it (and where the write came from)."""
    c = close if isinstance(close, PeriodClose) else _of(close)
    return PeriodClosed(c.programme, c.until.isoformat(), c.closed_by, stamp(c.closed_at), c.reason, **where)


# -- the values of a period --------------------------------------------------------------------


def _figure(value: Any) -> str:
    return "" if value is None else format(Decimal(value).normalize(), "f")


def _statements() -> tuple[Any, Any, Any]:
    """The three reads of a digest, built once with parameters (``programme``, ``until``).

    They run at every commit while a close is in force: built once, they cost only the database's work.
    """
    programme: BindParameter[str] = bindparam("programme")
    until: BindParameter[date] = bindparam("until")
    counted = select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme)
    measurements = (
        select(
            IndicatorRow.code,
            MeasurementRow.project_id,
            MeasurementRow.date,
            MeasurementRow.value,
            MeasurementRow.weight,
            MeasurementRow.qualifier,
            MeasurementRow.verified,
        )
        .join(IndicatorRow, IndicatorRow.id == MeasurementRow.indicator_id)
        .where(
            IndicatorRow.programme_id == programme, MeasurementRow.deleted_at.is_(None), MeasurementRow.date <= until
        )
    )
    transactions = select(
        TransactionRow.project_id,
        TransactionRow.type,
        TransactionRow.date,
        TransactionRow.amount,
        TransactionRow.currency,
    ).where(TransactionRow.project_id.in_(counted), TransactionRow.deleted_at.is_(None), TransactionRow.date <= until)
    ratings = select(
        ProjectRatingRow.project_id, ProjectRatingRow.kind, ProjectRatingRow.date, ProjectRatingRow.rating
    ).where(
        ProjectRatingRow.project_id.in_(counted), ProjectRatingRow.deleted_at.is_(None), ProjectRatingRow.date <= until
    )
    return measurements, transactions, ratings


_READS: list[tuple[Any, Any, Any]] = []


def fingerprint(conn: Connection, programme_id: str, until: date) -> str:
    """The digest of the programme's values dated up to ``until`` (see the module's description)."""
    if not _READS:
        _READS.append(_statements())
    measurements, transactions, ratings = _READS[0]
    params = {"programme": programme_id, "until": until}
    lines: list[str] = []
    for code, project, on, value, weight, qualifier, verified in conn.execute(measurements, params):
        lines.append(f"m|{code}|{project or ''}|{on}|{_figure(value)}|{_figure(weight)}|{qualifier or ''}|{verified}")
    for project, kind, on, amount, currency in conn.execute(transactions, params):
        lines.append(f"t|{project}|{kind}|{on}|{_figure(amount)}|{currency}")
    for project, kind, on, rating in conn.execute(ratings, params):
        lines.append(f"r|{project}|{kind}|{on}|{rating}")
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


# -- closing and reopening -------------------------------------------------------------------


def _in_force_row(session: Session, programme_id: str) -> PeriodCloseRow | None:
    return session.scalar(
        select(PeriodCloseRow)
        .where(PeriodCloseRow.programme_id == programme_id, PeriodCloseRow.reopened_at.is_(None))
        .order_by(PeriodCloseRow.id.desc())
        .limit(1)
    )


def in_force(session: Session, programme_id: str) -> PeriodClose | None:
    """The close of the programme's period in force, if any."""
    row = _in_force_row(session, programme_id)
    return None if row is None else _of(row)


def history(session: Session, programme_id: str) -> list[PeriodClose]:
    """Every close of the programme's period, newest first."""
    rows = session.scalars(
        select(PeriodCloseRow).where(PeriodCloseRow.programme_id == programme_id).order_by(PeriodCloseRow.id.desc())
    )
    return [_of(row) for row in rows]


def _reason(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DataError(f"give the reason for {what}", field="reason")
    if len(cleaned) > 2000:
        raise DataError("the reason is longer than 2000 characters", field="reason")
    return cleaned


def close_period(
    session: Session, programme_id: str, until: date, reason: str, by: str, at: datetime, *, today: date
) -> tuple[PeriodClose, PeriodClose | None]:
    """Close the programme's period up to ``until``; return the new close and the one it moved forward from.

    Raises:
        DataError: no reason, or a day after ``today`` (a period is closed once it has ended).
        Conflict: a close in force up to the same or a later day (reopen it first).
    """
    why = _reason(reason, "closing the period")
    if until > today:
        raise DataError(f"{until} has not passed yet: a period is closed once it has ended", field="until")
    session.flush()
    current = _in_force_row(session, programme_id)
    previous = None
    if current is not None:
        if until <= current.until:
            raise Conflict(
                f"the period of {programme_id} is closed up to {current.until}: a close only moves forward; "
                "reopen the period first to close it up to an earlier day",
                field="until",
            )
        current.reopened_at, current.reopened_by, current.reopen_reason = at, by, MOVED_FORWARD
        previous = _of(current)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # Wait for the writers of values in flight, and hold new ones until this close commits: a value
        # committed between the digest and the close would otherwise be missed by both.
        conn.exec_driver_sql(f"LOCK TABLE {', '.join(_VALUE_TABLES)} IN SHARE MODE")
    row = PeriodCloseRow(
        programme_id=programme_id,
        until=until,
        reason=why,
        closed_at=at,
        closed_by=by,
        fingerprint=fingerprint(conn, programme_id, until),
    )
    session.add(row)
    session.flush()
    return _of(row), previous


def reopen_period(session: Session, programme_id: str, reason: str, by: str, at: datetime) -> PeriodClose:
    """Reopen the programme's closed period; return the close as reopened.

    Raises:
        DataError: no reason.
        Conflict: no close in force.
    """
    why = _reason(reason, "reopening the period")
    row = _in_force_row(session, programme_id)
    if row is None:
        raise Conflict(f"no period of {programme_id} is closed", field="programme")
    row.reopened_at, row.reopened_by, row.reopen_reason = at, by, why
    session.flush()
    return _of(row)


# -- a programme replaced by its folder keeps its closes -----------------------------------------


def keep_closes(session: Session, programme_id: str) -> list[dict[str, Any]]:
    """The programme's closes as plain values, before the programme is deleted to be written again."""
    rows = session.scalars(
        select(PeriodCloseRow).where(PeriodCloseRow.programme_id == programme_id).order_by(PeriodCloseRow.id)
    ).all()
    names = [c.key for c in PeriodCloseRow.__table__.columns if c.key != "id"]
    return [{name: getattr(row, name) for name in names} for row in rows]


def restore_closes(session: Session, kept: Sequence[dict[str, Any]]) -> None:
    """Write again the closes :func:`keep_closes` kept: the commit then checks the new values against them."""
    for values in kept:
        session.add(PeriodCloseRow(**values))
    if kept:
        session.flush()


# -- the rule, checked at every commit ---------------------------------------------------------


def check(conn: Connection) -> None:
    """Refuse the transaction on ``conn`` if a closed period's values are no longer those it was closed with.

    Raises:
        PeriodClosed: the values of a closed period differ from those it was closed with.
    """
    for row in conn.execute(_IN_FORCE):
        if fingerprint(conn, row.programme_id, row.until) != row.fingerprint:
            close = PeriodClose(
                programme=row.programme_id,
                until=row.until,
                reason=row.reason,
                closed_at=_utc(row.closed_at) or row.closed_at,
                closed_by=row.closed_by,
            )
            raise refusal(close)


_BEGAN = "cpfkit_period_check"
_IN_FORCE = select(PeriodCloseRow.__table__).where(PeriodCloseRow.reopened_at.is_(None))


@event.listens_for(Session, "after_begin")
def _note_begin(session: Session, _transaction: Any, _connection: Connection) -> None:
    session.info[_BEGAN] = True


@event.listens_for(Session, "before_commit")
def _check_on_commit(session: Session) -> None:
    """Before any session commits work on the database, check the closed periods (see the module)."""
    session.flush()  # rows only added reach the database here
    if not session.info.pop(_BEGAN, False):
        return  # the transaction never reached the database: nothing to check
    check(session.connection())


@event.listens_for(Session, "after_rollback")
def _forget_begin(session: Session) -> None:
    session.info.pop(_BEGAN, None)
