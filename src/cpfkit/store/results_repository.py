"""Reading and writing measurements, ratings of record and review sections.

Every function works in the caller's session: the caller's transaction decides
whether all of it is stored or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit import clock
from cpfkit.errors import NotFound
from cpfkit.model import Measurement, Programme
from cpfkit.model.reviews import RatedSubject, RatingOverride, ReviewNote
from cpfkit.store.repository import programme_ids
from cpfkit.store.repository_programme import load_programme
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_results import RatingOverrideRow, ReviewNoteRow

__all__ = [
    "programmes_and_operations",
    "programmes_with_indicator",
    "rating_overrides",
    "review_notes",
    "save_measurements",
    "save_rating_override",
    "save_review_note",
    "withdraw_rating_override",
    "withdraw_review_note",
]


def _now() -> datetime:
    return clock.now()


def _require_programme(session: Session, programme_id: str) -> None:
    row = session.get(ProgrammeRow, programme_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("programme", programme_id)


def programmes_with_indicator(session: Session, code: str) -> list[str]:
    """The programmes whose results framework has an indicator with this code, sorted."""
    return sorted(
        session.scalars(
            select(IndicatorRow.programme_id)
            .join(ProgrammeRow, ProgrammeRow.id == IndicatorRow.programme_id)
            .where(IndicatorRow.code == code, ProgrammeRow.deleted_at.is_(None))
        )
    )


def programmes_and_operations(session: Session) -> list[tuple[Programme, frozenset[str]]]:
    """Every programme (its definition, without ledgers) with the operations it counts."""
    out: list[tuple[Programme, frozenset[str]]] = []
    for programme_id in programme_ids(session):
        operations = frozenset(
            session.scalars(
                select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme_id)
            )
        )
        out.append((load_programme(session, programme_id), operations))
    return out


def save_measurements(session: Session, programme_id: str, measurements: Sequence[Measurement]) -> tuple[int, int]:
    """Store measurements of a programme's indicators; one for a stored indicator, operation and date replaces it.

    The caller has checked each measurement against the programme.

    Returns:
        How many were added and how many replaced.
    """
    _require_programme(session, programme_id)
    indicator_ids = dict(
        session.execute(
            select(IndicatorRow.code, IndicatorRow.id).where(IndicatorRow.programme_id == programme_id)
        ).all()
    )
    existing = {
        (row.indicator_id, row.project_id, row.date): row
        for row in session.scalars(
            select(MeasurementRow).where(
                MeasurementRow.indicator_id.in_(list(indicator_ids.values())), MeasurementRow.deleted_at.is_(None)
            )
        )
    }
    added = updated = 0
    for m in measurements:
        key = (indicator_ids[m.indicator], m.project, m.date)
        row = existing.get(key)
        if row is None:
            row = MeasurementRow(indicator_id=key[0], project_id=m.project, date=m.date)
            session.add(row)
            existing[key] = row
            added += 1
        else:
            row.version = (row.version or 1) + 1
            updated += 1
        row.value = m.value
        row.weight = m.weight
        row.qualifier = m.qualifier.value if m.qualifier else None
        row.verified = m.verified
        row.quote = m.quote
        row.note = m.note
        row.source = m.source
        row.illustrative = m.illustrative
        row.illustrative_fields = sorted(m.illustrative_fields)
    session.flush()
    return added, updated


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
    _require_programme(session, programme_id)
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
    _require_programme(session, override.programme)
    previous = _active_override(session, override.programme, override.subject.value, override.objective)
    if previous is not None:
        previous.deleted_at = _now()
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
    _require_programme(session, programme_id)
    row = _active_override(session, programme_id, subject.value, objective)
    if row is None:
        return False
    row.deleted_at = _now()
    session.flush()
    return True


def _active_note(session: Session, programme_id: str, review: str, section: str) -> ReviewNoteRow | None:
    return session.scalar(
        select(ReviewNoteRow).where(
            ReviewNoteRow.programme_id == programme_id,
            ReviewNoteRow.review == review,
            ReviewNoteRow.section == section,
            ReviewNoteRow.deleted_at.is_(None),
        )
    )


def review_notes(session: Session, programme_id: str) -> list[ReviewNote]:
    """The current written sections of a programme's reviews."""
    _require_programme(session, programme_id)
    rows = session.scalars(
        select(ReviewNoteRow)
        .where(ReviewNoteRow.programme_id == programme_id, ReviewNoteRow.deleted_at.is_(None))
        .order_by(ReviewNoteRow.review, ReviewNoteRow.section)
    )
    return [
        ReviewNote(
            programme=programme_id,
            review=r.review,
            section=r.section,
            text=r.text,
            author=r.author,
            updated_on=r.updated_on,
        )
        for r in rows
    ]


def save_review_note(session: Session, note: ReviewNote) -> bool:
    """Write a section of a review; the text it replaces is kept as superseded.

    Returns:
        Whether it replaced an earlier text.
    """
    _require_programme(session, note.programme)
    previous = _active_note(session, note.programme, note.review.value, note.section.value)
    if previous is not None:
        previous.deleted_at = _now()
    session.add(
        ReviewNoteRow(
            programme_id=note.programme,
            review=note.review.value,
            section=note.section.value,
            text=note.text,
            author=note.author,
            updated_on=note.updated_on,
        )
    )
    session.flush()
    return previous is not None


def withdraw_review_note(session: Session, programme_id: str, review: str, section: str) -> bool:
    """Clear a section of a review (the text is kept as withdrawn).

    Returns:
        Whether there was a text to clear.
    """
    _require_programme(session, programme_id)
    row = _active_note(session, programme_id, review, section)
    if row is None:
        return False
    row.deleted_at = _now()
    session.flush()
    return True
