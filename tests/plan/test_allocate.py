"""The optimiser against brute force, the value of constraints, the greedy baseline and infeasibility."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cpfkit.plan.allocate import PlanOptions, allocate
from cpfkit.plan.greedy import greedy
from cpfkit.plan.problem import Candidate, PlanProblem, Precedence, objective_value, violations
from tests.plan.brute import brute_force

EXACT = PlanOptions(mip_gap=0.0, exact_marginals=False, time_limit=30)
INSTITUTIONS = ("IBRD", "IFC", "MIGA")


def random_instance(seed: int) -> PlanProblem:
    """A small problem with every kind of constraint, sized so that brute force stays below ~50,000 plans."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 16))
    fys = (1, 2, 3)
    budget = 50_000
    candidates = []
    for p in range(n):
        remaining = budget ** (1 / (n - p)) if budget > 1 else 1
        width = max(1, min(len(fys), int(remaining) - 1, int(rng.integers(1, 4))))
        start = int(rng.integers(1, len(fys) - width + 2))
        years = tuple(range(start, start + width))
        budget = max(1, budget // (width + 1))
        area = f"PA{int(rng.integers(1, 4))}"
        contributions = {}
        for indicator in rng.choice(["I1", "I2", "I3", "I4"], int(rng.integers(1, 3)), replace=False):
            size = float(rng.uniform(0.05, 0.6))
            lag = float(rng.uniform(0, 3))
            contributions[str(indicator)] = {
                f: size * min(1.0, max(0.0, (3.5 - f) / lag)) if lag else size for f in fys
            }
        candidates.append(
            Candidate(
                id=f"P{p:02d}",
                cost=float(rng.choice([50, 80, 100, 150, 200, 250, 300])) * 1e6,
                institution=str(rng.choice(INSTITUTIONS, p=[0.7, 0.2, 0.1])),
                fys=years,
                areas={area: 1.0} if rng.random() < 0.8 else {area: 0.5, "PA3": 0.5} if area != "PA3" else {area: 1.0},
                high_risk=bool(rng.random() < 0.3),
                contributions=contributions,
                npv=float(rng.uniform(-50, 400)) * 1e6 if rng.random() < 0.5 else None,
                blocked="fails the economic test" if rng.random() < 0.05 else None,
            )
        )
    ids = [c.id for c in candidates]
    precedence = []
    if rng.random() < 0.6:
        a, b = rng.choice(n, 2, replace=False)
        precedence.append(Precedence(ids[int(a)], ids[int(b)], int(rng.integers(0, 2))))
    if rng.random() < 0.3:
        precedence.append(Precedence("DONE", ids[int(rng.integers(n))], 1, before_fy=2))
    envelope = float(rng.uniform(250, 600)) * 1e6
    return PlanProblem(
        fys=fys,
        candidates=tuple(candidates),
        envelope=dict.fromkeys(fys, envelope),
        existing={1: float(rng.uniform(0, 100)) * 1e6},
        institution_envelope={(f, "IBRD"): envelope * 0.8 for f in fys} if rng.random() < 0.5 else {},
        area_min={"PA1": float(rng.choice([0.15, 0.5]))} if rng.random() < 0.5 else {},
        area_max={"PA2": 0.6} if rng.random() < 0.5 else {},
        share_base_total=200e6,
        share_base_by_area={"PA1": 50e6, "PA2": 100e6},
        high_risk_max_share=0.4 if rng.random() < 0.5 else None,
        share_base_high_risk=20e6,
        ibrd_limit=1_000e6 if rng.random() < 0.4 else None,
        ibrd_current=600e6,
        must_include=frozenset([ids[int(rng.integers(n))]]) if rng.random() < 0.3 else frozenset(),
        must_exclude=frozenset([ids[int(rng.integers(n))]]) if rng.random() < 0.2 else frozenset(),
        precedence=tuple(precedence),
        windows={ids[0]: (2, 3)} if rng.random() < 0.3 else {},
        indicator_weights={"I1": 1.0, "I2": 2.0, "I3": 0.5, "I4": 1.0},
        indicator_caps={"I1": 0.6, "I2": 0.4, "I3": 1.0, "I4": 0.3} if rng.random() < 0.5 else None,
        npv_weight=0.5 if rng.random() < 0.4 else 0.0,
        npv_scale=400e6,
    )


@pytest.mark.parametrize("seed", range(24))
def test_optimiser_matches_brute_force(seed: int) -> None:
    problem = random_instance(seed)
    best, _ = brute_force(problem)
    result = allocate(problem, EXACT)
    if best is None:
        assert result.status == "infeasible"
        assert result.conflicts, "an infeasible plan names its conflicting constraints"
        return
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best, abs=1e-6)
    assert not violations(problem, result.assignment)
    assert objective_value(problem, result.assignment) == pytest.approx(best, abs=1e-6)
    if result.greedy.feasible:
        assert result.objective >= result.greedy.objective - 1e-9


