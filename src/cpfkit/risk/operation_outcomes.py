"""Each operation over the runs: when it is approved and completes, whether in the period, or dropped."""

from __future__ import annotations

from datetime import date

import numpy as np

from cpfkit.risk.engine import Draws
from cpfkit.risk.outcomes import OperationOutcome
from cpfkit.risk.plan import SimulationInputs
from cpfkit.risk.quantiles import day, nanquantiles
from cpfkit.risk.samples import Samples

__all__ = ["operation_outcomes"]


def operation_outcomes(inputs: SimulationInputs, plan: Draws, samples: Samples) -> tuple[OperationOutcome, ...]:
    """Every simulated operation's dates (P10/P50/P90, to the day) and probabilities."""
    end = inputs.fy_bounds[-1] - 1
    q_completion = nanquantiles(samples.completion)
    q_approval = np.full((3, len(inputs.operations)), np.nan)
    pipe = [j for j, op in enumerate(inputs.operations) if op.pipeline]
    if pipe:
        q_approval[:, pipe] = nanquantiles(samples.approval[:, pipe])
    p_in_period = (samples.completion <= end).mean(axis=0)
    p_dropped = np.isnan(samples.completion).mean(axis=0)
    approved_in = ((samples.approval >= inputs.fy_bounds[0]) & (samples.approval < inputs.fy_bounds[-1])).mean(axis=0)
    cost_p50 = np.quantile(np.ascontiguousarray(samples.cost_ratio.T), 0.5, axis=1).reshape(-1)
    return tuple(
        OperationOutcome(
            id=op.id,
            name=op.name,
            reference_class=op.reference_class,
            instrument=op.instrument,
            status="pipeline" if op.pipeline else "active",
            planned_approval=date.fromordinal(int(round(op.approval))),
            approval_p50=day(q_approval[1, j]) if op.pipeline else day(op.approval),
            planned_completion=date.fromordinal(int(round(plan.completion[0, j]))),
            completion_p10=day(q_completion[0, j]),
            completion_p50=day(q_completion[1, j]),
            completion_p90=day(q_completion[2, j]),
            p_complete_in_period=float(p_in_period[j]),
            p_approved_in_period=float(approved_in[j]) if op.pipeline else None,
            p_dropped=float(p_dropped[j]),
            cost_ratio_p50=float(cost_p50[j]),
            illustrative=op.illustrative,
        )
        for j, op in enumerate(inputs.operations)
    )
