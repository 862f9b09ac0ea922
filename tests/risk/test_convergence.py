"""Convergence on the embedded programme: P50s move by less than 1% between 50,000 and 100,000 runs.

Disbursements and commitments by fiscal year: 1% of the P50 itself.  Indicator
values: 1% of the distance from where the indicator stands to its target (a
P50 can sit near zero in a wide distribution).  Probabilities: 1 point.
Completion dates: 1% of the time from the as-of date to the P50.

The two simulations use different seeds, so the check covers Monte Carlo error
and not only the runs they share.  About three seconds on the development
machine; the programme's inputs are built once per session.
"""

from __future__ import annotations

import numpy as np
import pytest

from cpfkit.risk.montecarlo import simulate
from cpfkit.risk.outcomes import SimulationResult
from cpfkit.risk.plan import SimulationInputs


@pytest.fixture(scope="module")
def pair(kz_inputs: SimulationInputs) -> tuple[SimulationResult, SimulationResult]:
    return simulate(kz_inputs, 50_000, np.random.default_rng(501)), simulate(
        kz_inputs, 100_000, np.random.default_rng(1002)
    )


def test_p50_disbursements_converge(pair: tuple[SimulationResult, SimulationResult]) -> None:
    half, full = pair
    assert half.runs == 50_000 and full.runs == 100_000
    assert full.fiscal_years
    for a, b in zip(half.fiscal_years, full.fiscal_years, strict=True):
        assert abs(a.disbursed.p50 - b.disbursed.p50) < 0.01 * b.disbursed.p50, a.label
        assert abs(a.committed.p50 - b.committed.p50) <= 0.01 * b.committed.p50, a.label
    assert abs(half.disbursed_in_period.p50 - full.disbursed_in_period.p50) < 0.01 * full.disbursed_in_period.p50


def test_p50_results_and_completions_converge(pair: tuple[SimulationResult, SimulationResult]) -> None:
    half, full = pair
    valued = [
        (a, b)
        for a, b in zip(half.indicators, full.indicators, strict=True)
        if a.value is not None and b.value is not None and a.target is not None and a.current is not None
    ]
    with_odds = [
        (a, b)
        for a, b in zip(half.indicators, full.indicators, strict=True)
        if a.p_target_met is not None and b.p_target_met is not None
    ]
    simulated = sum(1 for a in full.indicators if a.simulated)
    # every simulated indicator is compared (and those that stand still), value and odds alike:
    # the checks below cannot pass on nothing
    assert simulated > 0 and len(valued) == len(with_odds) >= simulated
    for a, b in valued:
        assert a.value is not None and b.value is not None and a.target is not None and a.current is not None
        # an indicator's value can sit near zero with a wide spread: 1% of the distance to its target
        assert abs(a.value.p50 - b.value.p50) < 0.01 * abs(a.target - a.current), a.code
    for a, b in with_odds:
        assert a.p_target_met is not None and b.p_target_met is not None
        assert abs(a.p_target_met - b.p_target_met) < 0.01, a.code
    assert full.operations
    for a, b in zip(half.operations, full.operations, strict=True):
        assert a.completion_p50 is not None and b.completion_p50 is not None
        # a date: 1% of the time from now to the P50 completion
        horizon = (b.completion_p50 - full.as_of).days
        assert abs((a.completion_p50 - b.completion_p50).days) <= max(1, 0.01 * horizon), a.id
