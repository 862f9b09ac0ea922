"""From the runs to the answer: every output's quantiles and probabilities, and the tornadoes.

:func:`summarise` is the last step of :func:`cpfkit.risk.montecarlo.simulate`;
the records it fills are in :mod:`cpfkit.risk.outcomes`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from cpfkit.model import fy_label
from cpfkit.risk.arrays import FloatArray
from cpfkit.risk.engine import Draws, Model
from cpfkit.risk.indicator_outcomes import indicator_outcomes
from cpfkit.risk.indicators import Results
from cpfkit.risk.objective_rule import ACHIEVED_OR_MOSTLY, RATINGS
from cpfkit.risk.operation_outcomes import operation_outcomes
from cpfkit.risk.outcomes import FiscalYearOutcome, ObjectiveOutcome, SimulationResult
from cpfkit.risk.plan import SimulationInputs
from cpfkit.risk.quantiles import band, bands
from cpfkit.risk.samples import Samples
from cpfkit.risk.tornado import tornadoes

__all__ = ["summarise"]


def summarise(
    inputs: SimulationInputs, model: Model, plan: Draws, results: Results, samples: Samples, chunk_size: int
) -> SimulationResult:
    """Quantiles and probabilities of every output, and the tornado of the largest shortfall."""
    end = inputs.fy_bounds[-1] - 1
    plan_values = results.values(plan)
    largest, disbursements, by_indicator = tornadoes(inputs, plan, plan_values, results, samples)
    return SimulationResult(
        programme=inputs.programme,
        title=inputs.title,
        as_of=inputs.as_of,
        runs=samples.disbursed.shape[0],
        chunk_size=chunk_size,
        period_end=date.fromordinal(int(end)),
        fiscal_years=_fiscal_years(inputs, plan, samples),
        disbursed_in_period=band(float(plan.disbursed[0].sum()), samples.disbursed.sum(axis=1)),
        disbursed_after_period=band(float(plan.after[0]), samples.after),
        indicators=indicator_outcomes(inputs, results, plan_values, samples),
        objectives=_objectives(inputs, results, plan_values, samples),
        operations=operation_outcomes(inputs, plan, samples),
        tornado=largest,
        tornado_disbursements=disbursements,
        tornado_indicators=by_indicator,
    )


def _fiscal_years(inputs: SimulationInputs, plan: Draws, samples: Samples) -> tuple[FiscalYearOutcome, ...]:
    """Disbursements, new commitments and the envelope's use in each fiscal year."""
    disbursed = bands(plan.disbursed[0], samples.disbursed)
    committed = bands(plan.committed[0], samples.committed)
    covered = bands(plan.covered[0], samples.covered)
    envelope = np.array([e if e else np.nan for e in inputs.envelope], dtype=float)
    with_envelope = ~np.isnan(envelope)
    use = (
        bands(
            plan.covered[0, with_envelope] / envelope[with_envelope],
            samples.covered[:, with_envelope] / envelope[with_envelope],
        )
        if with_envelope.any()
        else []
    )
    over = (samples.covered > envelope * (1 + 1e-12)).mean(axis=0)
    uses = iter(use)
    return tuple(
        FiscalYearOutcome(
            fy=fy,
            label=fy_label(fy),
            actual_to_date=float(inputs.actual_disbursed[k]),
            disbursed=disbursed[k],
            committed=committed[k],
            covered=covered[k],
            envelope=inputs.envelope[k],
            utilisation=next(uses) if with_envelope[k] else None,
            p_over_envelope=float(over[k]) if with_envelope[k] else None,
        )
        for k, fy in enumerate(inputs.fiscal_years)
    )


def _objectives(
    inputs: SimulationInputs, results: Results, plan_values: FloatArray, samples: Samples
) -> tuple[ObjectiveOutcome, ...]:
    """The probability of each suggested rating of every objective."""
    runs = samples.ratings.shape[0]
    plan_ratings = results.ratings(plan_values)
    objectives: list[ObjectiveOutcome] = []
    for o, obj in enumerate(inputs.objectives):
        counts = np.bincount(samples.ratings[:, o], minlength=len(RATINGS)) / runs
        objectives.append(
            ObjectiveOutcome(
                code=obj.code,
                title=obj.title,
                planned_rating=RATINGS[int(plan_ratings[0, o])],
                ratings={r: float(counts[x]) for x, r in enumerate(RATINGS)},
                p_achieved_or_mostly=float(sum(counts[x] for x in ACHIEVED_OR_MOSTLY)),
            )
        )
    return tuple(objectives)
