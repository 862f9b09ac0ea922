"""The plan as people and scripts read it: chosen operations by fiscal year, envelope use, value of constraints.

``--json`` prints this object; ``status``, ``objective``, ``selected``
(``project``, ``fy``), ``fiscal_years`` (``fy``, ``envelope_usd``,
``committed_usd``), ``duals``, ``greedy_objective`` and ``messages``
(``code``, ``severity``, ``text``, ``params``: :mod:`cpfkit.plan.messages`)
are its stable keys; ``message`` is the text of the first message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit.language.message import Message
from cpfkit.model.base import Num
from cpfkit.plan.context import PlanContext
from cpfkit.plan.messages import PlanMessage, duals_message, envelope_warnings, nothing_to_choose, outcome_message
from cpfkit.plan.problem import PlanProblem
from cpfkit.plan.report_numbers import num
from cpfkit.plan.report_operations import PlannedOperation, SkippedOperation, planned_operations, skipped_operations
from cpfkit.plan.report_values import Conflict, DualValue, IndicatorCoverage, dual_values, indicator_coverage
from cpfkit.plan.report_years import FiscalYearPlan, InstitutionPlan, fiscal_year_plans

if TYPE_CHECKING:  # the solver (NumPy) is not needed to declare or read a report
    from cpfkit.plan.allocate import Allocation, PlanOptions

__all__ = [
    "Conflict",
    "DualValue",
    "FiscalYearPlan",
    "IndicatorCoverage",
    "InstitutionPlan",
    "PlanReport",
    "PlannedOperation",
    "SkippedOperation",
    "plan_report",
]


@dataclass(frozen=True)
class PlanReport:
    """A plan for a programme's pipeline, with its baseline, envelope use and the value of constraints."""

    programme: str
    title: str
    as_of: date
    status: str
    message: str
    messages: tuple[PlanMessage, ...]
    objective: Num | None
    bound: Num | None
    gap: Num | None
    greedy_objective: Num
    greedy_feasible: bool
    greedy_violations: tuple[str, ...]
    improvement_over_greedy: Num | None
    risk_adjustment: str
    selected: tuple[PlannedOperation, ...]
    not_selected: tuple[SkippedOperation, ...]
    fiscal_years: tuple[FiscalYearPlan, ...]
    duals: tuple[DualValue, ...]
    indicators: tuple[IndicatorCoverage, ...]
    conflicts: tuple[Conflict, ...]
    conflict_method: str | None
    notes: tuple[str, ...]
    settings: dict[str, object]
    solver: dict[str, object]
    note_messages: tuple[Message, ...] = ()
    """The ``notes`` as messages (``msgid`` and ``params``), to be written in a reader's language."""
    risk_adjustment_message: Message | None = None
    """The ``risk_adjustment`` as a message, to be written in a reader's language."""

    @property
    def nothing_to_choose(self) -> bool:
        """Whether every candidate worth financing fits in its best year (the plan made no trade-off)."""
        return any(m.code == "nothing_to_choose" for m in self.messages)


def _messages(problem: PlanProblem, context: PlanContext, allocation: Allocation) -> tuple[PlanMessage, ...]:
    """The outcome first, then the overcommitted years, then what the shadow prices are."""
    solved = allocation.status in ("optimal", "feasible")
    trivial = solved and nothing_to_choose(problem, allocation.assignment)
    out = [
        outcome_message(
            allocation.status,
            financed=len(allocation.assignment),
            candidates=len(problem.candidates),
            gap=allocation.gap,
            conflicts=tuple(g.description for g in allocation.conflicts),
            trivial=trivial,
            as_of=context.as_of,
        ),
        *envelope_warnings(
            context.fys,
            context.envelope,
            context.existing,
            context.institution_envelope,
            context.institution_existing,
        ),
    ]
    if solved and allocation.constraints:
        out.append(duals_message(lp_objective=allocation.lp_objective, objective=allocation.objective, trivial=trivial))
    return tuple(out)


def plan_report(problem: PlanProblem, context: PlanContext, allocation: Allocation, options: PlanOptions) -> PlanReport:
    """Assemble the report of a solved (or infeasible) plan."""
    marginal = options.marginal_usd / 1e8  # the report speaks of US$100 million
    selected = planned_operations(problem, context, allocation)
    skipped = skipped_operations(problem, context, allocation)
    years = fiscal_year_plans(problem, context, allocation, selected, marginal)
    duals = dual_values(allocation, marginal)
    indicators = indicator_coverage(problem, context, allocation)
    greedy_value = allocation.greedy.objective
    improvement = None if allocation.objective is None else round(allocation.objective - greedy_value, 6) + 0.0
    messages = _messages(problem, context, allocation)
    return PlanReport(
        programme=context.programme,
        title=context.title,
        as_of=context.as_of,
        status=allocation.status,
        message=messages[0].text,
        messages=messages,
        objective=num(allocation.objective),
        bound=num(allocation.bound),
        gap=num(allocation.gap),
        greedy_objective=Decimal(str(round(greedy_value, 6))),
        greedy_feasible=allocation.greedy.feasible,
        greedy_violations=allocation.greedy.violations,
        improvement_over_greedy=num(improvement),
        risk_adjustment=context.risk_adjustment,
        selected=tuple(selected),
        not_selected=tuple(skipped),
        fiscal_years=tuple(years),
        duals=duals,
        indicators=tuple(indicators),
        conflicts=tuple(Conflict(g.key, g.kind, g.description) for g in allocation.conflicts),
        conflict_method=allocation.conflict_method,
        notes=context.notes,
        note_messages=context.note_messages,
        risk_adjustment_message=context.risk_adjustment_message,
        settings=context.settings,
        solver={
            "engine": "HiGHS (highspy)",
            "seconds": round(allocation.solve_seconds, 3),
            "columns": allocation.columns,
            "rows": allocation.rows,
            "mip_gap_limit": options.mip_gap,
            "time_limit_seconds": options.time_limit,
            "lp_relaxation_objective": None if allocation.lp_objective is None else round(allocation.lp_objective, 6),
            "candidates": len(problem.candidates),
        },
    )
