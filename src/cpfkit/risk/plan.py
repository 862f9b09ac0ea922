"""What the simulation is given: the plan of each operation and indicator, as plain numbers.

Dates are day numbers (``date.toordinal()``) and money is US dollars as
floats, so the engine can work on arrays; :mod:`cpfkit.risk.inputs` builds
these records from a programme, and :mod:`cpfkit.risk.scenarios` returns
changed copies of them.  The plan of each operation is in
:mod:`cpfkit.risk.plan_operations`, that of each indicator and objective in
:mod:`cpfkit.risk.plan_indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from cpfkit.risk.plan_indicators import ContributionPlan, IndicatorPlan, ObjectivePlan
from cpfkit.risk.plan_operations import OperationPlan

__all__ = [
    "MONTH_DAYS",
    "YEAR_DAYS",
    "ContributionPlan",
    "IndicatorPlan",
    "ObjectivePlan",
    "OperationPlan",
    "SimulationInputs",
    "SimulationSettings",
]

MONTH_DAYS = 30.4375
YEAR_DAYS = 365.25


@dataclass(frozen=True)
class SimulationSettings:
    """Correlation and the overrun rule.

    The latent drivers of each operation are three: *start* (approval slip and
    effectiveness lag), *duration* and *cost*.  Each is
    ``√country·F + √sector·G_s + √(1 − country − sector)·ε``, and the three
    are correlated with each other at every level by the ``channel`` matrix.
    """

    country_correlation: float = 0.25
    sector_correlation: float = 0.25
    start_duration_correlation: float = 0.3
    start_cost_correlation: float = 0.15
    cost_duration_correlation: float = 0.5
    additional_financing_share: float = 0.0

    def __post_init__(self) -> None:
        c, s = self.country_correlation, self.sector_correlation
        if c < 0 or s < 0 or c + s > 1:
            raise ValueError(f"country ({c}) and sector ({s}) correlations must be ≥ 0 and add up to at most 1")
        if not 0 <= self.additional_financing_share <= 1:
            raise ValueError("additional_financing_share must be between 0 and 1")

    @property
    def channels(self) -> tuple[tuple[float, float, float], ...]:
        """The correlation matrix of the start, duration and cost drivers."""
        sd, sc, dc = self.start_duration_correlation, self.start_cost_correlation, self.cost_duration_correlation
        return ((1.0, sd, sc), (sd, 1.0, dc), (sc, dc, 1.0))


@dataclass(frozen=True)
class SimulationInputs:
    """Everything the engine needs about one programme on one date.

    ``fy_bounds`` are day numbers: the first day of the first fiscal year, then
    the first day after each fiscal year.  ``covered[j][k]`` says whether
    operation j's commitments in fiscal year k count against that year's
    envelope.  ``actual_disbursed`` and ``fixed_committed`` hold what is
    already known by fiscal year (disbursed up to the as-of date by every
    operation the programme counts; commitments of operations not simulated).
    """

    programme: str
    title: str
    as_of: date
    fiscal_years: tuple[int, ...]
    fy_bounds: tuple[float, ...]
    envelope: tuple[float | None, ...]
    operations: tuple[OperationPlan, ...]
    covered: tuple[tuple[bool, ...], ...]
    indicators: tuple[IndicatorPlan, ...]
    objectives: tuple[ObjectivePlan, ...]
    actual_disbursed: tuple[float, ...]
    fixed_committed: tuple[float, ...]
    fixed_covered: tuple[float, ...]
    settings: SimulationSettings = field(default_factory=SimulationSettings)

    @property
    def as_of_day(self) -> float:
        """The as-of date as a day number."""
        return float(self.as_of.toordinal())

    @property
    def sector_groups(self) -> tuple[str, ...]:
        """The sector groups of the operations, in order of first appearance."""
        return tuple(dict.fromkeys(op.sector_group for op in self.operations))

    def planned(self) -> SimulationInputs:
        """The same programme with every operation running to plan."""
        return replace(
            self,
            operations=tuple(op.planned() for op in self.operations),
            indicators=tuple(replace(i, factor=1.0) for i in self.indicators),
        )
