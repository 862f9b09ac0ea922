"""Random allocation problems of a given size, for the benchmark and the correctness checks.

The shape follows a World Bank Group country pipeline: commitments log-normal
around US$150 million for IBRD, US$45 million for IFC and US$37.5 million for
MIGA (80%, 15% and 5% of the operations and of the envelope); each
operation serves one priority area and one or two of its indicators; results
take two to eight years to be fully in place; readiness windows of one to six
fiscal years; a fifth of the operations rated high risk.
"""

from __future__ import annotations

import numpy as np

from cpfkit.plan.problem import Candidate, PlanProblem, Precedence

__all__ = ["random_problem"]

_INSTITUTIONS = ("IBRD", "IFC", "MIGA")
_SPLIT = (0.80, 0.15, 0.05)
_SIZE = (1.0, 0.3, 0.25)  # median commitment relative to IBRD's


def random_problem(
    rng: np.random.Generator,
    n: int,
    *,
    fys: int = 6,
    areas: int = 6,
    indicators_per_area: int = 3,
    envelope_usd: float = 1e9,
    shares: bool = True,
    risk_cap: float | None = 0.25,
    precedence: int = 0,
    must_include: int = 0,
    cap_at_target: bool = False,
    mean_cost_usd: float = 150e6,
) -> PlanProblem:
    """A random problem with ``n`` candidates over ``fys`` fiscal years and ``areas`` priority areas.

    Args:
        rng: the random generator (pass a seeded one).
        n: number of candidates.
        fys: number of fiscal years (FY1…).
        areas: number of priority areas.
        indicators_per_area: indicators of each area.
        envelope_usd: the yearly envelope, split 80/15/5 between IBRD, IFC and MIGA.
        shares: bound each area between 5% and 35% of commitments.
        risk_cap: cap on the high-risk share (None: no cap).
        precedence: number of "B only after A" pairs (A's window opens before B's closes).
        must_include: number of operations that must be included (none that must follow another,
            each with a window of two years or more).
        cap_at_target: count nothing beyond an indicator's target (gap 1 each).
        mean_cost_usd: median commitment.
    """
    years = tuple(range(1, fys + 1))
    area_codes = [f"PA{a + 1}" for a in range(areas)]
    inst = rng.choice(len(_INSTITUTIONS), n, p=_SPLIT)
    median = mean_cost_usd * np.array(_SIZE)[inst]
    cost = np.clip(rng.lognormal(np.log(median), 0.7), median / 10, median * 5)
    area = rng.integers(0, areas, n)
    high = rng.random(n) < 0.2
    lag = rng.uniform(2.0, 8.0, n)
    earliest = rng.integers(1, fys + 1, n)
    width = rng.integers(1, fys + 1, n)
    candidates = []
    for p in range(n):
        allowed = tuple(f for f in years if earliest[p] <= f < earliest[p] + width[p])
        k = int(rng.integers(1, 3))
        chosen = rng.choice(indicators_per_area, k, replace=False)
        contributions: dict[str, dict[int, float]] = {}
        for i in chosen:
            size = float(rng.lognormal(np.log(0.05), 0.9) * (cost[p] / mean_cost_usd) ** 0.5)
            code = f"I{area[p] + 1}.{int(i) + 1}"
            # results build up over `lag` years from a mid-year approval; the target is the end of the last year
            contributions[code] = {f: size * min(1.0, max(0.0, (fys - (f - 0.5)) / lag[p])) for f in allowed}
        candidates.append(
            Candidate(
                id=f"C{p + 1:03d}",
                cost=float(cost[p]),
                institution=_INSTITUTIONS[int(inst[p])],
                fys=allowed,
                areas={area_codes[int(area[p])]: 1.0},
                high_risk=bool(high[p]),
                contributions=contributions,
            )
        )
    indicators = sorted({i for c in candidates for i in c.contributions})
    pairs: list[Precedence] = []
    while len(pairs) < precedence:
        a, b = (int(i) for i in rng.choice(n, 2, replace=False))
        if candidates[a].fys and candidates[b].fys and min(candidates[a].fys) < max(candidates[b].fys):
            pairs.append(Precedence(candidates[a].id, candidates[b].id, 1))
    followers = {rule.after for rule in pairs}
    eligible = [c.id for c in candidates if c.id not in followers and len(c.fys) >= 2]
    musts = frozenset(str(x) for x in rng.choice(eligible, must_include, replace=False))
    return PlanProblem(
        fys=years,
        candidates=tuple(candidates),
        envelope=dict.fromkeys(years, envelope_usd),
        institution_envelope={
            (f, inst_code): envelope_usd * s for f in years for inst_code, s in zip(_INSTITUTIONS, _SPLIT, strict=True)
        },
        area_min=dict.fromkeys(area_codes, 0.05) if shares else {},
        area_max=dict.fromkeys(area_codes, 0.35) if shares else {},
        high_risk_max_share=risk_cap,
        must_include=musts,
        precedence=tuple(pairs),
        indicator_weights=dict.fromkeys(indicators, 1.0),
        indicator_caps=dict.fromkeys(indicators, 1.0) if cap_at_target else None,
    )
