"""The judgements of the standard reviews: rating overrides with their justification, and written sections.

The Performance and Learning Review (PLR, mid-term) and the Completion and
Learning Review (CLR, at the end) rate each CPF objective on IEG's five-point
scale, the programme's development outcome on the six-point scale and the
World Bank Group's performance on a four-point scale
(https://ieg.worldbankgroup.org/node/55201/nojs).  cpfkit suggests the first
two from the data; a person may set the rating of record instead, and must
say why.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from cpfkit.model.base import Record
from cpfkit.model.ratings import OutcomeRating

__all__ = [
    "MIN_JUSTIFICATION",
    "NoteSection",
    "ObjectiveRating",
    "RatedSubject",
    "RatingOverride",
    "ReviewKind",
    "ReviewNote",
    "WbgPerformance",
    "normalise_rating",
]

MIN_JUSTIFICATION = 20
"""A justification is at least a sentence: this many characters or more."""


class ReviewKind(StrEnum):
    """The standard reviews of a partnership framework."""

    PLR = "plr"  # Performance and Learning Review, at mid-term
    CLR = "clr"  # Completion and Learning Review, at the end


class ObjectiveRating(StrEnum):
    """IEG's five-point scale for CPF objectives (best first)."""

    ACHIEVED = "Achieved"
    MOSTLY_ACHIEVED = "Mostly Achieved"
    PARTIALLY_ACHIEVED = "Partially Achieved"
    NOT_ACHIEVED = "Not Achieved"
    NOT_VERIFIED = "Not Verified"


class WbgPerformance(StrEnum):
    """IEG's four-point scale for World Bank Group performance (best first)."""

    SUPERIOR = "Superior"
    GOOD = "Good"
    FAIR = "Fair"
    POOR = "Poor"


class RatedSubject(StrEnum):
    """What a review rates."""

    OBJECTIVE = "objective"
    DEVELOPMENT_OUTCOME = "development-outcome"
    WBG_PERFORMANCE = "wbg-performance"


class NoteSection(StrEnum):
    """The written sections of a review."""

    SUMMARY = "summary"
    ADJUSTMENTS = "adjustments"  # proposed adjustments to the programme (PLR)
    LESSONS = "lessons"


_OUTCOME_LABELS = {
    "highly satisfactory": "HS",
    "satisfactory": "S",
    "moderately satisfactory": "MS",
    "moderately unsatisfactory": "MU",
    "unsatisfactory": "U",
    "highly unsatisfactory": "HU",
}


def normalise_rating(subject: RatedSubject, text: str) -> str:
    """The rating as stored: the scale's own spelling, whatever the case or form given.

    Raises:
        ValueError: the text is not on the subject's scale.

    Examples:
        >>> normalise_rating(RatedSubject.OBJECTIVE, "mostly achieved")
        'Mostly Achieved'
        >>> normalise_rating(RatedSubject.DEVELOPMENT_OUTCOME, "Moderately Satisfactory")
        'MS'
    """
    key = " ".join(text.split()).lower()
    if subject is RatedSubject.OBJECTIVE:
        scale: list[str] = [r.value for r in ObjectiveRating]
    elif subject is RatedSubject.DEVELOPMENT_OUTCOME:
        scale = [r.value for r in OutcomeRating]
        key = _OUTCOME_LABELS.get(key, key).lower()
    else:
        scale = [r.value for r in WbgPerformance]
    for value in scale:
        if value.lower() == key:
            return value
    what = {
        RatedSubject.OBJECTIVE: "an objective rating",
        RatedSubject.DEVELOPMENT_OUTCOME: "a development-outcome rating",
        RatedSubject.WBG_PERFORMANCE: "a WBG-performance rating",
    }[subject]
    raise ValueError(f"{text!r} is not {what}; use one of: {', '.join(scale)}")


class RatingOverride(Record):
    """A rating of record set by a person, with the reason, replacing cpfkit's suggestion.

    Ratings are those of the Completion and Learning Review; the mid-term review
    reports progress, not ratings.
    """

    programme: str
    subject: RatedSubject = RatedSubject.OBJECTIVE
    objective: str | None = None
    rating: str
    justification: str
    rated_by: str | None = None
    decided_on: date

    @model_validator(mode="before")
    @classmethod
    def _normalise_rating(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("rating"), str):
            subject = RatedSubject(data.get("subject", RatedSubject.OBJECTIVE))
            data = {**data, "rating": normalise_rating(subject, data["rating"])}
        return data

    @field_validator("justification")
    @classmethod
    def _written(cls, value: str) -> str:
        if len(value.strip()) < MIN_JUSTIFICATION:
            raise ValueError(
                f"a rating override needs a written justification of at least {MIN_JUSTIFICATION} characters"
            )
        return value.strip()

    @model_validator(mode="after")
    def _coherent(self) -> RatingOverride:
        if (self.subject is RatedSubject.OBJECTIVE) != (self.objective is not None):
            raise ValueError("an objective rating names its objective, and only an objective rating does")
        return self

    @property
    def key(self) -> str:
        """What is rated: the objective code, or the subject's name."""
        return self.objective if self.objective is not None else self.subject.value


class ReviewNote(Record):
    """A written section of a review (summary, proposed adjustments, lessons), as plain text.

    Paragraphs are separated by blank lines; lines starting with ``- `` are bullets.
    """

    programme: str
    review: ReviewKind
    section: NoteSection
    text: str = Field(min_length=1)
    author: str | None = None
    updated_on: date

    @model_validator(mode="after")
    def _section_of_review(self) -> ReviewNote:
        if self.section is NoteSection.ADJUSTMENTS and self.review is not ReviewKind.PLR:
            raise ValueError("proposed adjustments belong to the PLR (review plr)")
        if not self.text.strip():
            raise ValueError("the text is empty")
        return self
