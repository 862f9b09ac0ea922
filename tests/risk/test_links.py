"""The results model follows ``contributions.csv``: an indicator moves only with the operations linked to it.

Closed-form checks: a 0/1 milestone reached at an operation's approval is met
with the probability that the operation is approved by the target date, read
straight from its slip distribution; a link's value builds up over its lag;
an indicator without links stays where it stands; the plan's values are the
planner's reading of the same links.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from cpfkit.metrics.contributions import read_links
from cpfkit.model import ProgrammeData, ProjectStatus
from cpfkit.risk.distributions import Triangular
from cpfkit.risk.montecarlo import run_chunks, simulate
from cpfkit.risk.plan import MONTH_DAYS, ContributionPlan, IndicatorPlan, ObjectivePlan, SimulationInputs
from tests.risk.plans import day, operation, programme

RUNS = 40_000


def triangular_cdf(d: Triangular, x: float) -> float:
    """P(X ≤ x) for the triangular distribution, written out."""
    a, c, b = d.low, d.mode, d.high
    if x <= a:
        return 0.0
    if x >= b:
        return 1.0
    if x <= c:
        return (x - a) ** 2 / ((b - a) * (c - a))
    return 1 - (b - x) ** 2 / ((b - a) * (b - c))


def index_of(inputs: SimulationInputs, code: str) -> int:
    return next(i for i, ind in enumerate(inputs.indicators) if ind.code == code)


@pytest.fixture(scope="module")
def kz_values(kz_inputs: SimulationInputs) -> np.ndarray:
    """Indicator values at their target dates in every run (runs × indicators)."""
    _, _, _, samples = run_chunks(kz_inputs, RUNS, np.random.default_rng(15), 8192)
    return samples.values


def test_kambarata_milestone_is_0_or_1_and_met_when_kambarata_is_approved_in_time(
    kz_inputs: SimulationInputs, kz_values: np.ndarray
) -> None:
    i = index_of(kz_inputs, "I3.3.2")
    milestone = kz_inputs.indicators[i]
    assert milestone.milestone and milestone.target == 1.0 and milestone.current == 0.0
    [link] = milestone.contributions  # Kambarata-1 alone, at approval
    kambarata = kz_inputs.operations[link.operation]
    assert kambarata.id == "KZ-ILL-KAMBARATA-01" and kambarata.pipeline and link.at_approval
    values = kz_values[:, i]
    assert set(np.unique(values).tolist()) == {0.0, 1.0}
    # met iff approved (not dropped: the top drop-share of the start latent) by the target date
    assert milestone.target_date is not None and isinstance(kambarata.approval_slip_months, Triangular)
    months = (milestone.target_date - kambarata.approval - kambarata.approval_delay_days) / MONTH_DAYS
    expected = min(1 - kambarata.drop_probability, triangular_cdf(kambarata.approval_slip_months, months))
    assert expected == pytest.approx(0.48, abs=0.01)  # the figure published for the shipped slip distribution
    met = float(np.mean(values == 1.0))
    assert met == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / RUNS))


def test_the_milestone_tornado_ranks_kambarata_s_own_drivers(kz_inputs: SimulationInputs) -> None:
    result = simulate(kz_inputs, 8000, np.random.default_rng(4))
    tornado = next(t for t in result.tornado_indicators if t.code == "I3.3.2")
    drivers = [bar.driver for bar in tornado.bars]
    assert drivers[0] == "KZ-ILL-KAMBARATA-01 · start"
    # nothing of the other operations under O3.3 (NAS-02 and the Syr Darya, irrigation, utilities)
    assert all(d.startswith(("KZ-ILL-KAMBARATA-01 ·", "country ·", "sector energy ·")) for d in drivers), drivers
    [outcome] = [ind for ind in result.indicators if ind.code == "I3.3.2"]
    assert outcome.milestone and outcome.operations == ("KZ-ILL-KAMBARATA-01",)


def test_road_kilometres_do_not_move_with_rail(kz_inputs: SimulationInputs) -> None:
    i, rail = index_of(kz_inputs, "I1.1.3"), index_of(kz_inputs, "I1.1.1")
    linked = {kz_inputs.operations[c.operation].id for c in kz_inputs.indicators[i].contributions}
    assert linked == {"KZ-ILL-BEINEU-01", "P500565"}
    # the railway operations deliver nothing at all: rail freight falls, road kilometres do not move a metre
    stalled = tuple(
        replace(op, scope_factor=0.0) if op.id.startswith("KZ-ILL-RAIL-") else op for op in kz_inputs.operations
    )
    assert sum(op.scope_factor == 0.0 for op in stalled) == 2
    _, _, _, before = run_chunks(kz_inputs, 3000, np.random.default_rng(3), 1000)
    _, _, _, after = run_chunks(replace(kz_inputs, operations=stalled), 3000, np.random.default_rng(3), 1000)
    assert np.array_equal(before.values[:, i], after.values[:, i])
    assert (after.values[:, rail] < before.values[:, rail]).all()


def test_an_indicator_without_contributions_stays_where_it_stands(
    kz_inputs: SimulationInputs, kz_values: np.ndarray
) -> None:
    i = index_of(kz_inputs, "I7.1.1")  # share of operations rated MS or better: no operation is linked to it
    ind = kz_inputs.indicators[i]
    assert ind.contributions == () and ind.linked == () and ind.current == 71.0
    assert (kz_values[:, i] == 71.0).all()
    result = simulate(kz_inputs, 500, np.random.default_rng(0))
    [outcome] = [o for o in result.indicators if o.code == "I7.1.1"]
    assert not outcome.simulated and outcome.p_target_met == 0.0 and outcome.operations == ()
    assert outcome.note is not None and "no operation contributes" in outcome.note


def test_the_plan_values_are_the_planner_s_reading_of_the_links(
    kz_inputs: SimulationInputs, kz_data: ProgrammeData
) -> None:
    """Where nothing is measured yet, the plan is the baseline plus each link's share in place by the target."""
    plan_values = simulate(kz_inputs.planned(), 1, np.random.default_rng(0)).indicators
    projects = {p.id: p for p in kz_data.projects}
    links = read_links(kz_data)
    checked = 0
    for ind, outcome in zip(kz_inputs.indicators, plan_values, strict=True):
        if ind.target_date is None or ind.baseline is None or ind.current != ind.baseline or not ind.contributions:
            continue
        target = date.fromordinal(int(ind.target_date))
        expected = ind.baseline
        for link in links.of_indicator(ind.code):
            project = projects[link.project]
            if project.status is ProjectStatus.DROPPED or project.dates.approval is None:
                continue
            expected += ind.factor * link.value * link.in_place(project.dates.approval, target)
        if ind.milestone:
            expected = ind.target if expected >= ind.target else ind.current
        assert outcome.value is not None and outcome.value.planned == pytest.approx(expected, rel=1e-9), ind.code
        checked += 1
    assert checked >= 10


