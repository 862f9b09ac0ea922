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

from cpfkit.model import fy_label
from cpfkit.model.base import Num
from cpfkit.plan.allocate import Allocation, PlanOptions
from cpfkit.plan.inputs import PlanContext
from cpfkit.plan.messages import PlanMessage, duals_message, envelope_warnings, nothing_to_choose, outcome_message
from cpfkit.plan.problem import Candidate, PlanProblem

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


def _usd(x: float | Decimal | None) -> Decimal | None:
    return None if x is None else Decimal(str(round(float(x), 2)))


def _num(x: float | None, places: int = 6) -> Decimal | None:
    return None if x is None else Decimal(str(round(x, places)))


@dataclass(frozen=True)
class PlannedOperation:
    """An operation the plan finances, in its fiscal year."""

    project: str
    fy: int
    label: str
    name: str
    institution: str
    instrument: str
    cost_usd: Num
    planned_fy: int | None
    priority_areas: tuple[str, ...]
    risk: str | None
    high_risk: bool
    npv_usd: Num | None
    completion_probability: Num
    value: Num
    illustrative: bool
    npv_illustrative: bool = False


@dataclass(frozen=True)
class SkippedOperation:
    """A candidate the plan leaves out, and why."""

    project: str
    name: str
    cost_usd: Num
    reason: str


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


def _largest_room(problem: PlanProblem, c: Candidate) -> float | None:
    """The most money any year of a candidate's window has for it (before the plan), or None if unlimited."""
    rooms = []
    for fy in problem.allowed(c):
        limits = []
        if fy in problem.envelope and problem.covers(c.institution):
            limits.append(problem.envelope[fy] - problem.existing.get(fy, 0.0))
        key = (fy, c.institution)
        if key in problem.institution_envelope:
            limits.append(problem.institution_envelope[key] - problem.institution_existing.get(key, 0.0))
        if not limits:
            return None
        rooms.append(max(0.0, min(limits)))
    return max(rooms) if rooms else None


def plan_report(problem: PlanProblem, context: PlanContext, allocation: Allocation, options: PlanOptions) -> PlanReport:
    """Assemble the report of a solved (or infeasible) plan."""
    marginal = options.marginal_usd / 1e8  # the report speaks of US$100 million
    by_id = {c.id: c for c in problem.candidates}
    selected: list[PlannedOperation] = []
    for pid, fy in sorted(allocation.assignment.items(), key=lambda kv: (kv[1], kv[0])):
        c, info = by_id[pid], context.candidates[pid]
        selected.append(
            PlannedOperation(
                project=pid,
                fy=fy,
                label=fy_label(fy),
                name=info.name,
                institution=info.institution,
                instrument=info.instrument,
                cost_usd=info.cost_usd,
                planned_fy=info.planned_fy,
                priority_areas=info.priority_areas,
                risk=info.risk,
                high_risk=c.high_risk,
                npv_usd=_usd(info.npv_usd),
                completion_probability=Decimal(str(round(info.completion_probability, 4))),
                value=Decimal(str(round(c.value(fy, problem.indicator_weights, problem.npv_term(c)), 6))),
                illustrative=info.illustrative,
                npv_illustrative=info.npv_illustrative,
            )
        )
    skipped: list[SkippedOperation] = []
    for c in problem.candidates:
        if c.id in allocation.assignment:
            continue
        info = context.candidates[c.id]
        if c.id in problem.must_exclude:
            reason = "excluded by the scenario (must_exclude)"
        elif c.blocked:
            reason = c.blocked
        elif not problem.allowed(c):
            reason = "no fiscal year available in its window"
        elif allocation.status not in ("optimal", "feasible"):
            reason = "no plan"
        elif not any(c.value(f, problem.indicator_weights, problem.npv_term(c)) > 0 for f in problem.allowed(c)):
            reason = "no scored contribution to the indicators"
        elif (room := _largest_room(problem, c)) is not None and room < c.cost:
            reason = f"larger than the room in every year of its window (at most US${room / 1e6:,.1f}M)"
        else:
            reason = "not chosen: the money does more elsewhere under the constraints"
        skipped.append(SkippedOperation(c.id, info.name, info.cost_usd, reason))

    year_values = {y.fy: y for y in allocation.years}
    institutions = sorted(
        {inst for (_, inst) in context.institution_envelope} | {c.institution for c in problem.candidates}
    )
    years: list[FiscalYearPlan] = []
    for fy in context.fys:
        chosen = [p for p in selected if p.fy == fy]
        planned = sum((p.cost_usd for p in chosen), Decimal(0))
        existing = _usd(context.existing.get(fy, 0.0)) or Decimal(0)
        envelope = _usd(context.envelope.get(fy))
        by_inst = tuple(
            InstitutionPlan(
                institution=inst,
                envelope_usd=_usd(context.institution_envelope.get((fy, inst))),
                existing_usd=_usd(context.institution_existing.get((fy, inst), 0.0)) or Decimal(0),
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
                value_per_100m=_num(yv.lp_value / marginal if yv and yv.lp_value is not None else None),
                resolved_gain_per_100m=_num(
                    yv.resolved_gain / marginal if yv and yv.resolved_gain is not None else None
                ),
                projects=tuple(p.project for p in chosen),
            )
        )

    duals = tuple(
        DualValue(
            constraint=v.group.key,
            kind=v.group.kind,
            description=v.group.description,
            fy=v.group.fy,
            institution=v.group.institution,
            area=v.group.area,
            project=v.group.project,
            room_usd=_usd(v.room_usd),
            used_usd=_usd(v.used_usd),
            slack_usd=_usd(v.slack_usd),
            binding=v.binding,
            lp_binding=v.lp_binding,
            shadow_price=_num(v.lp_shadow_price, 8),
            value_per_100m=_num(v.value_per_marginal / marginal if v.value_per_marginal is not None else None),
            resolved_gain_per_100m=_num(v.resolved_gain / marginal if v.resolved_gain is not None else None),
        )
        for v in allocation.constraints
    )

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
        objective=_num(allocation.objective),
        bound=_num(allocation.bound),
        gap=_num(allocation.gap),
        greedy_objective=Decimal(str(round(greedy_value, 6))),
        greedy_feasible=allocation.greedy.feasible,
        greedy_violations=allocation.greedy.violations,
        improvement_over_greedy=_num(improvement),
        risk_adjustment=context.risk_adjustment,
        selected=tuple(selected),
        not_selected=tuple(skipped),
        fiscal_years=tuple(years),
        duals=duals,
        indicators=tuple(indicators),
        conflicts=tuple(Conflict(g.key, g.kind, g.description) for g in allocation.conflicts),
        conflict_method=allocation.conflict_method,
        notes=context.notes,
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
