"""Closing and reopening a programme's period, by administrators, with an audit entry each time.

The rule that keeps a closed period's values as they were is the store's (:mod:`cpfkit.store.periods`);
this module is who may close and reopen, and the trace of it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cpfkit import clock
from cpfkit.errors import NotFound, PermissionDenied
from cpfkit.jsonable import jsonable
from cpfkit.services.changes import audit_key
from cpfkit.store import periods
from cpfkit.store.audit import now, record
from cpfkit.store.periods import PeriodClose
from cpfkit.store.tables_programme import ProgrammeRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cpfkit.store import Store
    from cpfkit.workplace.roles import Principal

__all__ = ["PeriodClose", "close", "history", "in_force", "reopen"]


def _admin(principal: Principal | None) -> Principal:
    """The administrator who acts: the caller, else the operator at the command line (an administrator)."""
    if principal is None:
        from cpfkit.workplace.roles import operator

        return operator()
    if not principal.is_admin:
        raise PermissionDenied(
            f"only administrators may close or reopen a period; {principal.name} is a {principal.role}"
        )
    return principal


def _programme(session: Session, programme_id: str) -> None:
    row = session.get(ProgrammeRow, programme_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("programme", programme_id)


def close(
    store: Store, programme_id: str, until: date, reason: str, *, principal: Principal | None = None
) -> PeriodClose:
    """Close the programme's period up to ``until`` (see :func:`cpfkit.store.periods.close_period`).

    Raises:
        PermissionDenied: the principal is not an administrator.
        NotFound: no such programme.
        DataError: no reason, or a day not yet passed.
        Conflict: a close in force up to the same or a later day.
    """
    who = _admin(principal)
    with store.transaction() as session:
        _programme(session, programme_id)
        closed, previous = periods.close_period(
            session, programme_id, until, reason, who.name, now(), today=clock.today()
        )
        record(
            session,
            who.actor(),
            "create",
            "period",
            audit_key(programme_id, closed.until),
            programme_id=programme_id,
            before=jsonable(previous.to_json()) if previous else None,
            after=jsonable(closed.to_json()),
        )
    return closed


def reopen(store: Store, programme_id: str, reason: str, *, principal: Principal | None = None) -> PeriodClose:
    """Reopen the programme's closed period.

    Raises:
        PermissionDenied: the principal is not an administrator.
        NotFound: no such programme.
        DataError: no reason.
        Conflict: no period of the programme is closed.
    """
    who = _admin(principal)
    with store.transaction() as session:
        _programme(session, programme_id)
        before = periods.in_force(session, programme_id)
        reopened = periods.reopen_period(session, programme_id, reason, who.name, now())
        record(
            session,
            who.actor(),
            "update",
            "period",
            audit_key(programme_id, reopened.until),
            programme_id=programme_id,
            before=jsonable(before.to_json()) if before else None,
            after=jsonable(reopened.to_json()),
        )
    return reopened


def history(store: Store, programme_id: str) -> list[PeriodClose]:
    """Every close of the programme's period, newest first.

    Raises:
        NotFound: no such programme.
    """
    with store.reader() as session:
        _programme(session, programme_id)
        return periods.history(session, programme_id)


def in_force(store: Store, programme_id: str) -> PeriodClose | None:
    """The close of the programme's period in force, if any."""
    with store.reader() as session:
        return periods.in_force(session, programme_id)
