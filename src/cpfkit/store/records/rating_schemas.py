"""What the ratings' API takes and gives: ISR ratings of operations, SORT ratings of operations or programmes."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from cpfkit.model import OutcomeRating, RatingKind, RiskLevel, SortCategory
from cpfkit.store.records.fields import Day, Filters, Note, ProjectId, Provenance, Slug
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata

__all__ = [
    "RatingCreate",
    "RatingFilters",
    "RatingPublic",
    "RatingUpdate",
    "SortRatingCreate",
    "SortRatingFilters",
    "SortRatingPublic",
    "SortRatingUpdate",
]


class RatingCreate(Provenance):
    """A new ISR rating of an operation (six-point scale HS…HU)."""

    project: ProjectId
    kind: RatingKind
    date: Day
    rating: OutcomeRating
    note: Note | None = None


class RatingUpdate(ProvenanceUpdate):
    """Fields to change."""

    kind: RatingKind | None = None
    date: Day | None = None
    rating: OutcomeRating | None = None
    note: Note | None = None


class RatingFields(BaseModel):
    """An ISR rating's identity and own fields."""

    id: int
    project: str
    kind: str
    date: date
    rating: str
    note: str | None


class RatingPublic(RecordMetadata, RatingFields):
    """An ISR rating as stored."""


class RatingFilters(Filters):
    """Filters of the list of ISR ratings."""

    project: ProjectId | None = None
    programme: Slug | None = Field(default=None, description="Ratings of the operations this programme counts.")
    kind: RatingKind | None = None
    rating: OutcomeRating | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class SortRatingCreate(Provenance):
    """A new SORT risk rating, of an operation (``project``) or of a programme (``programme``): give one."""

    programme: Slug | None = None
    project: ProjectId | None = None
    category: SortCategory
    date: Day
    rating: RiskLevel
    note: Note | None = None


class SortRatingUpdate(ProvenanceUpdate):
    """Fields to change (the subject stays)."""

    category: SortCategory | None = None
    date: Day | None = None
    rating: RiskLevel | None = None
    note: Note | None = None


class SortRatingFields(BaseModel):
    """A SORT rating's identity and own fields."""

    id: int
    programme: str | None
    project: str | None
    category: str
    date: date
    rating: str
    note: str | None


class SortRatingPublic(RecordMetadata, SortRatingFields):
    """A SORT rating as stored."""


class SortRatingFilters(Filters):
    """Filters of the list of SORT ratings."""

    programme: Slug | None = Field(
        default=None, description="Ratings of this programme and of the operations it counts."
    )
    project: ProjectId | None = None
    category: SortCategory | None = None
    rating: RiskLevel | None = None
    date_from: Day | None = None
    date_to: Day | None = None
