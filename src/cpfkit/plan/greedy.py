"""The greedy baseline: fund operations in order of benefit per dollar, each in its best year that still fits.

1. Operations that must be included go first (with the operations they must
   follow), each in its earliest year that fits; then the others in
   decreasing order of (best-year value) / cost; operations of no value are
   left out.
2. Each takes the fiscal year of highest value (earliest on ties) in which the
   envelopes, institution envelopes, IBRD limit and precedence still hold.
3. If a maximum share (priority area or high risk) is exceeded at the end,
   the lowest-ratio operations of the offending group leave the plan (never
   those that must be included) until it holds, and the freed money goes down
   the list again to operations that keep every maximum share.
4. If a minimum share is short, the area's best operations that fit are
   added, or, when none fits, the lowest-ratio operation of another area
   leaves.  Steps 3 and 4 repeat up to three times.

The baseline may still break a constraint; it is then reported as infeasible
(and not used as the solver's starting plan).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cpfkit.plan.problem import Candidate, PlanProblem, objective_value, violations

__all__ = ["GreedyPlan", "greedy"]

_TOL = 1e-6


@dataclass(frozen=True)
class GreedyPlan:
    """The greedy plan, its objective and the constraints it breaks (none when feasible)."""

    assignment: dict[str, int]
    objective: float
    violations: tuple[str, ...]

    @property
    def feasible(self) -> bool:
        """Whether the greedy plan meets every constraint."""
        return not self.violations


@dataclass
class _State:
    problem: PlanProblem
    plan: dict[str, int] = field(default_factory=dict)
    used: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    used_inst: dict[tuple[int, str], float] = field(default_factory=lambda: defaultdict(float))
    ibrd: float = 0.0
    total: float = 0.0
    high: float = 0.0
    area: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def move(self, c: Candidate, fy: int, sign: float) -> None:
        if self.problem.covers(c.institution):
            self.used[fy] += sign * c.cost
        self.used_inst[(fy, c.institution)] += sign * c.cost
        if c.institution == "IBRD":
            self.ibrd += sign * c.cost
        self.total += sign * c.cost
        if c.high_risk:
            self.high += sign * c.cost
        for a, share in c.areas.items():
            self.area[a] += sign * c.cost * share
        if sign > 0:
            self.plan[c.id] = fy
        else:
            del self.plan[c.id]

    def fits(self, c: Candidate, fy: int, shares: bool) -> bool:
        p = self.problem
        if fy in p.envelope and p.covers(c.institution):
            if self.used[fy] + c.cost > max(0.0, p.envelope[fy] - p.existing.get(fy, 0.0)) + _TOL:
                return False
        key = (fy, c.institution)
        if key in p.institution_envelope:
            room = max(0.0, p.institution_envelope[key] - p.institution_existing.get(key, 0.0))
            if self.used_inst[key] + c.cost > room + _TOL:
                return False
        if p.ibrd_limit is not None and c.institution == "IBRD":
            if self.ibrd + c.cost > max(0.0, p.ibrd_limit - p.ibrd_current) + _TOL:
                return False
        for rule in p.precedence:
            if rule.after == c.id:
                before = rule.before_fy if rule.before_fy is not None else self.plan.get(rule.before)
                if before is None or fy < before + rule.gap:
                    return False
        if shares:
            return not self.share_breaks(extra=c)
        return True

    def share_breaks(self, extra: Candidate | None = None) -> list[str]:
        p = self.problem
        add = extra.cost if extra else 0.0
        total = p.share_base_total + self.total + add
        out = []
        for a, m in sorted(p.area_max.items()):
            amount = p.share_base_by_area.get(a, 0.0) + self.area[a] + (add * extra.areas.get(a, 0.0) if extra else 0)
            if amount > m * total + _TOL:
                out.append(a)
        if p.high_risk_max_share is not None:
            high = p.share_base_high_risk + self.high + (add if extra and extra.high_risk else 0.0)
            if high > p.high_risk_max_share * total + _TOL:
                out.append("")
        return out


def _ratio(problem: PlanProblem, c: Candidate) -> float:
    years = problem.allowed(c)
    if not years:
        return float("-inf")
    best = max(c.value(f, problem.indicator_weights, problem.npv_term(c)) for f in years)
    return best / c.cost if c.cost > 0 else (float("inf") if best > 0 else 0.0)


def _best_years(problem: PlanProblem, c: Candidate) -> list[int]:
    """A candidate's allowed years, best value first (earliest on ties)."""
    term = problem.npv_term(c)
    return sorted(problem.allowed(c), key=lambda f: (-c.value(f, problem.indicator_weights, term), f))