def test_instances_cover_the_constraint_kinds() -> None:
    problems = [random_instance(seed) for seed in range(24)]
    assert max(len(p.candidates) for p in problems) == 15
    assert sum(bool(p.precedence) for p in problems) >= 5
    assert sum(bool(p.must_include) for p in problems) >= 3
    assert sum(p.indicator_caps is not None for p in problems) >= 5
    assert sum(p.high_risk_max_share is not None for p in problems) >= 5
    outcomes = [brute_force(p)[0] is None for p in problems]
    assert 1 <= sum(outcomes) < len(problems), "some instances are infeasible, most are not"
    # test_optimiser_matches_brute_force compares the optimum with the greedy plan only where greedy finds one:
    # it does on every feasible instance here, so that comparison is made, not skipped
    assert all(greedy(p).feasible for p, infeasible in zip(problems, outcomes, strict=True) if not infeasible)


def two_projects(envelope: float = 150e6) -> PlanProblem:
    """A (US$100M, value 1) and B (US$100M, value 0.8) in one year: A first, B only if the money allows."""
    return PlanProblem(
        fys=(2028,),
        candidates=(
            Candidate("A", 100e6, "IBRD", (2028,), contributions={"I": {2028: 1.0}}),
            Candidate("B", 100e6, "IBRD", (2028,), contributions={"I": {2028: 0.8}}),
        ),
        envelope={2028: envelope},
        indicator_weights={"I": 1.0},
    )


def test_what_another_100_million_buys() -> None:
    """LP: 150M buys A and half of B, so US$100M more is worth 0.8 (B's value per US$100M).

    Re-solved: with 250M both fit, a gain of 0.8 too.
    """
    result = allocate(two_projects(), PlanOptions())
    assert result.assignment == {"A": 2028} and result.objective == pytest.approx(1.0)
    [year] = result.years
    assert year.lp_value == pytest.approx(0.8)
    assert year.resolved_gain == pytest.approx(0.8)
    [row] = [c for c in result.constraints if c.group.kind == "envelope"]
    assert row.lp_binding and not row.binding  # 50M unused: B does not fit whole
    assert row.lp_shadow_price == pytest.approx(0.008)  # per US$1 million
    assert row.room_usd == pytest.approx(150e6) and row.used_usd == pytest.approx(100e6)
    assert row.value_per_marginal == pytest.approx(0.8)


def test_integer_plan_may_gain_nothing_from_a_little_more_money() -> None:
    """With 100M, US$50M more still does not fit B: the LP says 0.4, the re-solved plan gains nothing."""
    result = allocate(two_projects(100e6), PlanOptions(marginal_usd=50e6))
    [year] = result.years
    assert year.lp_value == pytest.approx(0.4)
    assert year.resolved_gain == pytest.approx(0.0)


def test_lp_shadow_price_matches_a_finite_difference() -> None:
    problem = random_instance(3)
    result = allocate(problem, PlanOptions(exact_marginals=False))
    assert result.lp_objective is not None
    from cpfkit.plan.model import build_model
    from cpfkit.plan.solver import solve

    model = build_model(problem)
    for r, info in enumerate(model.rows):
        if info.kind != "envelope":
            continue
        base = solve(model, integer=False)
        moved = solve(model, integer=False, rhs_change={r: 1e-3})
        assert base.row_dual is not None and base.objective is not None and moved.objective is not None
        assert (moved.objective - base.objective) / 1e-3 == pytest.approx(base.row_dual[r], abs=1e-6)


def test_greedy_takes_the_best_value_per_dollar_first() -> None:
    problem = PlanProblem(
        fys=(1,),
        candidates=(
            Candidate("big", 300e6, "IBRD", (1,), contributions={"I": {1: 0.9}}),
            Candidate("small1", 150e6, "IBRD", (1,), contributions={"I": {1: 0.5}}),
            Candidate("small2", 150e6, "IBRD", (1,), contributions={"I": {1: 0.5}}),
        ),
        envelope={1: 300e6},
        indicator_weights={"I": 1.0},
    )
    g = greedy(problem)
    assert set(g.assignment) == {"small1", "small2"} and g.objective == pytest.approx(1.0)
    result = allocate(problem, EXACT)
    assert result.objective == pytest.approx(1.0) and result.objective >= g.objective


def test_optimum_beats_greedy_when_greedy_is_myopic() -> None:
    """Greedy takes the best ratio (C), which then blocks the best pair (A+B)."""
    problem = PlanProblem(
        fys=(1,),
        candidates=(
            Candidate("A", 200e6, "IBRD", (1,), contributions={"I": {1: 0.5}}),
            Candidate("B", 200e6, "IBRD", (1,), contributions={"I": {1: 0.5}}),
            Candidate("C", 250e6, "IBRD", (1,), contributions={"I": {1: 0.7}}),
        ),
        envelope={1: 400e6},
        indicator_weights={"I": 1.0},
    )
    g = greedy(problem)
    result = allocate(problem, EXACT)
    assert set(g.assignment) == {"C"} and g.objective == pytest.approx(0.7)
    assert set(result.assignment) == {"A", "B"} and result.objective == pytest.approx(1.0)


