"""Brute-force reference for small allocation problems: every assignment of candidates to years, checked directly.

Written from the rules of docs/planning.md, apart from the model, greedy and
problem-checking code it verifies; vectorised with NumPy over all assignments.
"""

from __future__ import annotations

import itertools

import numpy as np

from cpfkit.plan.problem import PlanProblem

TOL = 1e-7


def choices(problem: PlanProblem) -> list[list[int]]:
    """For each candidate: 0 (not financed) and the fiscal years it may take."""
    out = []
    for c in problem.candidates:
        years: list[int] = []
        if not c.blocked and c.id not in problem.must_exclude:
            window = problem.windows.get(c.id)
            years = [f for f in c.fys if window is None or f in window]
        out.append([0, *years])
    return out


def brute_force(problem: PlanProblem) -> tuple[float | None, dict[str, int]]:
    """The best objective over every feasible assignment (None when none is feasible), and one best plan."""
    cands = problem.candidates
    options = choices(problem)
    combos = np.array(list(itertools.product(*options)), dtype=np.int64)  # rows: assignments, columns: candidates
    chosen = combos > 0
    cost = np.array([c.cost for c in cands])
    ok = np.ones(len(combos), dtype=bool)
    for fy in problem.fys:
        in_year = combos == fy
        if fy in problem.envelope:
            covered = np.array([problem.covered is None or c.institution in problem.covered for c in cands])
            spent = (in_year * cost * covered).sum(axis=1)
            ok &= spent <= max(0.0, problem.envelope[fy] - problem.existing.get(fy, 0.0)) + TOL
        for (efy, inst), amount in problem.institution_envelope.items():
            if efy == fy:
                mine = np.array([c.institution == inst for c in cands])
                room = max(0.0, amount - problem.institution_existing.get((fy, inst), 0.0))
                ok &= (in_year * cost * mine).sum(axis=1) <= room + TOL
    total = problem.share_base_total + (chosen * cost).sum(axis=1)
    for area in set(problem.area_min) | set(problem.area_max):
        share = np.array([c.areas.get(area, 0.0) for c in cands])
        amount = problem.share_base_by_area.get(area, 0.0) + (chosen * cost * share).sum(axis=1)
        if area in problem.area_min:
            ok &= amount >= problem.area_min[area] * total - TOL
        if area in problem.area_max:
            ok &= amount <= problem.area_max[area] * total + TOL
    if problem.high_risk_max_share is not None:
        high = np.array([c.high_risk for c in cands])
        ok &= (
            problem.share_base_high_risk + (chosen * cost * high).sum(axis=1)
            <= problem.high_risk_max_share * total + TOL
        )
    if problem.ibrd_limit is not None:
        ibrd = np.array([c.institution == "IBRD" for c in cands])
        ok &= (chosen * cost * ibrd).sum(axis=1) <= max(0.0, problem.ibrd_limit - problem.ibrd_current) + TOL
    index = {c.id: i for i, c in enumerate(cands)}
    for pid in problem.must_include:
        ok &= chosen[:, index[pid]]
    for rule in problem.precedence:
        a = index[rule.after]
        if rule.before_fy is not None:
            ok &= ~chosen[:, a] | (combos[:, a] >= rule.before_fy + rule.gap)
        else:
            b = index[rule.before]
            ok &= ~chosen[:, a] | (chosen[:, b] & (combos[:, a] >= combos[:, b] + rule.gap))
    if not ok.any():
        return None, {}
    combos, chosen = combos[ok], chosen[ok]
    score = np.zeros(len(combos))
    indicators = sorted({i for c in cands for i in c.contributions})
    for indicator in indicators:
        reach = np.zeros(len(combos))
        for j, c in enumerate(cands):
            for fy, value in c.contributions.get(indicator, {}).items():
                reach += value * (combos[:, j] == fy)
        if problem.indicator_caps is not None:
            reach = np.minimum(reach, problem.indicator_caps.get(indicator, 0.0))
        score += problem.indicator_weights.get(indicator, 0.0) * reach
    for j, c in enumerate(cands):
        if problem.npv_weight and problem.npv_scale and c.npv is not None:
            score += chosen[:, j] * problem.npv_weight * c.npv / problem.npv_scale
    best = int(np.argmax(score))
    plan = {c.id: int(combos[best, j]) for j, c in enumerate(cands) if combos[best, j] > 0}
    return float(score[best]), plan
