"""The review sections people write for a programme's reports; the one replaced or withdrawn is kept, marked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit import clock
from cpfkit.model.reviews import ReviewNote
from cpfkit.store.repository_programme import require_programme
from cpfkit.store.tables_results import ReviewNoteRow

__all__ = ["review_notes", "save_review_note", "withdraw_review_note"]


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
    require_programme(session, programme_id)
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
    require_programme(session, note.programme)
    previous = _active_note(session, note.programme, note.review.value, note.section.value)
    if previous is not None:
        previous.deleted_at = clock.now()
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
    require_programme(session, programme_id)
    row = _active_note(session, programme_id, review, section)
    if row is None:
        return False
    row.deleted_at = clock.now()
    session.flush()
    return True
