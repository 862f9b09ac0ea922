"""What a simulation answers: quantiles, probabilities and the drivers of the largest shortfall.

Money is in US dollars (floats: these are statistics of draws, rounded by the
report), dates are dates, probabilities are shares of runs.  The figures are
computed by :func:`cpfkit.risk.summary.summarise`; the tornado's own records
are in :mod:`cpfkit.risk.tornado`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit.language.message import Message
from cpfkit.risk.tornado import Tornado, TornadoBar

__all__ = [
    "Band",
    "FiscalYearOutcome",
    "IndicatorOutcome",
    "ObjectiveOutcome",
    "OperationOutcome",
    "SimulationResult",
    "Tornado",
    "TornadoBar",
]


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
    """An indicator at its target date.

    ``note`` says in English why its value does not move in the runs; ``note_message`` is the same note
    as a message, to be written in a reader's language (:func:`cpfkit.language.message.render`).
    """

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
    note_message: Message | None = None


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
