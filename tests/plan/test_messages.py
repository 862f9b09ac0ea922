"""The plan's messages: overcommitted years, nothing to choose, what the shadow prices are, as codes with parameters."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cpfkit.formats.plan_constraints import parse_constraints
from cpfkit.jsonable import jsonable
from cpfkit.model import ProgrammeData
from cpfkit.plan.allocate import PlanOptions, allocate
from cpfkit.plan.inputs import build_problem
from cpfkit.plan.messages import best_years, duals_message, nothing_to_choose
from cpfkit.plan.problem import Candidate, PlanProblem, objective_value
from cpfkit.plan.report import PlanReport, plan_report
from cpfkit.reference import load_fx
from cpfkit.services import programmes as services
from tests.plan.brute import brute_force
from tests.plan.test_allocate import EXACT, random_instance

FOLDER = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
AS_OF = date(2026, 11, 1)  # FY27: A0 (IBRD, US$200 million) is approved in FY27; R1, R2, W1 and F1 are candidates
OPTIONS = PlanOptions(exact_marginals=False)


@pytest.fixture(scope="module")
def data() -> ProgrammeData:
    [programme] = services.validate_folders([FOLDER])
    return programme


def report(data: ProgrammeData, scenario: dict[str, Any] | None = None) -> PlanReport:
    problem, context = build_problem(
        data, load_fx(), parse_constraints(scenario or {}), as_of=AS_OF, origin="scenario.yaml"
    )
    return plan_report(problem, context, allocate(problem, OPTIONS), OPTIONS)


def codes(r: PlanReport) -> list[str]:
    return [m.code for m in r.messages]


def test_years_already_beyond_the_envelope_are_warnings_with_their_figures(data: ProgrammeData) -> None:
    """US$100 million a year, split 80/20 like the programme's 400/100: FY27 has US$200 million of IBRD approvals."""
    r = report(data, {"envelope_per_fy_usd": 100_000_000})
    warnings = [jsonable(m) for m in r.messages if m.severity == "warning"]
    assert warnings == [
        {
            "code": "existing_exceeds_envelope",
            "severity": "warning",
            "text": "FY27: commitments already approved (US$200.0 million) exceed the FY27 envelope "
            "(US$100.0 million) by US$100.0 million; the plan has no room left in that year's envelope",
            "params": {"fy": 2027, "existing_usd": "200000000", "envelope_usd": "100000000", "excess_usd": "100000000"},
        },
        {
            "code": "existing_exceeds_share",
            "severity": "warning",
            "text": "FY27: IBRD commitments already approved (US$200.0 million) exceed IBRD's share of the FY27 "
            "envelope (US$80.0 million) by US$120.0 million; the plan has no room for new IBRD operations that year",
            "params": {
                "fy": 2027,
                "institution": "IBRD",
                "existing_usd": "200000000",
                "share_usd": "80000000",
                "excess_usd": "120000000",
            },
        },
    ]
    # the figures are the report's own: the year's row says the same
    fy27 = next(y for y in r.fiscal_years if y.fy == 2027)
    ibrd = next(i for i in fy27.by_institution if i.institution == "IBRD")
    assert (ibrd.existing_usd, ibrd.envelope_usd) == (Decimal(200_000_000), Decimal(80_000_000))
    assert all(p.fy != 2027 or p.institution != "IBRD" for p in r.selected)


def test_no_warning_while_approvals_stay_within_the_envelope(data: ProgrammeData) -> None:
    """The programme's own FY27: IBRD US$200 million approved against a share of US$400 million."""
    r = report(data)
    assert [m for m in r.messages if m.severity == "warning"] == []
    exactly = report(data, {"envelope": [{"fy": 2027, "by_institution": {"IBRD": 200_000_000, "IFC": 100_000_000}}]})
    assert "existing_exceeds_share" not in codes(exactly), "using the whole share is not exceeding it"
    split_off = report(data, {"envelope_per_fy_usd": 100_000_000, "institution_split": False})
    assert "existing_exceeds_share" not in codes(split_off) and "existing_exceeds_envelope" in codes(split_off)


def test_nothing_to_choose_when_every_candidate_fits_in_its_best_year(data: ProgrammeData) -> None:
    """US$2 billion a year: R1, R2, W1 and F1 all fit in their best years."""
    r = report(data, {"envelope_per_fy_usd": 2_000_000_000})
    first = r.messages[0]
    assert first.code == "nothing_to_choose" and first.severity == "info"
    assert first.params == {"financed": 4, "candidates": 4}
    assert r.message == first.text and r.message.startswith("nothing to choose: every candidate worth financing fits")
    assert r.status == "optimal" and r.nothing_to_choose
    assert {p.project: p.fy for p in r.selected} == {"R1": 2027, "R2": 2028, "W1": 2028, "F1": 2027}
    assert r.objective == r.greedy_objective
    assert codes(r)[-1] == "duals_nothing_to_buy"


