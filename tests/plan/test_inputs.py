"""From a programme and a scenario to the allocation problem: candidates, envelope room, timing, risk, errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cpfkit.errors import DataError, MissingReference
from cpfkit.formats.plan_constraints import parse_constraints
from cpfkit.model import ProgrammeData
from cpfkit.plan.inputs import build_problem
from cpfkit.plan.problem import PlanProblem
from cpfkit.plan.timing import delivered_share, mid_year
from cpfkit.reference import load_fx
from cpfkit.services import programmes as services

FOLDER = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
AS_OF = date(2026, 11, 1)  # FY27


@pytest.fixture(scope="module")
def data() -> ProgrammeData:
    [programme] = services.validate_folders([FOLDER])
    return programme


def build(data: ProgrammeData, scenario: dict[str, Any] | None = None, **kwargs: Any) -> PlanProblem:
    return build_problem(
        data, load_fx(), parse_constraints(scenario or {}), as_of=AS_OF, origin="scenario.yaml", **kwargs
    )[0]


def test_candidates_are_the_pipeline_not_approved_or_dropped(data: ProgrammeData) -> None:
    problem = build(data)
    assert [c.id for c in problem.candidates] == ["R1", "R2", "W1", "F1"]
    assert problem.fys == (2027, 2028, 2029)
    assert {c.id: c.fys for c in problem.candidates}["R1"] == (2027, 2028, 2029)


def test_windows_start_at_the_planned_year_unless_the_scenario_says(data: ProgrammeData) -> None:
    problem = build(data)
    assert problem.windows == {
        "R1": (2027, 2028, 2029),
        "R2": (2028, 2029),
        "W1": (2028, 2029),
        "F1": (2027, 2028, 2029),
    }
    wider = build(data, {"windows": {"R2": {"earliest_fy": 2027, "latest_fy": 2028}}})
    assert wider.windows["R2"] == (2027, 2028)


def test_envelope_room_is_the_envelope_less_approvals(data: ProgrammeData) -> None:
    problem = build(data)
    assert problem.envelope == {2027: 500e6, 2028: 500e6, 2029: 500e6}
    assert problem.existing == {2027: 200e6, 2028: 0.0, 2029: 0.0}
    assert problem.institution_envelope[(2027, "IBRD")] == 400e6
    assert problem.institution_existing[(2027, "IBRD")] == 200e6
    assert problem.covered == frozenset({"IBRD", "IFC"})


def test_envelope_per_fy_replaces_the_total_and_scales_the_split(data: ProgrammeData) -> None:
    problem = build(data, {"envelope_per_fy_usd": 600_000_000})
    assert set(problem.envelope.values()) == {600e6}
    assert problem.institution_envelope[(2028, "IBRD")] == pytest.approx(480e6)
    assert problem.institution_envelope[(2028, "IFC")] == pytest.approx(120e6)
    one_year = build(data, {"envelope": [{"fy": 2028, "by_institution": {"IBRD": 100_000_000, "IFC": 50_000_000}}]})
    assert one_year.envelope[2028] == 150e6 and one_year.envelope[2029] == 500e6
    unsplit = build(data, {"institution_split": False})
    assert unsplit.institution_envelope == {} and unsplit.covered is None


def test_contributions_are_normalised_timed_and_risk_adjusted(data: ProgrammeData) -> None:
    problem = build(data)
    r1 = next(c for c in problem.candidates if c.id == "R1")
    # 50 km of a 100 km gap; results build up over two years from a mid-year approval; target 2029-06-30
    assert r1.contributions["I1"][2027] == pytest.approx(0.5 * 1.0)
    assert r1.contributions["I1"][2028] == pytest.approx(0.5 * (date(2029, 6, 30) - date(2028, 1, 1)).days / 365.25 / 2)
    f1 = next(c for c in problem.candidates if c.id == "F1")
    assert f1.contributions == {
        "I2": {2027: 0.2, 2028: 0.2, 2029: 0.2}
    }  # in place at approval; I3 has no change to reach
    adjusted = build(data, completion_probability={"R1": 0.5})
    assert next(c for c in adjusted.candidates if c.id == "R1").contributions["I1"][2027] == pytest.approx(0.25)
    ignored = build(data, {"objective": {"risk_adjusted": False}}, completion_probability={"R1": 0.5})
    assert next(c for c in ignored.candidates if c.id == "R1").contributions["I1"][2027] == pytest.approx(0.5)


def test_gap_left_by_approved_operations(data: ProgrammeData) -> None:
    problem = build(data, {"objective": {"cap_at_target": True}})
    assert problem.indicator_caps == {"I1": pytest.approx(0.8), "I2": pytest.approx(1.0)}
    assert build(data).indicator_caps is None


def test_weights_by_indicator_and_area(data: ProgrammeData) -> None:
    assert build(data).indicator_weights == {"I1": 1.0, "I2": 1.0}
    weighted = build(data, {"objective": {"area_weights": {"PA2": 2}, "indicator_weights": {"I1": 0.5}}})
    assert weighted.indicator_weights == {"I1": 0.5, "I2": 2.0}


def test_risk_from_sort_or_the_scenario(data: ProgrammeData) -> None:
    high = {c.id for c in build(data).candidates if c.high_risk}
    assert high == {"R2"}
    scenario = {"high_risk": {"levels": ["Substantial", "High"], "ratings": {"R1": "Substantial"}, "max_share": 0.3}}
    problem = build(data, scenario)
    assert {c.id for c in problem.candidates if c.high_risk} == {"R1", "R2"}
    assert problem.high_risk_max_share == pytest.approx(0.3)


def test_economic_test_blocks_negative_npv(data: ProgrammeData) -> None:
    npv = {"R1": 130.28, "W1": -20e6}
    blocked = {c.id: c.blocked for c in build(data, npv_usd=npv).candidates}
    assert blocked["W1"] and "economic test" in blocked["W1"] and blocked["R1"] is None
    off = build(data, {"objective": {"economic_test": False}}, npv_usd=npv)
    assert all(c.blocked is None for c in off.candidates)


def test_shares_count_approved_commitments_of_the_period(data: ProgrammeData) -> None:
    problem = build(data, {"priority_areas": {"PA2": {"min_share": 0.2, "max_share": 0.6}}})
    assert problem.share_base_total == 200e6 and problem.share_base_by_area == {"PA1": 200e6}
    assert problem.area_min == {"PA2": 0.2} and problem.area_max == {"PA2": 0.6}


def test_ibrd_exposure_from_the_scenario_or_computed(data: ProgrammeData) -> None:
    problem = build(data, {"ibrd_exposure": {"limit_usd": 1_000_000_000}})
    assert problem.ibrd_limit == 1e9 and problem.ibrd_current == 200e6
    given = build(data, {"ibrd_exposure": {"limit_usd": 1_000_000_000, "current_usd": 900_000_000}})
    assert given.ibrd_current == 900e6
    assert build(data).ibrd_limit is None


def test_precedence_after_an_approved_operation_uses_its_year(data: ProgrammeData) -> None:
    problem = build(
        data, {"precedence": [{"before": "A0", "after": "R2"}, {"before": "R1", "after": "W1", "min_gap_years": 0}]}
    )
    first, second = problem.precedence
    assert (first.before_fy, first.gap) == (2027, 1)
    assert (second.before_fy, second.gap) == (None, 0)


@pytest.mark.parametrize(
    ("scenario", "field", "words"),
    [
        ({"must_include": ["ZZ"]}, "must_include.0", "no operation ZZ"),
        ({"must_exclude": ["A0"]}, "must_exclude.0", "A0 is not a pipeline operation"),
        ({"windows": {"A0": {"earliest_fy": 2028}}}, "windows.A0", "not a pipeline operation"),
        ({"priority_areas": {"PA9": {"min_share": 0.1}}}, "priority_areas.PA9", "no priority area PA9"),
        ({"objective": {"indicator_weights": {"I9": 1}}}, "objective.indicator_weights.I9", "no indicator I9"),
        ({"precedence": [{"before": "R1", "after": "A0"}]}, "precedence.0.after", "not a pipeline operation"),
        ({"precedence": [{"before": "D1", "after": "R2"}]}, "precedence.0.before", "dropped"),
        ({"envelope": [{"fy": 2031, "total_usd": 1}]}, "envelope.0.fy", "FY2031 is not a fiscal year"),
        ({"high_risk": {"ratings": {"ZZ": "High"}}}, "high_risk.ratings.ZZ", "no operation ZZ"),
    ],
)
def test_scenario_errors_name_the_file_and_the_field(
    data: ProgrammeData, scenario: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(DataError) as caught:
        build(data, scenario)
    assert caught.value.file == "scenario.yaml" and caught.value.field == field
    assert words in caught.value.message


def test_unknown_operation_is_a_missing_reference(data: ProgrammeData) -> None:
    with pytest.raises(MissingReference):
        build(data, {"must_include": ["ZZ"]})


def test_nothing_left_to_plan_after_the_last_year(data: ProgrammeData) -> None:
    with pytest.raises(DataError, match="nothing left to plan"):
        build_problem(data, load_fx(), parse_constraints({}), as_of=date(2030, 1, 1))


def test_mid_year_and_delivered_share() -> None:
    assert mid_year(2027, 7) == date(2027, 1, 1)
    assert mid_year(2027, 1) == date(2027, 7, 1)
    assert delivered_share(date(2027, 1, 1), 0, date(2027, 1, 1)) == 1.0
    assert delivered_share(date(2027, 1, 2), 0, date(2027, 1, 1)) == 0.0
    assert delivered_share(date(2027, 1, 1), 2, date(2028, 1, 1)) == pytest.approx(365 / 365.25 / 2)
    assert delivered_share(date(2027, 1, 1), 2, date(2035, 1, 1)) == 1.0


def test_notes_say_what_is_not_scored(data: ProgrammeData) -> None:
    _, context = build_problem(data, load_fx(), parse_constraints({}), as_of=AS_OF)
    assert any("I3" in note and "not scored" in note for note in context.notes)
    assert context.risk_adjustment.startswith("none")
    assert context.candidates["R1"].cost_usd == Decimal("250000000.00")
