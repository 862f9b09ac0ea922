"""The allocation problem as plain numbers: candidates, envelopes, shares, risk, precedence and the objective.

Nothing here knows where the numbers come from (``cpfkit.plan.inputs`` builds
a problem from a programme); the solver, the greedy baseline and the tests
all read this one description.  Amounts are US dollars.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["Candidate", "PlanProblem", "Precedence", "objective_value", "violations"]

_TOL = 1e-6


@dataclass(frozen=True)
class Candidate:
    """A pipeline operation that the plan may finance in one of its fiscal years.

    ``contributions`` maps an indicator to the normalised, expected contribution
    of the operation to it if approved in each fiscal year (already adjusted
    for timing and, when asked, the probability of completion).  ``areas``
    gives the share of the cost counted under each priority area.
    ``blocked`` names why the operation may not be chosen (the economic test).
    """

    id: str
    cost: float
    institution: str
    fys: tuple[int, ...]
    areas: Mapping[str, float] = field(default_factory=dict)
    high_risk: bool = False
    contributions: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    npv: float | None = None
    blocked: str | None = None

    def value(self, fy: int, weights: Mapping[str, float], npv_term: float = 0.0) -> float:
        """The operation's uncapped objective value if approved in ``fy``."""
        total = sum(weights.get(i, 0.0) * by_fy.get(fy, 0.0) for i, by_fy in self.contributions.items())
        return total + npv_term


@dataclass(frozen=True)
class Precedence:
    """``after`` only ``gap`` or more fiscal years after ``before``.

    ``before_fy`` is set when ``before`` is already approved (not a candidate).
    """

    before: str
    after: str
    gap: int = 1
    before_fy: int | None = None


@dataclass(frozen=True)
class PlanProblem:
    """Everything the optimiser needs.

    Envelope rows: for each fiscal year, new commitments of the covered
    institutions ≤ ``envelope[fy] − existing[fy]`` (never below zero); the same
    per institution when ``institution_envelope`` has the year.  Share rows are
    over ``share_base_total`` (commitments already counted) plus the plan.
    """

    fys: tuple[int, ...]
    candidates: tuple[Candidate, ...]
    envelope: Mapping[int, float] = field(default_factory=dict)
    existing: Mapping[int, float] = field(default_factory=dict)
    covered: frozenset[str] | None = None
    institution_envelope: Mapping[tuple[int, str], float] = field(default_factory=dict)
    institution_existing: Mapping[tuple[int, str], float] = field(default_factory=dict)
    area_min: Mapping[str, float] = field(default_factory=dict)
    area_max: Mapping[str, float] = field(default_factory=dict)
    share_base_total: float = 0.0
    share_base_by_area: Mapping[str, float] = field(default_factory=dict)
    high_risk_max_share: float | None = None
    share_base_high_risk: float = 0.0
    ibrd_limit: float | None = None
    ibrd_current: float = 0.0
    must_include: frozenset[str] = frozenset()
    must_exclude: frozenset[str] = frozenset()
    precedence: tuple[Precedence, ...] = ()
    windows: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    indicator_weights: Mapping[str, float] = field(default_factory=dict)
    indicator_caps: Mapping[str, float] | None = None
    npv_weight: float = 0.0
    npv_scale: float = 0.0

    def npv_term(self, candidate: Candidate) -> float:
        """The NPV part of a candidate's value (zero unless NPV weighting is on)."""
        if not self.npv_weight or not self.npv_scale or candidate.npv is None:
            return 0.0
        return self.npv_weight * candidate.npv / self.npv_scale

    def allowed(self, candidate: Candidate) -> tuple[int, ...]:
        """The fiscal years a candidate may take once every column restriction applies."""
        if candidate.blocked or candidate.id in self.must_exclude:
            return ()
        window = self.windows.get(candidate.id)
        return tuple(f for f in candidate.fys if window is None or f in window)

    def covers(self, institution: str) -> bool:
        """Whether the total envelope counts an institution's commitments."""
        return self.covered is None or institution in self.covered


