"""What a plan's constraints are worth, how much of each indicator it covers, and what conflicts when none exists."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit.model.base import Num
from cpfkit.plan.context import PlanContext
from cpfkit.plan.problem import PlanProblem
from cpfkit.plan.report_numbers import num, usd

if TYPE_CHECKING:  # the solver (NumPy) is not needed to declare or read a report
    from cpfkit.plan.allocate import Allocation

__all__ = ["Conflict", "DualValue", "IndicatorCoverage", "dual_values", "indicator_coverage"]


@dataclass(frozen=True)
class DualValue:
    """A constraint of the plan and what relaxing it is worth (LP relaxation of the MILP)."""

    constraint: str
    kind: str
    description: str
    fy: int | None
    institution: str | None
    area: str | None
    project: str | None
    room_usd: Num | None
    used_usd: Num | None
    slack_usd: Num | None
    binding: bool
    lp_binding: bool
    shadow_price: Num | None
    value_per_100m: Num | None
    resolved_gain_per_100m: Num | None


@dataclass(frozen=True)
class IndicatorCoverage:
    """How much of an indicator's baseline-to-target change the approved operations and the plan cover."""

    indicator: str
    name: str
    priority_area: str
    weight: Num
    existing: Num
    planned: Num
    remaining_gap: Num
    counted: Num


@dataclass(frozen=True)
class Conflict:
    """A constraint that is part of the conflict when no plan exists."""

    constraint: str
    kind: str
    description: str


def dual_values(allocation: Allocation, marginal: float) -> tuple[DualValue, ...]:
    """Each constraint of the plan with its room, use and value; ``marginal`` in US$100 million."""
    return tuple(
        DualValue(
            constraint=v.group.key,
            kind=v.group.kind,
            description=v.group.description,
            fy=v.group.fy,
            institution=v.group.institution,
            area=v.group.area,
            project=v.group.project,
            room_usd=usd(v.room_usd),
            used_usd=usd(v.used_usd),
            slack_usd=usd(v.slack_usd),
            binding=v.binding,
            lp_binding=v.lp_binding,
            shadow_price=num(v.lp_shadow_price, 8),
            value_per_100m=num(v.value_per_marginal / marginal if v.value_per_marginal is not None else None),
            resolved_gain_per_100m=num(v.resolved_gain / marginal if v.resolved_gain is not None else None),
        )
        for v in allocation.constraints
    )


def indicator_coverage(problem: PlanProblem, context: PlanContext, allocation: Allocation) -> list[IndicatorCoverage]:
    """Each indicator scored: the share of its gap covered before and by the plan, and what counts (capped)."""
    by_id = {c.id: c for c in problem.candidates}
    indicators: list[IndicatorCoverage] = []
    for code, meta in context.indicators.items():
        planned_progress = sum(
            by_id[pid].contributions.get(code, {}).get(fy, 0.0) for pid, fy in allocation.assignment.items()
        )
        counted = planned_progress
        if problem.indicator_caps is not None:
            counted = min(planned_progress, problem.indicator_caps.get(code, 0.0))
        indicators.append(
            IndicatorCoverage(
                indicator=code,
                name=meta.name,
                priority_area=meta.priority_area,
                weight=Decimal(str(round(meta.weight, 6))),
                existing=Decimal(str(round(meta.existing, 6))),
                planned=Decimal(str(round(planned_progress, 6))),
                remaining_gap=Decimal(str(round(meta.remaining_gap, 6))),
                counted=Decimal(str(round(counted, 6))),
            )
        )
    return indicators