def _fill(state: _State, order: list[Candidate], *, shares: bool) -> None:
    problem = state.problem
    for c in order:
        if c.id in state.plan:
            continue
        for fy in _best_years(problem, c):
            if state.fits(c, fy, shares):
                state.move(c, fy, +1)
                break


def _with_dependents(problem: PlanProblem, plan: dict[str, int], pid: str) -> list[str]:
    """An operation and, transitively, the planned operations that may only come after it."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        if current in out or current not in plan:
            continue
        out.append(current)
        todo.extend(rule.after for rule in problem.precedence if rule.before == current and rule.before_fy is None)
    return out


def _short_area(state: _State) -> str | None:
    p = state.problem
    total = p.share_base_total + state.total
    for a, m in sorted(p.area_min.items()):
        if p.share_base_by_area.get(a, 0.0) + state.area[a] < m * total - _TOL:
            return a
    return None


def _raise_minimum_shares(state: _State, others: list[Candidate], ratio: dict[str, float]) -> None:
    """Meet minimum area shares: add the area's best operations that fit, else make room by dropping others."""
    problem = state.problem
    by_id = {c.id: c for c in problem.candidates}
    for _ in range(2 * len(problem.candidates)):
        area = _short_area(state)
        if area is None:
            return
        added = False
        for c in others:
            if c.id in state.plan or c.areas.get(area, 0.0) <= 0:
                continue
            fy = next((f for f in _best_years(problem, c) if state.fits(c, f, shares=True)), None)
            if fy is not None:
                state.move(c, fy, +1)
                added = True
                break
        if added:
            continue
        droppable = [
            pid for pid in state.plan if pid not in problem.must_include and by_id[pid].areas.get(area, 0.0) <= 0
        ]
        if not droppable:
            return
        worst = min(droppable, key=lambda pid: (ratio[pid], pid))
        for pid in _with_dependents(problem, state.plan, worst):
            state.move(by_id[pid], state.plan[pid], -1)


def _required(problem: PlanProblem, musts: list[Candidate]) -> list[Candidate]:
    """The operations that must be included, each after the candidates it must follow (which become required)."""
    by_id = {c.id: c for c in problem.candidates}
    out: list[Candidate] = []

    def visit(c: Candidate, path: frozenset[str]) -> None:
        if c in out or c.id in path:
            return
        for rule in problem.precedence:
            if rule.after == c.id and rule.before_fy is None and rule.before in by_id:
                visit(by_id[rule.before], path | {c.id})
        out.append(c)

    for c in musts:
        visit(c, frozenset())
    return out


def _trim_maximum_shares(state: _State, ratio: dict[str, float], removed: set[str]) -> bool:
    """Drop the lowest-ratio operations of any group above its maximum share; whether anything was dropped."""
    problem = state.problem
    by_id = {c.id: c for c in problem.candidates}
    dropped = False
    while broken := state.share_breaks():
        group = broken[0]

        def offends(pid: str, group: str = group) -> bool:
            c = by_id[pid]
            return c.high_risk if group == "" else c.areas.get(group, 0.0) > 0

        removable = [p for p in state.plan if p not in problem.must_include and offends(p)]
        if not removable:
            break
        worst = min(removable, key=lambda p: (ratio[p], p))
        for pid in _with_dependents(problem, state.plan, worst):
            state.move(by_id[pid], state.plan[pid], -1)
            removed.add(pid)
        dropped = True
    return dropped


def greedy(problem: PlanProblem) -> GreedyPlan:
    """Build the benefit-per-dollar greedy plan of a problem."""
    ratio = {c.id: _ratio(problem, c) for c in problem.candidates}
    ranked = sorted((c for c in problem.candidates if problem.allowed(c)), key=lambda c: (-ratio[c.id], c.id))
    required = _required(problem, [c for c in ranked if c.id in problem.must_include])
    others = [c for c in ranked if c not in required and ratio[c.id] > 0]
    state = _State(problem)
    for c in required:
        years = sorted(problem.allowed(c))
        fy = next((f for f in years if state.fits(c, f, shares=False)), None)
        if fy is not None:
            state.move(c, fy, +1)
    _fill(state, others, shares=False)
    removed: set[str] = set()
    for _ in range(3):
        if _trim_maximum_shares(state, ratio, removed):
            _fill(state, [c for c in others if c.id not in removed], shares=True)
        _raise_minimum_shares(state, others, ratio)
        if not state.share_breaks() and _short_area(state) is None:
            break
    plan = dict(state.plan)
    return GreedyPlan(plan, objective_value(problem, plan), tuple(violations(problem, plan)))
