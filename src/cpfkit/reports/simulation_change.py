"""A stress scenario against the baseline in the simulation report: scenario minus baseline, figure by figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cpfkit.model.base import Num
from cpfkit.reports.simulation_rounding import dollars

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.outcomes import SimulationResult

__all__ = ["Change", "ChangeByYear", "ChangeOfIndicator", "ChangeOfObjective", "ChangeOfProject", "change"]


@dataclass(frozen=True)
class ChangeByYear:
    """The change of a fiscal year's P50 disbursement against the baseline."""

    fy: int
    p50: Num


@dataclass(frozen=True)
class ChangeOfIndicator:
    """The change of an indicator's probability of meeting its target."""

    indicator: str
    p_target_met: float | None


@dataclass(frozen=True)
class ChangeOfObjective:
    """The change of an objective's probability of Achieved or Mostly Achieved."""

    objective: str
    p_achieved_or_mostly: float


@dataclass(frozen=True)
class ChangeOfProject:
    """The change of an operation's P50 completion (days) and of its chance of being dropped."""

    project: str
    p50_completion_days: int | None
    p_dropped: float


@dataclass(frozen=True)
class Change:
    """A scenario against the baseline: scenario minus baseline."""

    disbursements_by_fy: tuple[ChangeByYear, ...]
    p50_in_period: Num
    indicators: tuple[ChangeOfIndicator, ...]
    objectives: tuple[ChangeOfObjective, ...]
    projects: tuple[ChangeOfProject, ...]


def change(base: SimulationResult, other: SimulationResult) -> Change:
    """The scenario's result ``other`` minus the baseline ``base`` (same seed, so the difference is the scenario's)."""

    def days(a: date | None, b: date | None) -> int | None:
        return None if a is None or b is None else (b - a).days

    return Change(
        disbursements_by_fy=tuple(
            ChangeByYear(b.fy, dollars(o.disbursed.p50 - b.disbursed.p50))
            for b, o in zip(base.fiscal_years, other.fiscal_years, strict=True)
        ),
        p50_in_period=dollars(other.disbursed_in_period.p50 - base.disbursed_in_period.p50),
        indicators=tuple(
            ChangeOfIndicator(
                b.code,
                None if b.p_target_met is None or o.p_target_met is None else round(o.p_target_met - b.p_target_met, 4),
            )
            for b, o in zip(base.indicators, other.indicators, strict=True)
        ),
        objectives=tuple(
            ChangeOfObjective(b.code, round(o.p_achieved_or_mostly - b.p_achieved_or_mostly, 4))
            for b, o in zip(base.objectives, other.objectives, strict=True)
        ),
        projects=tuple(
            ChangeOfProject(b.id, days(b.completion_p50, o.completion_p50), round(o.p_dropped - b.p_dropped, 4))
            for b, o in zip(base.operations, other.operations, strict=True)
        ),
    )