def test_infeasible_plan_names_the_conflicting_constraints() -> None:
    """A must be financed and costs more than FY1's envelope; it may not wait for FY2."""
    problem = PlanProblem(
        fys=(1, 2),
        candidates=(
            Candidate("A", 500e6, "IBRD", (1, 2), contributions={"I": {1: 1.0, 2: 1.0}}),
            Candidate("B", 100e6, "IBRD", (1, 2), contributions={"I": {1: 0.2, 2: 0.2}}),
        ),
        envelope={1: 400e6, 2: 1000e6},
        must_include=frozenset({"A"}),
        windows={"A": (1,)},
        area_min={"PA1": 0.0},
        indicator_weights={"I": 1.0},
    )
    result = allocate(problem)
    assert result.status == "infeasible" and result.assignment == {}
    assert {g.key for g in result.conflicts} == {"envelope:1", "include:A", "window:A"}
    assert result.conflict_complete


def test_conflict_found_only_with_whole_operations() -> None:
    """A must be financed; PA2 needs 40% of commitments, so B must come too, and both do not fit.

    The LP relaxation is feasible (A and two-thirds of B fit in 500M); whole
    operations are not, so HiGHS's IIS has nothing to say and the deletion
    filter finds the conflict.
    """
    problem = PlanProblem(
        fys=(1,),
        candidates=(
            Candidate("A", 300e6, "IBRD", (1,), areas={"PA1": 1.0}, contributions={"I": {1: 1.0}}),
            Candidate("B", 300e6, "IBRD", (1,), areas={"PA2": 1.0}, contributions={"I": {1: 1.0}}),
        ),
        envelope={1: 500e6},
        area_min={"PA2": 0.4},
        must_include=frozenset({"A"}),
        indicator_weights={"I": 1.0},
    )
    result = allocate(problem)
    assert result.status == "infeasible"
    keys = {g.key for g in result.conflicts}
    assert keys == {"include:A", "area_min:PA2", "envelope:1"}
    assert result.conflict_method == "deletion filter"


def test_irreducible_conflicts_on_random_infeasible_instances() -> None:
    """Dropping any one reported constraint makes a plan possible (checked by brute force)."""
    checked = 0
    for seed in range(24):
        problem = random_instance(seed)
        if brute_force(problem)[0] is not None:
            continue
        result = allocate(problem)
        keys = {g.key for g in result.conflicts}
        assert keys
        for key in keys:
            relaxed = drop(problem, key)
            assert brute_force(relaxed)[0] is not None, (seed, key)
        checked += 1
    assert checked >= 1


def drop(problem: PlanProblem, key: str) -> PlanProblem:
    """The problem without one constraint group (the same groups as the model's)."""
    kind, _, rest = key.partition(":")
    fields = dict(problem.__dict__)
    if kind == "envelope":
        fields["envelope"] = {f: v for f, v in problem.envelope.items() if str(f) != rest}
    elif kind == "institution":
        fy, inst = rest.split(":")
        fields["institution_envelope"] = {k: v for k, v in problem.institution_envelope.items() if k != (int(fy), inst)}
    elif kind == "area_min":
        fields["area_min"] = {a: v for a, v in problem.area_min.items() if a != rest}
    elif kind == "area_max":
        fields["area_max"] = {a: v for a, v in problem.area_max.items() if a != rest}
    elif kind == "high_risk":
        fields["high_risk_max_share"] = None
    elif kind == "ibrd_exposure":
        fields["ibrd_limit"] = None
    elif kind == "include":
        fields["must_include"] = problem.must_include - {rest}
    elif kind == "exclude":
        fields["must_exclude"] = problem.must_exclude - {rest}
    elif kind == "window":
        fields["windows"] = {p: w for p, w in problem.windows.items() if p != rest}
    elif kind == "precedence":
        before, after = rest.split(">")
        fields["precedence"] = tuple(r for r in problem.precedence if (r.before, r.after) != (before, after))
    elif kind == "economic":
        fields["candidates"] = tuple(
            Candidate(**{**c.__dict__, "blocked": None}) if c.id == rest else c for c in problem.candidates
        )
    else:  # pragma: no cover - a new kind of group needs a line here
        raise AssertionError(key)
    return PlanProblem(**fields)


def test_no_plan_when_the_time_runs_out_before_any() -> None:
    result = allocate(two_projects(), PlanOptions(time_limit=1e-9, exact_marginals=False, duals=False))
    assert result.status in ("optimal", "feasible", "no solution")
    assert math.isfinite(result.greedy.objective)
