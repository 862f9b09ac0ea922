"""Choose and phase the pipeline: the MILP with HiGHS, the value of each constraint, the greedy baseline.

``allocate(problem, options)`` returns the plan (operation → fiscal year),
its objective and proven bound, the greedy baseline on the same objective,
for every money constraint its room, use and shadow price from the LP
relaxation (what another US$100 million there would buy), optionally the
gain of re-solving the MILP with that money, and, when no plan exists, the
constraints in conflict.  The greedy plan, when feasible, is handed to HiGHS
as a starting plan, so the optimum is never below the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cpfkit.plan.conflicts import find_conflict
from cpfkit.plan.greedy import GreedyPlan, greedy
from cpfkit.plan.model import MILLION, Group, MilpModel, build_model
from cpfkit.plan.problem import PlanProblem, objective_value
from cpfkit.plan.solver import Solution, solve

__all__ = ["Allocation", "ConstraintValue", "PlanOptions", "YearValue", "allocate"]

_BINDING_DUAL = 1e-6  # objective per US$1 million: below it the LP puts no price on the row
_BINDING_SLACK = 1e-6  # US$1 (rows are in millions); a unit for count rows


@dataclass(frozen=True)
class PlanOptions:
    """How hard to work: time limit and gap of the MILP, and which sensitivities to compute.

    ``marginal_usd`` is the extra money of the sensitivities (US$100 million);
    ``exact_marginals`` re-solves the MILP with it for each fiscal-year
    envelope and the IBRD limit, besides the LP shadow prices.
    """

    time_limit: float = 60.0
    mip_gap: float = 1e-3
    duals: bool = True
    exact_marginals: bool = True
    marginal_usd: float = 100e6
    conflict_time_limit: float = 30.0


@dataclass(frozen=True)
class ConstraintValue:
    """One constraint of the plan with its room, its use and what relaxing it is worth.

    ``room_usd`` and ``used_usd`` are the new commitments allowed and planned
    (money constraints); ``binding`` means the plan uses the constraint to the
    dollar (or to the unit), ``lp_binding`` that the LP relaxation puts a price
    on it; ``lp_shadow_price`` is the LP relaxation's change of
    the objective per US$1 million more room (per unit for other rows);
    ``value_per_marginal`` the same for ``marginal_usd``; ``resolved_gain`` the
    MILP's gain when re-solved with ``marginal_usd`` more.
    """

    group: Group
    room_usd: float | None
    used_usd: float | None
    slack_usd: float | None
    binding: bool
    lp_binding: bool
    lp_shadow_price: float | None
    value_per_marginal: float | None
    resolved_gain: float | None


@dataclass(frozen=True)
class YearValue:
    """What ``marginal_usd`` more in one fiscal year's envelope would buy (split like the year's envelope).

    ``lp_value`` from the LP relaxation's shadow prices; ``resolved_gain`` by
    re-solving the MILP with the larger envelope (None when not computed).
    """

    fy: int
    lp_value: float | None
    resolved_gain: float | None


@dataclass(frozen=True)
class Allocation:
    """The outcome of :func:`allocate`."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    assignment: dict[str, int]
    greedy: GreedyPlan
    constraints: tuple[ConstraintValue, ...]
    years: tuple[YearValue, ...]
    conflicts: tuple[Group, ...]
    conflict_method: str | None
    conflict_complete: bool
    lp_objective: float | None
    solve_seconds: float
    columns: int
    rows: int


def _start(model: MilpModel, problem: PlanProblem, plan: dict[str, int]) -> np.ndarray:
    x = np.zeros(model.n_cols)
    for pid, fy in plan.items():
        x[model.column(pid, fy)] = 1.0
    if model.indicators:
        caps = problem.indicator_caps or {}
        by_id = {c.id: c for c in problem.candidates}
        for k, indicator in enumerate(model.indicators):
            total = sum(by_id[p].contributions.get(indicator, {}).get(fy, 0.0) for p, fy in plan.items())
            x[model.y_offset + k] = min(total, caps.get(indicator, 0.0))
    return x


def _assignment(model: MilpModel, solution: Solution) -> dict[str, int]:
    assert solution.values is not None
    return {model.columns[j][0]: model.columns[j][1] for j in range(model.n_x) if solution.values[j] > 0.5}


