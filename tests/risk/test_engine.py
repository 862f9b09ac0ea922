"""The vectorised engine: the plan by hand, zero variance, correlation 0 and 1, reproducibility, the loop reference."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from cpfkit.metrics.envelope import envelope_use
from cpfkit.model import ProgrammeData
from cpfkit.reference import load_fx
from cpfkit.risk.distributions import Constant, Lognormal, Triangular
from cpfkit.risk.loop import evaluate_loop
from cpfkit.risk.montecarlo import Model, draw_latents, run_chunks, simulate
from cpfkit.risk.plan import ContributionPlan, IndicatorPlan, ObjectivePlan, SimulationInputs, SimulationSettings
from tests.risk.plans import day, operation, programme

INDEPENDENT = SimulationSettings(0.0, 0.0, 0.0, 0.0, 0.0)


def two_operations(**a: object) -> SimulationInputs:
    """A: effective on the as-of date, 731 days to close, 100 to disburse.  B: pipeline, approved 2026-10-01,
    effective 92 days later, closing after 365 days, 200 committed."""
    return programme(
        (
            operation("A", **a),  # type: ignore[arg-type]
            operation(
                "B",
                pipeline=True,
                effective=False,
                approval="2026-10-01",
                effectiveness="2027-01-01",
                closing="2028-01-01",
                commitment=200.0,
                remaining=200.0,
            ),
        )
    )


def plan_of(inputs: SimulationInputs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    _, plan, _, _ = run_chunks(inputs, 1, np.random.default_rng(0), 1)
    return plan.disbursed[0], plan.committed[0], plan.completion[0]


def test_the_plan_by_hand() -> None:
    disbursed, committed, completion = plan_of(two_operations())
    # A: FY27 has 365 of its 731 days, FY28 the other 366.  B: effective 2027-01-01, FY27 holds 181 of 365 days.
    assert disbursed == pytest.approx([100 * 365 / 731 + 200 * 181 / 365, 100 * 366 / 731 + 200 * 184 / 365, 0])
    assert committed.tolist() == [200.0, 0.0, 0.0]  # A was approved before the period
    assert completion.tolist() == [day("2028-07-01"), day("2028-01-01")]


def test_constant_deviations_stretch_the_plan_by_hand() -> None:
    inputs = two_operations(duration=Constant(1.5))
    slow_b = replace(inputs.operations[1], effectiveness_lag_ratio=Constant(2.0))
    inputs = replace(inputs, operations=(inputs.operations[0], slow_b))
    result = simulate(inputs, 50, np.random.default_rng(3))
    span = 1.5 * 731
    # B becomes effective after twice its 92-day lag, on 2027-04-03: 89 days of its 365 fall in FY27
    expected = [
        100 * 365 / span + 200 * 89 / 365,
        100 * 366 / span + 200 * 276 / 365,
        100 * 365 / span,
    ]
    for year, value in zip(result.fiscal_years, expected, strict=True):
        assert year.disbursed.p10 == pytest.approx(value) and year.disbursed.p90 == pytest.approx(value)
    # what is left after the period is a difference of two totals: single-precision curves give about 1e-5
    assert result.disbursed_after_period.p50 == pytest.approx(100 * (span - 1096) / span, abs=1e-4)
    assert [y.disbursed.planned for y in result.fiscal_years] == pytest.approx(list(plan_of(two_operations())[0]))
    [a, b] = result.operations
    assert a.completion_p50 == date.fromordinal(round(day("2026-07-01") + span))
    assert b.completion_p50 == date(2028, 4, 2)


def test_zero_variance_reproduces_the_plan_exactly(kz_inputs: SimulationInputs) -> None:
    planned = kz_inputs.planned()
    model, plan, results, samples = run_chunks(planned, 3000, np.random.default_rng(1), 1000)
    assert np.array_equal(samples.disbursed, np.broadcast_to(plan.disbursed, samples.disbursed.shape))
    assert np.array_equal(samples.committed, np.broadcast_to(plan.committed, samples.committed.shape))
    assert np.array_equal(samples.completion, np.broadcast_to(plan.completion, samples.completion.shape))
    result = simulate(planned, 3000, np.random.default_rng(1))
    assert result.fiscal_years and result.objectives
    for year in result.fiscal_years:
        assert year.disbursed.p10 == year.disbursed.p90 == pytest.approx(year.disbursed.planned, rel=1e-12)
    simulated = [ind for ind in result.indicators if ind.simulated]
    assert simulated  # the plan's indicators are checked, not skipped
    for ind in simulated:
        # every run is the plan: the value is the plan's, and the target is met in all runs or in none
        assert ind.value is not None and ind.target is not None
        assert ind.value.p10 == ind.value.p90 == pytest.approx(ind.value.planned, rel=1e-12)
        met = ind.value.planned >= ind.target - 1e-9 * abs(ind.target)
        assert ind.p_target_met == (1.0 if met else 0.0), ind.code
    assert any(ind.p_target_met == 1.0 for ind in simulated) and any(ind.p_target_met == 0.0 for ind in simulated)
    for obj in result.objectives:
        assert obj.ratings[obj.planned_rating] == 1.0


def test_the_plan_keeps_the_money_and_the_envelope_s_commitments(
    kz_inputs: SimulationInputs, kz_data: ProgrammeData
) -> None:
    result = simulate(kz_inputs, 200, np.random.default_rng(2))
    remaining = sum(op.remaining for op in kz_inputs.operations if op.disburses)
    already = sum(kz_inputs.actual_disbursed)
    total = sum(y.disbursed.planned for y in result.fiscal_years) + result.disbursed_after_period.planned
    assert total == pytest.approx(remaining + already, rel=1e-6)
    report = envelope_use(kz_data, load_fx(), kz_inputs.as_of)
    for mine, theirs in zip(result.fiscal_years, report.fiscal_years, strict=True):
        assert mine.committed.planned == pytest.approx(float(theirs.committed_usd + theirs.pipeline_usd))


def correlated(settings: SimulationSettings, runs: int = 60_000) -> np.ndarray:
    cost = Lognormal.from_moments(1.3, 0.4)
    ops = (
        operation("A", cost=cost, duration=Lognormal.from_mean_sigma(1.2, 0.3)),
        operation("B", cost=cost, duration=Lognormal.from_mean_sigma(1.2, 0.3)),
        operation("C", cost=cost, sector_group="energy", duration=Lognormal.from_mean_sigma(1.2, 0.3)),
    )
    _, _, _, samples = run_chunks(programme(ops, settings=settings), runs, np.random.default_rng(9), 8192)
    return samples.cost_ratio.astype(float)


def test_correlation_zero_makes_operations_independent() -> None:
    costs = correlated(INDEPENDENT)
    r = np.corrcoef(costs.T)
    n = costs.shape[0]
    assert np.all(np.abs(r[np.triu_indices(3, 1)]) < 4 / math.sqrt(n))
    # the variance of a sum of independent draws is the sum of the variances
    total = costs.sum(axis=1)
    assert total.var() == pytest.approx(costs.var(axis=0).sum(), rel=0.05)


def test_correlation_one_moves_every_operation_together() -> None:
    costs = correlated(SimulationSettings(1.0, 0.0, 0.0, 0.0, 0.0))
    assert np.array_equal(costs[:, 0], costs[:, 1]) and np.array_equal(costs[:, 0], costs[:, 2])
    total = costs.sum(axis=1)
    assert total.var() == pytest.approx(costs.std(axis=0).sum() ** 2, rel=1e-9)


def test_sector_factor_ties_a_sector_together_and_only_it() -> None:
    costs = correlated(SimulationSettings(0.0, 1.0, 0.0, 0.0, 0.0))
    assert np.array_equal(costs[:, 0], costs[:, 1])
    assert abs(np.corrcoef(costs[:, 0], costs[:, 2])[0, 1]) < 4 / math.sqrt(costs.shape[0])


def test_partial_correlation_and_the_cost_duration_link() -> None:
    settings = SimulationSettings(0.25, 0.25, 0.3, 0.15, 0.5)
    inputs = programme((operation("A"), operation("B"), operation("C", sector_group="energy")), settings=settings)
    latents = draw_latents(np.random.default_rng(4), 200_000, inputs)
    z = latents.z
    n = z.shape[1]
    tol = 4 / math.sqrt(n)
    assert np.abs(z.mean(axis=1)).max() < tol and np.abs(z.std(axis=1) - 1).max() < 2 * tol
    assert np.corrcoef(z[2, :, 0], z[2, :, 1])[0, 1] == pytest.approx(0.5, abs=tol)  # same sector
    assert np.corrcoef(z[2, :, 0], z[2, :, 2])[0, 1] == pytest.approx(0.25, abs=tol)  # country only
    assert np.corrcoef(z[1, :, 0], z[2, :, 0])[0, 1] == pytest.approx(0.5, abs=tol)  # duration–cost, one operation
    assert np.corrcoef(z[0, :, 0], z[1, :, 0])[0, 1] == pytest.approx(0.3, abs=tol)  # start–duration


def test_reproducible_with_the_seed_and_whatever_the_threads(kz_inputs: SimulationInputs) -> None:
    first = simulate(kz_inputs, 20_000, np.random.default_rng(42))
    again = simulate(kz_inputs, 20_000, np.random.default_rng(42), workers=2)
    other = simulate(kz_inputs, 20_000, np.random.default_rng(43))
    assert first == again
    assert first.disbursed_in_period.p50 != other.disbursed_in_period.p50


def test_the_loop_reference_computes_the_same_model(kz_inputs: SimulationInputs) -> None:
    inputs = replace(
        kz_inputs,
        operations=tuple(replace(op, drop_probability=0.2) if op.pipeline else op for op in kz_inputs.operations),
        settings=replace(kz_inputs.settings, additional_financing_share=0.6),
    )
    z = draw_latents(np.random.default_rng(8), 200, inputs).z
    fast, slow = Model(inputs).evaluate(z), evaluate_loop(inputs, z.astype(float))
    # money: single-precision draws and profiles agree to about 1e-7 of the amounts at stake (US$100 here)
    for field in ("disbursed", "after", "committed", "covered"):
        assert np.allclose(getattr(fast, field), getattr(slow, field), rtol=1e-6, atol=100), field
    # the engine draws in single precision: dates agree to a hundredth of a day, ratios to about 1e-7
    for field, rtol, atol in (
        ("approval", 0, 0.01),
        ("completion", 0, 0.01),
        ("cost_ratio", 1e-6, 0),
        ("shift", 0, 0.01),
        ("stretch", 1e-6, 0),
        ("scope", 1e-6, 1e-9),
    ):
        assert np.allclose(getattr(fast, field), getattr(slow, field), rtol=rtol, atol=atol, equal_nan=True), field
    assert np.isnan(fast.completion).any()  # some pipeline operations were dropped


def test_dropped_pipeline_operations_commit_and_disburse_nothing() -> None:
    inputs = two_operations()
    inputs = replace(inputs, operations=(inputs.operations[0], replace(inputs.operations[1], drop_probability=0.3)))
    _, _, _, samples = run_chunks(inputs, 40_000, np.random.default_rng(6), 8192)
    dropped = np.isnan(samples.completion[:, 1])
    n = dropped.size
    assert dropped.mean() == pytest.approx(0.3, abs=4 * math.sqrt(0.21 / n))
    assert (samples.committed[dropped, 0] == 0).all() and (samples.committed[~dropped, 0] == 200).all()
    a_only = 100 * 365 / 731
    assert samples.disbursed[dropped, 0] == pytest.approx(a_only)


@pytest.mark.parametrize(
    ("cost", "share", "value", "rating", "money", "extra_commitment"),
    [
        (1.0, 0.0, 100.0, "Achieved", 100.0, 0.0),
        (2.0, 0.0, 50.0, "Partially Achieved", 100.0, 0.0),  # delivers half the scope with the same money
        (2.5, 0.0, 40.0, "Not Achieved", 100.0, 0.0),
        (2.0, 1.0, 100.0, "Achieved", 200.0, 100.0),  # needs more money: additional financing of 100
        (2.0, 0.5, 75.0, "Partially Achieved", 150.0, 50.0),
    ],
)
def test_a_cost_overrun_needs_more_money_or_delivers_less(
    cost: float, share: float, value: float, rating: str, money: float, extra_commitment: float
) -> None:
    indicator = IndicatorPlan(
        code="I1",
        name="Roads rebuilt",
        unit="km",
        objective="O1",
        objective_kind=True,
        direction="increase",
        baseline=0.0,
        target=100.0,
        target_date=day("2027-07-01"),
        current=0.0,
        contributions=(ContributionPlan(0, 100.0, day("2026-07-01"), day("2027-07-01")),),
    )
    inputs = programme(
        (operation("A", cost=Constant(cost)),),
        settings=replace(SimulationSettings(), additional_financing_share=share),
        indicators=(indicator,),
        objectives=(ObjectivePlan("O1", "Better roads", (0,)),),
    )
    result = simulate(inputs, 20, np.random.default_rng(0))
    [ind] = result.indicators
    assert ind.value is not None and ind.value.p50 == pytest.approx(value)
    assert result.objectives[0].ratings[rating] == 1.0
    total = sum(y.disbursed.p50 for y in result.fiscal_years) + result.disbursed_after_period.p50
    assert total == pytest.approx(money)
    # additional financing is committed at mid-implementation: 2027-07-01 12:00, in FY28
    assert result.fiscal_years[1].committed.p50 == pytest.approx(extra_commitment)


def test_a_delay_cuts_the_result_by_the_target_date() -> None:
    indicator = IndicatorPlan(
        "I1",
        "Roads rebuilt",
        "km",
        "O1",
        True,
        "increase",
        0.0,
        100.0,
        day("2027-07-01"),
        0.0,
        (ContributionPlan(0, 100.0, day("2026-07-01"), day("2027-07-01")),),
    )
    inputs = programme(
        (operation("A", duration=Constant(1.5)),),
        indicators=(indicator,),
        objectives=(ObjectivePlan("O1", "Better roads", (0,)),),
    )
    [ind] = simulate(inputs, 5, np.random.default_rng(0)).indicators
    # the link's year-long build-up lasts half as long again: two thirds of it by the target date
    assert ind.value is not None and ind.value.p50 == pytest.approx(100 / 1.5)
    assert ind.p_target_met == 0.0


def test_pipeline_slip_moves_commitments_to_later_years() -> None:
    inputs = two_operations()
    late = replace(inputs.operations[1], approval_slip_months=Triangular(6, 9, 12))
    inputs = replace(inputs, operations=(inputs.operations[0], late))
    result = simulate(inputs, 5000, np.random.default_rng(1))
    # approval 2026-10-01 plus 6–12 months (of 30.4375 days): FY27 or FY28
    fy27, fy28 = result.fiscal_years[0].committed, result.fiscal_years[1].committed
    assert fy27.mean + fy28.mean == pytest.approx(200.0)
    # the approval falls in FY28 when the slip reaches the 273 days to 2027-07-01: P = 1 − F(273/30.4375)
    months = 273 / 30.4375
    expected = 1 - (months - 6) ** 2 / ((12 - 6) * (9 - 6))
    assert fy28.mean / 200 == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / 5000))


def test_a_programme_with_nothing_left_to_simulate() -> None:
    result = simulate(programme(()), 100, np.random.default_rng(0))
    assert result.operations == () and result.disbursed_in_period.p50 == 0
    assert result.tornado.bars == ()


def test_a_later_as_of_date_replans_overdue_pipeline_approvals(kz_data: ProgrammeData) -> None:
    from cpfkit.reference.simulation import load_simulation_reference
    from cpfkit.risk.inputs import simulation_inputs

    later = simulation_inputs(kz_data, load_fx(), load_simulation_reference(), date(2028, 1, 1))
    pipeline = [op for op in later.operations if op.pipeline]
    assert pipeline and all(op.approval >= day("2028-01-01") for op in pipeline)
    # the IFC credit lines were planned for approval in March 2027 and are still pipeline in the data:
    # overdue, they are planned for the as-of date and slip from there
    msme = next(op for op in pipeline if op.id == "KZ-ILL-IFC-MSME-01")
    assert msme.approval == day("2028-01-01")
