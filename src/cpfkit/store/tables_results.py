"""Tables of the reviews: ratings of record set by people, and the written sections of each review.

Both keep their history: a new rating or text for the same subject marks the
previous row as superseded (``deleted_at``) instead of overwriting it, so who
rated what, when and why stays readable.  Reports use the rows that are not
superseded.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cpfkit.store.tables_base import Base, Versioned
from cpfkit.store.tables_programme import ProgrammeRow

__all__ = ["RatingOverrideRow", "ReviewNoteRow"]


class RatingOverrideRow(Versioned, Base):
    """A rating of record (objective, development outcome or WBG performance) with its justification."""

    __tablename__ = "rating_overrides"
    __table_args__ = (Index("ix_rating_overrides_subject", "programme_id", "subject", "objective_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(24))
    objective_code: Mapped[str | None] = mapped_column(String(40))
    rating: Mapped[str] = mapped_column(String(24))
    justification: Mapped[str] = mapped_column(Text)
    rated_by: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)

    programme: Mapped[ProgrammeRow] = relationship()


class ReviewNoteRow(Versioned, Base):
    """A written section of a review: summary, proposed adjustments (PLR) or lessons."""

    __tablename__ = "review_notes"
    __table_args__ = (Index("ix_review_notes_section", "programme_id", "review", "section"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    review: Mapped[str] = mapped_column(String(8))
    section: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    updated_on: Mapped[date] = mapped_column(Date)

    programme: Mapped[ProgrammeRow] = relationship()
