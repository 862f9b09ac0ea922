"""What a simulation answers: quantiles, probabilities and the drivers of the largest shortfall.

Money is in US dollars (floats: these are statistics of draws, rounded by the
report), dates are dates, probabilities are shares of runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from cpfkit.model import fy_label
from cpfkit.risk.objective_rule import ACHIEVED_OR_MOSTLY, RATINGS

if TYPE_CHECKING:
    from cpfkit.risk.engine import BoolArray, Draws, FloatArray, Model
    from cpfkit.risk.indicators import Results
    from cpfkit.risk.montecarlo import Samples
    from cpfkit.risk.plan import IndicatorPlan, SimulationInputs

__all__ = [
    "Band",
    "FiscalYearOutcome",
    "IndicatorOutcome",
    "ObjectiveOutcome",
    "OperationOutcome",
    "SimulationResult",
    "Tornado",
    "TornadoBar",
    "summarise",
]

_Q = (0.1, 0.5, 0.9)
_TOP_DRIVERS = 12


@dataclass(frozen=True)
class Band:
    """The plan, the P10/P50/P90 and the mean of a quantity over the runs."""

    planned: float
    p10: float
    p50: float
    p90: float
    mean: float


@dataclass(frozen=True)
class FiscalYearOutcome:
    """One fiscal year: disbursements, new commitments and the envelope they use."""

    fy: int
    label: str
    actual_to_date: float
    disbursed: Band
    committed: Band
    covered: Band
    envelope: float | None
    utilisation: Band | None
    p_over_envelope: float | None


@dataclass(frozen=True)
class IndicatorOutcome:
    """An indicator at its target date."""

    code: str
    name: str
    unit: str
    objective: str
    direction: str
    baseline: float | None
    current: float | None
    target: float | None
    target_date: date | None
    value: Band | None
    p_target_met: float | None
    simulated: bool
    note: str | None
    illustrative: bool
    milestone: bool = False
    operations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectiveOutcome:
    """A CPF objective: the probability of each suggested rating."""

    code: str
    title: str
    planned_rating: str
    ratings: dict[str, float]
    p_achieved_or_mostly: float


@dataclass(frozen=True)
class OperationOutcome:
    """One operation: when it completes, and whether it is approved in the period or dropped."""

    id: str
    name: str
    reference_class: str
    instrument: str
    status: str
    planned_approval: date
    approval_p50: date | None
    planned_completion: date
    completion_p10: date | None
    completion_p50: date | None
    completion_p90: date | None
    p_complete_in_period: float
    p_approved_in_period: float | None
    p_dropped: float
    cost_ratio_p50: float
    illustrative: bool


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


@dataclass(frozen=True)
class SimulationResult:
    """Everything a simulation answers about one programme."""

    programme: str
    title: str
    as_of: date
    runs: int
    chunk_size: int
    period_end: date
    fiscal_years: tuple[FiscalYearOutcome, ...]
    disbursed_in_period: Band
    disbursed_after_period: Band
    indicators: tuple[IndicatorOutcome, ...]
    objectives: tuple[ObjectiveOutcome, ...]
    operations: tuple[OperationOutcome, ...]
    tornado: Tornado
    tornado_disbursements: Tornado
    tornado_indicators: tuple[Tornado, ...] = ()


def _note(ind: IndicatorPlan, simulated: bool) -> str | None:
    """Why an indicator's value does not move in the runs (None when it does)."""
    if simulated:
        return None
    if ind.target is None:
        return "no target"
    if ind.current is None:
        return "no baseline and no measurement: the gap to the target is unknown"
    if not ind.linked:
        return "no operation contributes to it (contributions.csv): the value stays where it is"
    return "its operations have nothing left to bring by the target date: the value is certain"


def _band(planned: float, draws: FloatArray) -> Band:
    q = np.quantile(draws, _Q, axis=0)
    return Band(float(planned), float(q[0]), float(q[1]), float(q[2]), float(np.mean(draws)))


