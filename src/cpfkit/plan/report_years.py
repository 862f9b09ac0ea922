"""The fiscal years of a plan report: envelope use, already approved plus planned, and what more money would buy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit.model import fy_label
from cpfkit.model.base import Num
from cpfkit.plan.context import PlanContext
from cpfkit.plan.problem import PlanProblem
from cpfkit.plan.report_numbers import num, usd
from cpfkit.plan.report_operations import PlannedOperation

if TYPE_CHECKING:  # the solver (NumPy) is not needed to declare or read a report
    from cpfkit.plan.allocate import Allocation

__all__ = ["FiscalYearPlan", "InstitutionPlan", "fiscal_year_plans"]


@dataclass(frozen=True)
class InstitutionPlan:
    """One institution's part of a fiscal year."""

    institution: str
    envelope_usd: Num | None
    existing_usd: Num
    planned_usd: Num


@dataclass(frozen=True)
class FiscalYearPlan:
    """Envelope use in one fiscal year: already approved plus planned, and what more money would buy."""

    fy: int
    label: str
    envelope_usd: Num | None
    existing_usd: Num
    planned_usd: Num
    committed_usd: Num
    headroom_usd: Num | None
    by_institution: tuple[InstitutionPlan, ...]
    value_per_100m: Num | None
    resolved_gain_per_100m: Num | None
    projects: tuple[str, ...]


def fiscal_year_plans(
    problem: PlanProblem,
    context: PlanContext,
    allocation: Allocation,
    selected: Sequence[PlannedOperation],
    marginal: float,
) -> list[FiscalYearPlan]:
    """Each fiscal year of the plan; ``marginal`` is the extra room valued, in US$100 million."""
    year_values = {y.fy: y for y in allocation.years}
    institutions = sorted(
        {inst for (_, inst) in context.institution_envelope} | {c.institution for c in problem.candidates}
    )
    years: list[FiscalYearPlan] = []
    for fy in context.fys:
        chosen = [p for p in selected if p.fy == fy]
        planned = sum((p.cost_usd for p in chosen), Decimal(0))
        existing = usd(context.existing.get(fy, 0.0)) or Decimal(0)
        envelope = usd(context.envelope.get(fy))
        by_inst = tuple(
            InstitutionPlan(
                institution=inst,
                envelope_usd=usd(context.institution_envelope.get((fy, inst))),
                existing_usd=usd(context.institution_existing.get((fy, inst), 0.0)) or Decimal(0),
                planned_usd=sum((p.cost_usd for p in chosen if p.institution == inst), Decimal(0)),
            )
            for inst in institutions
            if (fy, inst) in context.institution_envelope
            or context.institution_existing.get((fy, inst))
            or any(p.institution == inst for p in chosen)
        )
        yv = year_values.get(fy)
        years.append(
            FiscalYearPlan(
                fy=fy,
                label=fy_label(fy),
                envelope_usd=envelope,
                existing_usd=existing,
                planned_usd=planned,
                committed_usd=existing + planned,
                headroom_usd=envelope - existing - planned if envelope is not None else None,
                by_institution=by_inst,
                value_per_100m=num(yv.lp_value / marginal if yv and yv.lp_value is not None else None),
                resolved_gain_per_100m=num(
                    yv.resolved_gain / marginal if yv and yv.resolved_gain is not None else None
                ),
                projects=tuple(p.project for p in chosen),
            )
        )
    return years
