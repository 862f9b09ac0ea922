"""The tornado: which drivers move an output most, from the runs where each is in its worst or best tenth."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cpfkit.risk.arrays import BoolArray, FloatArray
from cpfkit.risk.engine import Draws
from cpfkit.risk.indicators import Results
from cpfkit.risk.plan import SimulationInputs
from cpfkit.risk.samples import Samples

__all__ = ["TOP_DRIVERS", "Tornado", "TornadoBar", "driver_names", "drivers_of", "tornado", "tornadoes"]

TOP_DRIVERS = 12


@dataclass(frozen=True)
class TornadoBar:
    """One driver: the mean output when the driver is in its worst and best tenth of runs."""

    driver: str
    low: float
    high: float
    swing: float


@dataclass(frozen=True)
class Tornado:
    """The drivers of one output, largest swing first.

    ``shortfall`` is the expected shortfall against the plan as a share of
    it: of planned disbursements, or of the gap an indicator had to close.
    """

    output: str
    code: str
    unit: str
    planned: float
    mean: float
    shortfall: float
    bars: tuple[TornadoBar, ...]


def driver_names(inputs: SimulationInputs) -> list[str]:
    """The drivers in the order of the tornado sums: the country's, each sector's, each operation's."""
    channels = ("start", "duration", "cost")
    names = [f"country · {c}" for c in channels]
    names += [f"sector {g} · {c}" for c in channels for g in inputs.sector_groups]
    names += [f"{op.id} · {c}" for c in channels for op in inputs.operations]
    return names


def tornado(
    samples: Samples,
    column: int,
    names: list[str],
    *,
    output: str,
    code: str,
    unit: str,
    planned: float,
    mean: float,
    shortfall: float,
    eligible: BoolArray | None = None,
) -> Tornado:
    """The drivers of one output (column of the tornado sums), among the ``eligible`` ones (default: all)."""
    low = samples.low_sum[:, column] / np.maximum(samples.low_count, 1)
    high = samples.high_sum[:, column] / np.maximum(samples.high_count, 1)
    swing = np.where((samples.low_count > 0) & (samples.high_count > 0), np.abs(high - low), 0.0)
    if eligible is not None:
        swing = np.where(eligible, swing, 0.0)
    order = np.argsort(-swing, kind="stable")[:TOP_DRIVERS]
    bars = tuple(TornadoBar(names[d], float(low[d]), float(high[d]), float(swing[d])) for d in order if swing[d] > 0)
    return Tornado(output, code, unit, planned, mean, shortfall, bars)


def drivers_of(inputs: SimulationInputs, operations: tuple[int, ...]) -> BoolArray:
    """The drivers that can move an output of some operations: the country's, their sectors' and their own."""
    groups = inputs.sector_groups
    s, n = len(groups), len(inputs.operations)
    mask = np.zeros(3 + 3 * s + 3 * n, dtype=bool)
    mask[:3] = True
    for j in operations:
        g = groups.index(inputs.operations[j].sector_group)
        for c in range(3):
            mask[3 + c * s + g] = True
            mask[3 + 3 * s + c * n + j] = True
    return mask


def tornadoes(
    inputs: SimulationInputs, plan: Draws, plan_values: FloatArray, results: Results, samples: Samples
) -> tuple[Tornado, Tornado, tuple[Tornado, ...]]:
    """The tornado of the largest shortfall, that of the disbursements, and that of each simulated indicator."""
    names = driver_names(inputs)
    planned_total = float(plan.disbursed[0].sum())
    total = samples.disbursed.sum(axis=1)
    disbursements = tornado(
        samples,
        0,
        names,
        output="Disbursements in the period",
        code="disbursements",
        unit="USD",
        planned=planned_total,
        mean=float(np.mean(total)),
        shortfall=float(np.mean(np.maximum(planned_total - total, 0.0)) / abs(planned_total)) if planned_total else 0.0,
    )
    largest = disbursements
    by_indicator: list[Tornado] = []
    for k, i in enumerate(results.sim_index.tolist()):
        ind = inputs.indicators[i]
        planned = float(plan_values[0, i])
        move = abs(planned - float(results.current[i]))
        gone = np.maximum(results.sign[i] * (planned - samples.values[:, i]), 0.0)
        one = tornado(
            samples,
            1 + k,
            names,
            output=ind.name,
            code=ind.code,
            unit=ind.unit,
            planned=planned,
            mean=float(np.mean(samples.values[:, i])),
            shortfall=float(np.mean(gone)) / move if move > 0 else 0.0,
            eligible=drivers_of(inputs, ind.operations),
        )
        by_indicator.append(one)
        if one.shortfall > largest.shortfall:
            largest = one
    return largest, disbursements, tuple(by_indicator)
