"""The plan of one simulated operation: its dates, its money, and the distributions of its departures from them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cpfkit.risk.distributions import Constant, Distribution

__all__ = ["OperationPlan"]


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
