"""Ratings: ISR performance ratings (HS…HU) and SORT risk ratings (Low…High)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from cpfkit.model.base import Sourced
from cpfkit.model.enums import RatingKind, SortCategory

__all__ = ["OutcomeRating", "ProjectRating", "RiskLevel", "SortRating"]


class OutcomeRating(StrEnum):
    """The six-point scale of ISR development-objective and implementation ratings (best first)."""

    HS = "HS"
    S = "S"
    MS = "MS"
    MU = "MU"
    U = "U"
    HU = "HU"


class RiskLevel(StrEnum):
    """The four-point SORT risk scale (lowest first)."""

    LOW = "Low"
    MODERATE = "Moderate"
    SUBSTANTIAL = "Substantial"
    HIGH = "High"


class ProjectRating(Sourced):
    """One ISR rating of an operation on a date."""

    project: str
    kind: RatingKind
    date: date
    rating: OutcomeRating
    note: str | None = None


class SortRating(Sourced):
    """One SORT risk rating of an operation, or of the programme itself, on a date."""

    subject: str
    category: SortCategory
    date: date
    rating: RiskLevel
    note: str | None = None
