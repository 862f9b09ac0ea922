"""What the simulation is given: the plan of each operation and indicator, as plain numbers.

Dates are day numbers (``date.toordinal()``) and money is US dollars as
floats, so the engine can work on arrays; :mod:`cpfkit.risk.inputs` builds
these records from a programme, and :mod:`cpfkit.risk.scenarios` returns
changed copies of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from cpfkit.risk.distributions import Constant, Distribution

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
class OperationPlan:
    """One operation: its plan, its money and the distributions of its deviations from the plan.

    ``pipeline`` means not approved at the as-of date; ``effective`` means it
    had become effective by then.  ``remaining`` is what is left to disburse
    (US dollars); ``tau_start`` is the elapsed share of the planned
    implementation period at the as-of date (0 for an operation not yet
    effective).  The last five fields are the effects of a stress scenario
    (neutral by default).
    """

    id: str
    name: str
    reference_class: str
    sector_group: str
    institution: str
    instrument: str
    country: str
    sectors: tuple[str, ...]
    pipeline: bool
    effective: bool
    approval: float
    effectiveness: float
    closing: float
    commitment: float
    remaining: float
    disburses: bool
    profile: tuple[tuple[float, float], ...]
    tau_start: float
    approval_slip_months: Distribution
    effectiveness_lag_ratio: Distribution
    duration_ratio: Distribution
    cost_ratio: Distribution
    drop_probability: float = 0.0
    illustrative: bool = False
    approval_delay_days: float = 0.0
    effectiveness_delay_days: float = 0.0
    duration_factor: float = 1.0
    cost_factor: float = 1.0
    scope_factor: float = 1.0

    @property
    def planned_lag(self) -> float:
        """Days from approval to effectiveness in the plan."""
        return max(self.effectiveness - self.approval, 0.0)

    def planned(self) -> OperationPlan:
        """The same operation with every deviation removed: it runs exactly to plan."""
        return replace(
            self,
            approval_slip_months=Constant(0.0),
            effectiveness_lag_ratio=Constant(1.0),
            duration_ratio=Constant(1.0),
            cost_ratio=Constant(1.0),
            drop_probability=0.0,
            approval_delay_days=0.0,
            effectiveness_delay_days=0.0,
            duration_factor=1.0,
            cost_factor=1.0,
            scope_factor=1.0,
        )


@dataclass(frozen=True)
class ContributionPlan:
    """What one simulated operation brings to an indicator, and when (day numbers).

    The plan builds ``value`` (in the indicator's unit, towards its target) up
    in a straight line from ``start`` to ``end``: from the operation's approval
    over the link's lag, or, for an operation that reports its own value of
    the indicator, from where that measurement puts it at the same pace.
    ``reference`` is the share of ``value`` already counted in the indicator's
    current value.  ``at_approval``: the change comes whole at the operation's
    approval (a lag of 0), so it moves with the approval date alone; ``step``:
    it comes whole at ``end`` (a milestone).
    """

    operation: int
    value: float
    start: float
    end: float
    reference: float = 0.0
    at_approval: bool = False
    step: bool = False


@dataclass(frozen=True)
class IndicatorPlan:
    """An indicator: where it stands, its target, and the contributions that move it.

    ``current`` is the aggregate value at the as-of date (the baseline when
    nothing is measured yet; None when neither exists).  ``contributions``
    are the links of the simulated operations (``contributions.csv``);
    ``fixed`` is the change by the target date that operations not simulated
    (closed before the as-of date) still bring; ``linked`` names every
    operation with a link, simulated or not.  A ``milestone`` is 0 or 1: met
    once its contributions are in place, its baseline otherwise.  ``factor``
    scales the simulated movement (a scenario's effect).
    """

    code: str
    name: str
    unit: str
    objective: str
    objective_kind: bool
    direction: str
    baseline: float | None
    target: float | None
    target_date: float | None
    current: float | None
    contributions: tuple[ContributionPlan, ...] = ()
    illustrative: bool = False
    factor: float = 1.0
    milestone: bool = False
    fixed: float = 0.0
    linked: tuple[str, ...] = ()

    @property
    def operations(self) -> tuple[int, ...]:
        """The indices of the simulated operations that contribute, in order."""
        return tuple(sorted({c.operation for c in self.contributions}))


@dataclass(frozen=True)
class ObjectivePlan:
    """A CPF objective and the indicators (indices) its rating is suggested from."""

    code: str
    title: str
    indicators: tuple[int, ...]


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