def test_a_plan_that_had_to_choose_says_optimal(data: ProgrammeData) -> None:
    """The programme's envelope: R1 does not fit FY27's IBRD room, so it waits a year: a trade-off was made."""
    r = report(data)
    assert r.messages[0].code == "optimal" and r.message == "optimal plan: 4 operations financed"
    assert r.messages[0].params == {"financed": 4, "candidates": 4}
    assert not r.nothing_to_choose
    assert {p.project: p.fy for p in r.selected}["R1"] == 2028
    [duals] = [m for m in r.messages if m.code.startswith("duals_")]
    assert duals.code == "duals_lp_relaxation" and "continuous (LP) relaxation" in duals.text
    assert duals.params["objective"] == r.objective
    assert duals.params["lp_objective"] == Decimal(str(r.solver["lp_relaxation_objective"]))
    assert (
        isinstance(duals.params["lp_objective"], Decimal) and duals.params["lp_objective"] > duals.params["objective"]
    )


def test_an_infeasible_plan_has_no_duals_message(data: ProgrammeData) -> None:
    r = report(
        data,
        {
            "must_include": ["R2"],
            "windows": {"R2": {"latest_fy": 2028}},
            "envelope": [{"fy": 2028, "total_usd": 100_000_000}],
        },
    )
    assert r.status == "infeasible" and codes(r) == ["infeasible"]
    assert r.messages[0].severity == "error" and r.messages[0].params == {"conflicts": len(r.conflicts)}
    assert r.message.startswith("no plan meets every constraint; these conflict: ")


def _unconstrained(problem: PlanProblem) -> PlanProblem:
    """The same candidates with money no object: no envelope, shares, risk cap, IBRD limit, precedence or caps."""
    return dataclasses.replace(
        problem,
        envelope={},
        institution_envelope={},
        area_min={},
        area_max={},
        high_risk_max_share=None,
        ibrd_limit=None,
        precedence=(),
        indicator_caps=None,
    )


@pytest.mark.parametrize("seed", range(12))
def test_nothing_to_choose_only_when_the_plan_is_every_operation_at_its_best(seed: int) -> None:
    """Against brute force: when the check says so, no plan does better and the greedy plan is the same.

    Without limits every instance has nothing to choose; with its limits, an
    instance has nothing to choose only if its best plan is every candidate
    worth financing, each in its own best year.
    """
    problem = random_instance(seed)
    free = _unconstrained(problem)
    result = allocate(free, EXACT)
    assert nothing_to_choose(free, result.assignment)
    assert result.assignment == best_years(free) | {
        p: f for p, f in result.assignment.items() if p not in best_years(free)
    }
    assert result.objective == pytest.approx(brute_force(free)[0], abs=1e-9)
    assert result.greedy.objective == pytest.approx(result.objective, abs=1e-9)

    limited = allocate(problem, EXACT)
    if limited.status != "optimal":
        return
    ideal = best_years(problem)
    if nothing_to_choose(problem, limited.assignment):
        assert limited.objective == pytest.approx(brute_force(problem)[0], abs=1e-6)
        assert all(limited.assignment[p] == f for p, f in ideal.items())
    elif problem.indicator_caps is None:  # additive values: a plan short of the ideal is worth less than it
        assert limited.objective is not None
        assert limited.objective < objective_value(problem, ideal) + 1e-9


def test_best_years_prefer_value_then_the_earlier_year() -> None:
    problem = PlanProblem(
        fys=(1, 2, 3),
        candidates=(
            Candidate("late", 1e6, "IBRD", (1, 2, 3), contributions={"I": {1: 0.1, 2: 0.4, 3: 0.4}}),
            Candidate("worthless", 1e6, "IBRD", (1, 2, 3), contributions={"I": {1: 0.0, 2: 0.0, 3: 0.0}}),
            Candidate("forced", 1e6, "IBRD", (2, 3), contributions={"I": {2: 0.0, 3: 0.0}}),
            Candidate("blocked", 1e6, "IBRD", (1,), contributions={"I": {1: 0.5}}, blocked="fails the economic test"),
        ),
        must_include=frozenset({"forced"}),
        indicator_weights={"I": 1.0},
    )
    assert best_years(problem) == {"late": 2, "forced": 2}
    assert not nothing_to_choose(dataclasses.replace(problem, candidates=problem.candidates[1:2]), {})


def test_the_duals_message_names_the_relaxation() -> None:
    plain = duals_message(lp_objective=1.4, objective=1.0, trivial=False)
    assert plain.code == "duals_lp_relaxation"
    assert plain.params == {"lp_objective": Decimal("1.4"), "objective": Decimal("1.0")}
    assert "continuous (LP) relaxation" in plain.text and "objective 1.4000 there, 1.0000 for the plan" in plain.text
    nothing = duals_message(lp_objective=1.0, objective=1.0, trivial=True)
    assert nothing.code == "duals_nothing_to_buy" and "more money would buy nothing now" in nothing.text
