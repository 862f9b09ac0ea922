"""Ratings of record that people set, each with its justification; the one replaced or withdrawn is kept, marked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit import clock
from cpfkit.model.reviews import RatedSubject, RatingOverride
from cpfkit.store.repository_programme import require_programme
from cpfkit.store.tables_results import RatingOverrideRow

__all__ = ["rating_overrides", "save_rating_override", "withdraw_rating_override"]


def _override(row: RatingOverrideRow, programme_id: str) -> RatingOverride:
    return RatingOverride(
        programme=programme_id,
        subject=RatedSubject(row.subject),
        objective=row.objective_code,
        rating=row.rating,
        justification=row.justification,
        rated_by=row.rated_by,
        decided_on=row.decided_on,
    )


def _active_override(
    session: Session, programme_id: str, subject: str, objective: str | None
) -> RatingOverrideRow | None:
    objective_match = (
        RatingOverrideRow.objective_code.is_(None)
        if objective is None
        else RatingOverrideRow.objective_code == objective
    )
    return session.scalar(
        select(RatingOverrideRow).where(
            RatingOverrideRow.programme_id == programme_id,
            RatingOverrideRow.subject == subject,
            objective_match,
            RatingOverrideRow.deleted_at.is_(None),
        )
    )


def rating_overrides(session: Session, programme_id: str) -> list[RatingOverride]:
    """The ratings of record people have set for a programme (not those superseded or withdrawn)."""
    require_programme(session, programme_id)
    rows = session.scalars(
        select(RatingOverrideRow)
        .where(RatingOverrideRow.programme_id == programme_id, RatingOverrideRow.deleted_at.is_(None))
        .order_by(RatingOverrideRow.decided_on, RatingOverrideRow.id)
    )
    return [_override(r, programme_id) for r in rows]


def save_rating_override(session: Session, override: RatingOverride) -> bool:
    """Set a rating of record; the one it replaces is kept as superseded.

    Returns:
        Whether it replaced an earlier rating of record.
    """
    require_programme(session, override.programme)
    previous = _active_override(session, override.programme, override.subject.value, override.objective)
    if previous is not None:
        previous.deleted_at = clock.now()
    session.add(
        RatingOverrideRow(
            programme_id=override.programme,
            subject=override.subject.value,
            objective_code=override.objective,
            rating=override.rating,
            justification=override.justification,
            rated_by=override.rated_by,
            decided_on=override.decided_on,
        )
    )
    session.flush()
    return previous is not None


def withdraw_rating_override(session: Session, programme_id: str, subject: RatedSubject, objective: str | None) -> bool:
    """Withdraw a rating of record, so the suggested rating applies again (the row is kept as withdrawn).

    Returns:
        Whether there was one to withdraw.
    """
    require_programme(session, programme_id)
    row = _active_override(session, programme_id, subject.value, objective)
    if row is None:
        return False
    row.deleted_at = clock.now()
    session.flush()
    return True