def _bands(planned: FloatArray, draws: FloatArray) -> list[Band]:
    """A band for each column of ``draws`` (runs × columns), with one quantile pass over all of them."""
    q = np.quantile(np.ascontiguousarray(draws.T), _Q, axis=1).reshape(3, draws.shape[1])
    means = draws.mean(axis=0)
    return [
        Band(float(planned[c]), float(q[0, c]), float(q[1, c]), float(q[2, c]), float(means[c]))
        for c in range(draws.shape[1])
    ]


def _day(value: float) -> date | None:
    return None if np.isnan(value) else date.fromordinal(int(round(value)))


def _driver_names(inputs: SimulationInputs) -> list[str]:
    channels = ("start", "duration", "cost")
    names = [f"country · {c}" for c in channels]
    names += [f"sector {g} · {c}" for c in channels for g in inputs.sector_groups]
    names += [f"{op.id} · {c}" for c in channels for op in inputs.operations]
    return names


def _tornado(
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
    order = np.argsort(-swing, kind="stable")[:_TOP_DRIVERS]
    bars = tuple(TornadoBar(names[d], float(low[d]), float(high[d]), float(swing[d])) for d in order if swing[d] > 0)
    return Tornado(output, code, unit, planned, mean, shortfall, bars)


def _drivers_of(inputs: SimulationInputs, operations: tuple[int, ...]) -> BoolArray:
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


def summarise(
    inputs: SimulationInputs, model: Model, plan: Draws, results: Results, samples: Samples, chunk_size: int
) -> SimulationResult:
    """Quantiles and probabilities of every output, and the tornado of the largest shortfall."""
    runs = samples.disbursed.shape[0]
    end = inputs.fy_bounds[-1] - 1
    years: list[FiscalYearOutcome] = []
    disbursed = _bands(plan.disbursed[0], samples.disbursed)
    committed = _bands(plan.committed[0], samples.committed)
    covered = _bands(plan.covered[0], samples.covered)
    envelope = np.array([e if e else np.nan for e in inputs.envelope], dtype=float)
    with_envelope = ~np.isnan(envelope)
    use = (
        _bands(
            plan.covered[0, with_envelope] / envelope[with_envelope],
            samples.covered[:, with_envelope] / envelope[with_envelope],
        )
        if with_envelope.any()
        else []
    )
    over = (samples.covered > envelope * (1 + 1e-12)).mean(axis=0)
    uses = iter(use)
    for k, fy in enumerate(inputs.fiscal_years):
        years.append(
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
        )
    plan_values = results.values(plan)
    plan_ratings = results.ratings(plan_values)
    met = results.met(samples.values)
    sim = results.sim_index
    bands = dict(zip(sim.tolist(), _bands(plan_values[0, sim], samples.values[:, sim]), strict=True))
    indicators: list[IndicatorOutcome] = []
    for i, ind in enumerate(inputs.indicators):
        known = ind.current is not None
        value: Band | None = None
        if i in bands:
            value = bands[i]
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
                target_date=_day(ind.target_date) if ind.target_date is not None else None,
                value=value,
                p_target_met=float(np.mean(met[:, i])) if known and ind.target is not None else None,
                simulated=i in bands,
                note=_note(ind, i in bands),
                illustrative=ind.illustrative,
                milestone=ind.milestone,
                operations=ind.linked,
            )
        )
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
    operations: list[OperationOutcome] = []
    q_completion = _nanquantiles(samples.completion)
    q_approval = np.full((3, len(inputs.operations)), np.nan)
    pipe = [j for j, op in enumerate(inputs.operations) if op.pipeline]
    if pipe:
        q_approval[:, pipe] = _nanquantiles(samples.approval[:, pipe])
    p_in_period = (samples.completion <= end).mean(axis=0)
    p_dropped = np.isnan(samples.completion).mean(axis=0)
    approved_in = ((samples.approval >= inputs.fy_bounds[0]) & (samples.approval < inputs.fy_bounds[-1])).mean(axis=0)
    cost_p50 = np.quantile(np.ascontiguousarray(samples.cost_ratio.T), 0.5, axis=1).reshape(-1)
    for j, op in enumerate(inputs.operations):
        operations.append(
            OperationOutcome(
                id=op.id,
                name=op.name,
                reference_class=op.reference_class,
                instrument=op.instrument,
                status="pipeline" if op.pipeline else "active",
                planned_approval=date.fromordinal(int(round(op.approval))),
                approval_p50=_day(q_approval[1, j]) if op.pipeline else _day(op.approval),
                planned_completion=date.fromordinal(int(round(plan.completion[0, j]))),
                completion_p10=_day(q_completion[0, j]),
                completion_p50=_day(q_completion[1, j]),
                completion_p90=_day(q_completion[2, j]),
                p_complete_in_period=float(p_in_period[j]),
                p_approved_in_period=float(approved_in[j]) if op.pipeline else None,
                p_dropped=float(p_dropped[j]),
                cost_ratio_p50=float(cost_p50[j]),
                illustrative=op.illustrative,
            )
        )
    names = _driver_names(inputs)
    planned_total = float(plan.disbursed[0].sum())
    total = samples.disbursed.sum(axis=1)
    tornado_disbursements = _tornado(
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
    largest = tornado_disbursements
    by_indicator: list[Tornado] = []
    for k, i in enumerate(sim.tolist()):
        ind = inputs.indicators[i]
        planned = float(plan_values[0, i])
        move = abs(planned - float(results.current[i]))
        gone = np.maximum(results.sign[i] * (planned - samples.values[:, i]), 0.0)
        tornado = _tornado(
            samples,
            1 + k,
            names,
            output=ind.name,
            code=ind.code,
            unit=ind.unit,
            planned=planned,
            mean=float(np.mean(samples.values[:, i])),
            shortfall=float(np.mean(gone)) / move if move > 0 else 0.0,
            eligible=_drivers_of(inputs, ind.operations),
        )
        by_indicator.append(tornado)
        if tornado.shortfall > largest.shortfall:
            largest = tornado
    return SimulationResult(
        programme=inputs.programme,
        title=inputs.title,
        as_of=inputs.as_of,
        runs=runs,
        chunk_size=chunk_size,
        period_end=date.fromordinal(int(end)),
        fiscal_years=tuple(years),
        disbursed_in_period=_band(planned_total, samples.disbursed.sum(axis=1)),
        disbursed_after_period=_band(float(plan.after[0]), samples.after),
        indicators=tuple(indicators),
        objectives=tuple(objectives),
        operations=tuple(operations),
        tornado=largest,
        tornado_disbursements=tornado_disbursements,
        tornado_indicators=tuple(by_indicator),
    )


def _nanquantiles(values: NDArray[np.floating[Any]]) -> FloatArray:
    """P10/P50/P90 of each column of day numbers, to the day, ignoring NaN (dropped operations).

    Counted, not sorted: each column's days go into one histogram, and a
    quantile is the first day by which that share of the column's runs is
    reached.  NaN where every run of a column is NaN.
    """
    runs, cols = values.shape
    out = np.full((3, cols), np.nan)
    if runs == 0 or np.isnan(values).all():
        return out
    low, high = int(np.floor(np.nanmin(values))), int(np.floor(np.nanmax(values)))
    width = high - low + 2  # the last bin of each column holds its NaN runs
    days = np.floor(np.nan_to_num(values, nan=float(high + 1))).astype(np.int64)
    days += np.arange(cols, dtype=np.int64) * width - low
    counts = np.bincount(days.ravel(), minlength=cols * width).reshape(cols, width)
    cumulative = np.cumsum(counts[:, :-1], axis=1)
    totals = cumulative[:, -1]
    for j in np.nonzero(totals)[0]:
        for q, share in enumerate(_Q):
            out[q, j] = low + int(np.searchsorted(cumulative[j], share * totals[j], side="left"))
    return out
