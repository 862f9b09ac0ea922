"""Small hand-made plans for the risk tests."""

from __future__ import annotations

from datetime import date

from cpfkit.risk.distributions import Constant, Distribution
from cpfkit.risk.plan import IndicatorPlan, ObjectivePlan, OperationPlan, SimulationInputs, SimulationSettings

LINEAR = ((0.0, 0.0), (1.0, 1.0))
NO_SLIP = Constant(0.0)
AS_PLANNED = Constant(1.0)


def day(value: str) -> float:
    return float(date.fromisoformat(value).toordinal())


def operation(
    id: str = "A",
    *,
    pipeline: bool = False,
    effective: bool = True,
    approval: str = "2025-07-01",
    effectiveness: str = "2026-07-01",
    closing: str = "2028-07-01",
    commitment: float = 100.0,
    remaining: float = 100.0,
    tau_start: float = 0.0,
    sector_group: str = "transport",
    reference_class: str = "roads",
    profile: tuple[tuple[float, float], ...] = LINEAR,
    slip: Distribution = NO_SLIP,
    lag: Distribution = AS_PLANNED,
    duration: Distribution = AS_PLANNED,
    cost: Distribution = AS_PLANNED,
    **extra: object,
) -> OperationPlan:
    """A hand-made operation (linear profile, no uncertainty unless given)."""
    return OperationPlan(
        id=id,
        name=f"operation {id}",
        reference_class=reference_class,
        sector_group=sector_group,
        institution="IBRD",
        instrument="IPF",
        country="KZ",
        sectors=("21020",),
        pipeline=pipeline,
        effective=effective,
        approval=day(approval),
        effectiveness=day(effectiveness),
        closing=day(closing),
        commitment=commitment,
        remaining=remaining,
        disburses=True,
        profile=profile,
        tau_start=tau_start,
        approval_slip_months=slip,
        effectiveness_lag_ratio=lag,
        duration_ratio=duration,
        cost_ratio=cost,
        **extra,  # type: ignore[arg-type]
    )


def programme(
    operations: tuple[OperationPlan, ...],
    *,
    as_of: str = "2026-07-01",
    settings: SimulationSettings | None = None,
    indicators: tuple[IndicatorPlan, ...] = (),
    objectives: tuple[ObjectivePlan, ...] = (),
) -> SimulationInputs:
    """A three-year programme FY27–FY29 (2026-07-01 – 2029-06-30) around hand-made operations."""
    bounds = tuple(day(d) for d in ("2026-07-01", "2027-07-01", "2028-07-01", "2029-07-01"))
    return SimulationInputs(
        programme="xx-test",
        title="Test programme",
        as_of=date.fromisoformat(as_of),
        fiscal_years=(2027, 2028, 2029),
        fy_bounds=bounds,
        envelope=(1000.0, 1000.0, None),
        operations=operations,
        covered=tuple((True, True, False) for _ in operations),
        indicators=indicators,
        objectives=objectives,
        actual_disbursed=(0.0, 0.0, 0.0),
        fixed_committed=(0.0, 0.0, 0.0),
        fixed_covered=(0.0, 0.0, 0.0),
        settings=settings or SimulationSettings(),
    )