def objective_value(problem: PlanProblem, assignment: Mapping[str, int]) -> float:
    """The objective of a plan (candidate → fiscal year): weighted, normalised contributions (+ NPV term).

    With ``indicator_caps`` each indicator counts at most its remaining gap.
    """
    by_id = {c.id: c for c in problem.candidates}
    totals: dict[str, float] = {}
    npv = 0.0
    for pid, fy in assignment.items():
        c = by_id[pid]
        npv += problem.npv_term(c)
        for indicator, by_fy in c.contributions.items():
            totals[indicator] = totals.get(indicator, 0.0) + by_fy.get(fy, 0.0)
    score = 0.0
    for indicator, total in totals.items():
        if problem.indicator_caps is not None:
            total = min(total, problem.indicator_caps.get(indicator, 0.0))
        score += problem.indicator_weights.get(indicator, 0.0) * total
    return score + npv


def violations(problem: PlanProblem, assignment: Mapping[str, int], *, partial: bool = False) -> list[str]:
    """The constraints a plan breaks, in words (empty when the plan is feasible).

    With ``partial`` the lower bounds (must include, minimum shares) are not
    checked: the greedy baseline uses it on plans still being built.
    """
    by_id = {c.id: c for c in problem.candidates}
    out: list[str] = []
    for pid, fy in assignment.items():
        if fy not in problem.allowed(by_id[pid]):
            out.append(f"{pid} in FY{fy} is outside what it may take")
    for fy in problem.fys:
        chosen = [by_id[p] for p, f in assignment.items() if f == fy]
        if fy in problem.envelope:
            room = max(0.0, problem.envelope[fy] - problem.existing.get(fy, 0.0))
            used = sum(c.cost for c in chosen if problem.covers(c.institution))
            if used > room + _TOL:
                out.append(f"envelope FY{fy}")
        for (efy, inst), amount in problem.institution_envelope.items():
            if efy != fy:
                continue
            room = max(0.0, amount - problem.institution_existing.get((fy, inst), 0.0))
            if sum(c.cost for c in chosen if c.institution == inst) > room + _TOL:
                out.append(f"{inst} envelope FY{fy}")
    chosen_all = [by_id[p] for p in assignment]
    total = problem.share_base_total + sum(c.cost for c in chosen_all)
    for area, share in problem.area_max.items():
        amount = problem.share_base_by_area.get(area, 0.0) + sum(c.cost * c.areas.get(area, 0.0) for c in chosen_all)
        if amount > share * total + _TOL:
            out.append(f"maximum share of {area}")
    if not partial:
        for area, share in problem.area_min.items():
            amount = problem.share_base_by_area.get(area, 0.0) + sum(
                c.cost * c.areas.get(area, 0.0) for c in chosen_all
            )
            if amount < share * total - _TOL:
                out.append(f"minimum share of {area}")
        for pid in problem.must_include:
            if pid not in assignment:
                out.append(f"{pid} must be included")
    if problem.high_risk_max_share is not None:
        high = problem.share_base_high_risk + sum(c.cost for c in chosen_all if c.high_risk)
        if high > problem.high_risk_max_share * total + _TOL:
            out.append("high-risk share")
    if problem.ibrd_limit is not None:
        ibrd = sum(c.cost for c in chosen_all if c.institution == "IBRD")
        if ibrd > max(0.0, problem.ibrd_limit - problem.ibrd_current) + _TOL:
            out.append("IBRD exposure")
    for rule in problem.precedence:
        if rule.after not in assignment:
            continue
        after_fy = assignment[rule.after]
        before_fy = rule.before_fy if rule.before_fy is not None else assignment.get(rule.before)
        if before_fy is None or after_fy < before_fy + rule.gap:
            out.append(f"{rule.after} after {rule.before}")
    return out
