"""The plan of each indicator and objective: where it stands, its target, and what moves it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ContributionPlan", "IndicatorPlan", "ObjectivePlan"]


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
