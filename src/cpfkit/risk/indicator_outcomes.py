"""Each indicator at its target date over the runs: its value's band and the chance the target is met."""

from __future__ import annotations

import numpy as np

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message
from cpfkit.risk.arrays import FloatArray
from cpfkit.risk.indicators import Results
from cpfkit.risk.outcomes import Band, IndicatorOutcome
from cpfkit.risk.plan import SimulationInputs
from cpfkit.risk.plan_indicators import IndicatorPlan
from cpfkit.risk.quantiles import bands, day
from cpfkit.risk.samples import Samples

__all__ = ["indicator_outcomes"]


def indicator_outcomes(
    inputs: SimulationInputs, results: Results, plan_values: FloatArray, samples: Samples
) -> tuple[IndicatorOutcome, ...]:
    """Every indicator of the plan; one that does not move in the runs says why (``note``)."""
    met = results.met(samples.values)
    sim = results.sim_index
    simulated = dict(zip(sim.tolist(), bands(plan_values[0, sim], samples.values[:, sim]), strict=True))
    indicators: list[IndicatorOutcome] = []
    for i, ind in enumerate(inputs.indicators):
        known = ind.current is not None
        note = _note(ind, i in simulated)
        value: Band | None = None
        if i in simulated:
            value = simulated[i]
        elif known:
            value = Band(*(float(plan_values[0, i]),) * 5)
        indicators.append(
            IndicatorOutcome(
                code=ind.code,
                name=ind.name,
                unit=ind.unit,
                objective=ind.objective,
                direction=ind.direction,
                baseline=ind.baseline,
                current=ind.current,
                target=ind.target,
                target_date=day(ind.target_date) if ind.target_date is not None else None,
                value=value,
                p_target_met=float(np.mean(met[:, i])) if known and ind.target is not None else None,
                simulated=i in simulated,
                note=None if note is None else str(note),
                note_message=note,
                illustrative=ind.illustrative,
                milestone=ind.milestone,
                operations=ind.linked,
            )
        )
    return tuple(indicators)


def _note(ind: IndicatorPlan, simulated: bool) -> Message | None:
    """Why an indicator's value does not move in the runs (None when it does)."""
    if simulated:
        return None
    if ind.target is None:
        return Message(N_("no target"))
    if ind.current is None:
        return Message(N_("no baseline and no measurement: the gap to the target is unknown"))
    if not ind.linked:
        return Message(N_("no operation contributes to it (contributions.csv): the value stays where it is"))
    return Message(N_("its operations have nothing left to bring by the target date: the value is certain"))