def _constraint_values(
    model: MilpModel, milp: Solution, lp: Solution | None, gains: dict[int, float], marginal: float
) -> tuple[ConstraintValue, ...]:
    out: list[ConstraintValue] = []
    for r, info in enumerate(model.rows):
        if not info.group or info.kind in ("precedence", "indicator", "assign"):
            continue
        group = model.groups[info.group]
        dual = float(lp.row_dual[r]) if lp is not None and lp.row_dual is not None else None
        room = used = slack = None
        if info.money and milp.row_activity is not None:
            bound = model.row_upper[r] if np.isfinite(model.row_upper[r]) else model.row_lower[r]
            activity = float(milp.row_activity[r])  # US$ millions
            slack = abs(bound - activity) * MILLION
            if info.kind in ("envelope", "institution", "ibrd_exposure"):
                room, used = bound * MILLION, activity * MILLION
        if milp.row_activity is not None:
            bound = model.row_upper[r] if np.isfinite(model.row_upper[r]) else model.row_lower[r]
            binding = abs(bound - float(milp.row_activity[r])) <= _BINDING_SLACK
        else:
            binding = False
        scale = marginal / MILLION if info.money else 1.0
        out.append(
            ConstraintValue(
                group=group,
                room_usd=room,
                used_usd=used,
                slack_usd=slack,
                binding=binding,
                lp_binding=dual is not None and abs(dual) > _BINDING_DUAL,
                lp_shadow_price=dual,
                value_per_marginal=dual * scale if dual is not None else None,
                resolved_gain=gains.get(r),
            )
        )
    return tuple(out)


def _year_rows(model: MilpModel, problem: PlanProblem, fy: int, delta: float) -> dict[int, float]:
    """The rows of a fiscal year's envelope, with ``delta`` more split like the year's envelope."""
    total = problem.envelope.get(fy)
    change: dict[int, float] = {}
    for r, info in enumerate(model.rows):
        group = model.groups.get(info.group)
        if group is None or group.fy != fy:
            continue
        if info.kind == "envelope":
            change[r] = delta
        elif info.kind == "institution" and group.institution is not None and total:
            change[r] = delta * problem.institution_envelope.get((fy, group.institution), 0.0) / total
    return change


def allocate(problem: PlanProblem, options: PlanOptions | None = None) -> Allocation:
    """Solve the allocation problem; report the plan, the baseline, the value of constraints or the conflict."""
    options = options or PlanOptions()
    model = build_model(problem)
    baseline = greedy(problem)
    start = _start(model, problem, baseline.assignment) if baseline.feasible else None
    milp = solve(model, time_limit=options.time_limit, mip_gap=options.mip_gap, start=start)
    shape = {"columns": model.n_cols, "rows": len(model.rows)}
    if milp.status in ("infeasible", "no solution"):
        conflicts: tuple[Group, ...] = ()
        method = None
        complete = False
        if milp.status == "infeasible":
            search = find_conflict(model, time_limit=options.conflict_time_limit)
            conflicts = tuple(model.groups[key] for key in search.groups)
            method, complete = search.method, search.complete
        return Allocation(
            milp.status,
            None,
            None,
            None,
            {},
            baseline,
            (),
            (),
            conflicts,
            method,
            complete,
            None,
            milp.seconds,
            **shape,
        )
    lp = solve(model, integer=False, time_limit=options.time_limit) if options.duals else None
    delta = options.marginal_usd / MILLION
    exact = options.exact_marginals and milp.status == "optimal" and milp.objective is not None

    def resolve(change: dict[int, float]) -> float | None:
        again = solve(
            model, time_limit=options.time_limit, mip_gap=options.mip_gap, start=milp.values, rhs_change=change
        )
        if again.objective is None or milp.objective is None:
            return None
        return max(0.0, again.objective - milp.objective)

    gains: dict[int, float] = {}
    if exact:
        for r, info in enumerate(model.rows):
            if info.kind == "ibrd_exposure":
                gain = resolve({r: delta})
                if gain is not None:
                    gains[r] = gain
    years: list[YearValue] = []
    for fy in problem.fys:
        change = _year_rows(model, problem, fy, delta)
        if not change:
            continue
        lp_value = None
        if lp is not None and lp.row_dual is not None:
            lp_value = sum(float(lp.row_dual[r]) * d for r, d in change.items())
        years.append(YearValue(fy, lp_value, resolve(change) if exact else None))
    assignment = _assignment(model, milp)
    return Allocation(
        status=milp.status,
        objective=objective_value(problem, assignment),
        bound=None if milp.bound is None else max(milp.bound, objective_value(problem, assignment)),
        gap=milp.gap,
        assignment=assignment,
        greedy=baseline,
        constraints=_constraint_values(model, milp, lp, gains, options.marginal_usd),
        years=tuple(years),
        conflicts=(),
        conflict_method=None,
        conflict_complete=True,
        lp_objective=lp.objective if lp is not None else None,
        solve_seconds=milp.seconds,
        **shape,
    )