def test_a_link_builds_up_over_its_lag_and_a_milestone_comes_whole() -> None:
    """One operation effective on the as-of date (2026-07-01); target a year later; the link's lag is two years."""
    start, end = day("2026-07-01"), day("2026-07-01") + 2 * 365.25

    def indicator(code: str, *, milestone: bool) -> IndicatorPlan:
        return IndicatorPlan(
            code,
            code,
            "milestone (0/1)" if milestone else "km",
            "O1",
            True,
            "increase",
            0.0,
            1.0 if milestone else 100.0,
            day("2027-07-01"),
            0.0,
            (ContributionPlan(0, 1.0 if milestone else 100.0, start, end, step=milestone),),
            milestone=milestone,
        )

    inputs = programme(
        (operation("A"),),
        indicators=(indicator("km", milestone=False), indicator("done", milestone=True)),
        objectives=(ObjectivePlan("O1", "Better roads", (0, 1)),),
    )
    km, done = simulate(inputs, 10, np.random.default_rng(0)).indicators
    assert km.value is not None and km.value.p50 == pytest.approx(100 * 365 / (2 * 365.25))
    assert done.value is not None and done.value.p90 == 0.0 and done.p_target_met == 0.0  # not half a milestone


def test_a_pipeline_milestone_at_approval_follows_the_slip_in_closed_form() -> None:
    slip = Triangular(0, 3, 12)
    pipeline = operation("P", pipeline=True, effective=False, approval="2026-10-01", slip=slip)
    target = day("2027-04-01")
    milestone = IndicatorPlan(
        "M",
        "Agreement signed",
        "milestone (0/1)",
        "O1",
        True,
        "increase",
        0.0,
        1.0,
        target,
        0.0,
        (ContributionPlan(0, 1.0, pipeline.approval, pipeline.approval, at_approval=True, step=True),),
        milestone=True,
    )
    inputs = programme((pipeline,), indicators=(milestone,), objectives=(ObjectivePlan("O1", "Deal", (0,)),))
    [outcome] = simulate(inputs, RUNS, np.random.default_rng(7)).indicators
    expected = triangular_cdf(slip, (target - pipeline.approval) / MONTH_DAYS)  # 182 days: about 5.98 months
    assert 0.4 < expected < 0.7 and outcome.p_target_met is not None
    assert outcome.p_target_met == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / RUNS))
    assert outcome.value is not None and {outcome.value.p10, outcome.value.p90} == {0.0, 1.0}
