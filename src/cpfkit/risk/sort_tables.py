"""The SORT tables a view shows: each category's rating and trend, each subject's table, the heat map."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit.model.base import Num

__all__ = ["CategoryRating", "HeatCell", "HeatRow", "SortView", "SubjectSort"]

Day = date  # the field named ``date`` below hides the type inside slotted classes


@dataclass(slots=True)
class CategoryRating:
    """One category's latest rating, the one before it, and the trend between them."""

    rating: str | None
    date: Day | None
    previous: str | None
    previous_date: Day | None
    trend: str | None
    illustrative: bool = False


@dataclass(slots=True)
class SubjectSort:
    """The SORT table of one operation or of the programme, as of a date.

    ``ratings`` and ``trends`` are keyed by category; ``overall`` is the rating
    as given or, when none is given, the suggested one (``overall_suggested``).
    """

    subject: str
    date: Day | None
    overall: str | None
    overall_suggested: bool
    overall_trend: str | None
    ratings: dict[str, str]
    trends: dict[str, str]


@dataclass(slots=True)
class HeatCell:
    """Active operations at one risk level of one category, and their net commitment."""

    operations: int
    net_commitment_usd: Num
    share: Num | None
    suggested: int = 0


@dataclass(frozen=True)
class HeatRow:
    """One category of the heat map: its levels, and what is not rated."""

    category: str
    cells: dict[str, HeatCell]
    unrated_operations: int
    unrated_usd: Num


@dataclass(frozen=True)
class SortView:
    """SORT ratings of a programme and its operations, and the commitment-weighted heat map."""

    as_of: date
    programme: SubjectSort | None
    programme_categories: dict[str, CategoryRating]
    operations: tuple[SubjectSort, ...]
    heat_map: tuple[HeatRow, ...]
    active_net_commitment_usd: Num
    substantial_or_high_usd: Num
    substantial_or_high_share: Num | None
