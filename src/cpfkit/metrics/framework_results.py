"""What the results framework answers on a date: each objective's indicators, status and rating of record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from cpfkit.metrics.progress import IndicatorProgress
from cpfkit.metrics.progress_status import Status
from cpfkit.model.base import Num
from cpfkit.model.reviews import RatingOverride

__all__ = ["AreaResults", "FrameworkResults", "ObjectiveResults", "RatingOfRecord"]


@dataclass(frozen=True)
class RatingOfRecord:
    """A rating as it stands: cpfkit's suggestion, and the person's override when there is one."""

    suggested: str | None
    rating: str | None
    overridden: bool
    justification: str | None = None
    rated_by: str | None = None
    decided_on: date | None = None

    @classmethod
    def of(cls, suggested: str | None, override: RatingOverride | None) -> RatingOfRecord:
        """The suggestion, replaced by the override if there is one."""
        if override is None:
            return cls(suggested, suggested, False)
        return cls(suggested, override.rating, True, override.justification, override.rated_by, override.decided_on)


@dataclass(frozen=True)
class ObjectiveResults:
    """A CPF objective on a date: its indicators, progress status and rating.

    ``rated_on`` lists the indicators the suggested rating uses (the objective
    indicators, or the supplementary ones when there is none); ``met`` counts
    those at or beyond target; the means are over those with a value.
    """

    code: str
    title: str
    description: str | None
    priority_area: str
    indicators: tuple[IndicatorProgress, ...]
    rated_on: tuple[str, ...]
    met: int
    mean_progress: Num | None
    mean_expected: Num | None
    status: Status
    rating: RatingOfRecord
    supporting_projects: tuple[str, ...]
    started: bool


@dataclass(frozen=True)
class AreaResults:
    """A priority area with its objectives."""

    code: str
    title: str
    description: str | None
    cross_cutting: bool
    objectives: tuple[ObjectiveResults, ...]


@dataclass(frozen=True)
class FrameworkResults:
    """The results framework of a programme evaluated on a date, with the ratings of record."""

    programme: str
    as_of: date
    areas: tuple[AreaResults, ...]
    status_counts: dict[str, int]
    rating_counts: dict[str, int]
    development_outcome: RatingOfRecord
    wbg_performance: RatingOfRecord

    def objectives(self) -> Iterator[ObjectiveResults]:
        """Every objective, in framework order."""
        for area in self.areas:
            yield from area.objectives

    def indicators(self) -> Iterator[tuple[AreaResults, ObjectiveResults, IndicatorProgress]]:
        """Every indicator with its objective and area, in framework order."""
        for area in self.areas:
            for objective in area.objectives:
                for indicator in objective.indicators:
                    yield area, objective, indicator
