"""The risk-simulation report: what scripts read (``--json``, the API) and what the HTML report shows.

The top level is the baseline; ``scenarios`` holds each stress scenario with
the same keys and its change against the baseline (same seed, so the
difference is the scenario's, not the draws').  Money is in US dollars,
rounded to the dollar; probabilities are shares of runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpfkit.model.base import Num
from cpfkit.risk.outcomes import Band, SimulationResult, Tornado
from cpfkit.risk.plan import SimulationSettings
from cpfkit.risk.scenarios import AppliedScenario

__all__ = [
    "Assumptions",
    "DisbursementYear",
    "EnvelopeYear",
    "IndicatorChance",
    "ObjectiveChance",
    "ProjectCompletion",
    "ReferenceClassUsed",
    "ScenarioOutcome",
    "SimulationReport",
    "TornadoChart",
    "build_report",
]


def _usd(value: float) -> Decimal:
    return Decimal(round(value))


def _p(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class DisbursementYear:
    """Disbursements of one fiscal year (US dollars), including what was disbursed before the as-of date."""

    fy: int
    label: str
    planned: Num
    actual_to_date: Num
    p10: Num
    p50: Num
    p90: Num
    mean: Num


@dataclass(frozen=True)
class CommitmentYear:
    """New commitments of one fiscal year: approvals and any additional financing (US dollars)."""

    fy: int
    label: str
    planned: Num
    p10: Num
    p50: Num
    p90: Num
    mean: Num


@dataclass(frozen=True)
class EnvelopeYear:
    """Use of one fiscal year's envelope: commitments of the institutions it covers, and their share of it."""

    fy: int
    label: str
    envelope: Num | None
    planned: Num
    p10: Num
    p50: Num
    p90: Num
    use_planned: float | None
    use_p10: float | None
    use_p50: float | None
    use_p90: float | None
    p_over_envelope: float | None


@dataclass(frozen=True)
class IndicatorChance:
    """An indicator at its target date: its simulated value and the probability that it meets the target.

    ``operations`` are the operations linked to it in ``contributions.csv`` (the only ones that move it); a
    ``milestone`` is 0 or 1 in every run; ``tornado`` ranks the drivers of its value (those of its own
    operations, their sectors' and the country's), None when it does not move.
    """

    indicator: str
    name: str
    unit: str
    objective: str
    target: float | None
    target_date: date | None
    baseline: float | None
    current: float | None
    planned: float | None
    p10: float | None
    p50: float | None
    p90: float | None
    p_target_met: float | None
    simulated: bool
    note: str | None
    illustrative: bool
    milestone: bool
    operations: tuple[str, ...]
    tornado: TornadoChart | None


@dataclass(frozen=True)
class ObjectiveChance:
    """A CPF objective: the probability of each suggested rating."""

    objective: str
    title: str
    p_achieved_or_mostly: float
    planned_rating: str
    ratings: dict[str, float]


@dataclass(frozen=True)
class ProjectCompletion:
    """When an operation completes (its closing), and whether a pipeline operation is approved in the period."""

    project: str
    name: str
    reference_class: str
    instrument: str
    status: str
    planned_approval: date
    p50_approval: date | None
    planned_completion: date
    p10_completion: date | None
    p50_completion: date | None
    p90_completion: date | None
    p_complete_in_period: float
    p_approved_in_period: float | None
    p_dropped: float
    cost_ratio_p50: float
    illustrative: bool


@dataclass(frozen=True)
class TornadoDriver:
    """The mean output when a driver is in its worst or best tenth of runs."""

    driver: str
    low: float
    high: float
    swing: float


@dataclass(frozen=True)
class TornadoChart:
    """The drivers of one output: the one with the largest expected shortfall, or disbursements."""

    output: str
    indicator: str
    unit: str
    planned: float
    mean: float
    shortfall: float
    drivers: tuple[TornadoDriver, ...]


@dataclass(frozen=True)
class Totals:
    """Disbursements over the whole period and after it (US dollars)."""

    planned_in_period: Num
    p10_in_period: Num
    p50_in_period: Num
    p90_in_period: Num
    planned_after_period: Num
    p50_after_period: Num


@dataclass(frozen=True)
class ChangeByYear:
    """The change of a fiscal year's P50 disbursement against the baseline."""

    fy: int
    p50: Num


@dataclass(frozen=True)
class ChangeOfIndicator:
    """The change of an indicator's probability of meeting its target."""

    indicator: str
    p_target_met: float | None


@dataclass(frozen=True)
class ChangeOfObjective:
    """The change of an objective's probability of Achieved or Mostly Achieved."""

    objective: str
    p_achieved_or_mostly: float


@dataclass(frozen=True)
class ChangeOfProject:
    """The change of an operation's P50 completion (days) and of its chance of being dropped."""

    project: str
    p50_completion_days: int | None
    p_dropped: float


@dataclass(frozen=True)
class Change:
    """A scenario against the baseline: scenario minus baseline."""

    disbursements_by_fy: tuple[ChangeByYear, ...]
    p50_in_period: Num
    indicators: tuple[ChangeOfIndicator, ...]
    objectives: tuple[ChangeOfObjective, ...]
    projects: tuple[ChangeOfProject, ...]


@dataclass(frozen=True)
class ScenarioOutcome:
    """One stress scenario: what it is, and the simulation's answers under it."""

    name: str
    title: str
    description: str | None
    file: str
    starts: date | None
    size: tuple[dict[str, object], ...]
    hits: dict[str, tuple[str, ...]]
    sources: tuple[str, ...]
    totals: Totals
    disbursements_by_fy: tuple[DisbursementYear, ...]
    commitments_by_fy: tuple[CommitmentYear, ...]
    envelope_by_fy: tuple[EnvelopeYear, ...]
    indicators: tuple[IndicatorChance, ...]
    objectives: tuple[ObjectiveChance, ...]
    projects: tuple[ProjectCompletion, ...]
    tornado: TornadoChart
    vs_baseline: Change


@dataclass(frozen=True)
class ReferenceClassUsed:
    """The distributions one reference class contributes, with their status and source."""

    name: str
    label: str
    operations: tuple[str, ...]
    cost_ratio: str
    duration_ratio: str
    approval_slip_months: str
    status: dict[str, str]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Assumptions:
    """The settings and reference classes a simulation used."""

    country_correlation: float
    sector_correlation: float
    start_duration_correlation: float
    start_cost_correlation: float
    cost_duration_correlation: float
    additional_financing_share: float
    reference_classes: tuple[ReferenceClassUsed, ...]


@dataclass(frozen=True)
class SimulationReport:
    """A programme's risk simulation: the baseline at the top level, then each scenario."""

    programme: str
    title: str
    as_of: date
    runs: int
    seed: int
    chunk_size: int
    period_end: date
    totals: Totals
    disbursements_by_fy: tuple[DisbursementYear, ...]
    commitments_by_fy: tuple[CommitmentYear, ...]
    envelope_by_fy: tuple[EnvelopeYear, ...]
    indicators: tuple[IndicatorChance, ...]
    objectives: tuple[ObjectiveChance, ...]
    projects: tuple[ProjectCompletion, ...]
    tornado: TornadoChart
    tornado_disbursements: TornadoChart
    assumptions: Assumptions
    scenarios: tuple[ScenarioOutcome, ...]


def _disbursements(result: SimulationResult) -> tuple[DisbursementYear, ...]:
    return tuple(
        DisbursementYear(
            y.fy,
            y.label,
            _usd(y.disbursed.planned),
            _usd(y.actual_to_date),
            _usd(y.disbursed.p10),
            _usd(y.disbursed.p50),
            _usd(y.disbursed.p90),
            _usd(y.disbursed.mean),
        )
        for y in result.fiscal_years
    )


def _commitments(result: SimulationResult) -> tuple[CommitmentYear, ...]:
    return tuple(
        CommitmentYear(
            y.fy,
            y.label,
            _usd(y.committed.planned),
            _usd(y.committed.p10),
            _usd(y.committed.p50),
            _usd(y.committed.p90),
            _usd(y.committed.mean),
        )
        for y in result.fiscal_years
    )


def _envelope(result: SimulationResult) -> tuple[EnvelopeYear, ...]:
    out = []
    for y in result.fiscal_years:
        use: Band | None = y.utilisation
        out.append(
            EnvelopeYear(
                y.fy,
                y.label,
                _usd(y.envelope) if y.envelope is not None else None,
                _usd(y.covered.planned),
                _usd(y.covered.p10),
                _usd(y.covered.p50),
                _usd(y.covered.p90),
                _p(use.planned) if use else None,
                _p(use.p10) if use else None,
                _p(use.p50) if use else None,
                _p(use.p90) if use else None,
                _p(y.p_over_envelope),
            )
        )
    return tuple(out)


def _indicators(result: SimulationResult) -> tuple[IndicatorChance, ...]:
    tornadoes = {t.code: _tornado(t) for t in result.tornado_indicators}
    return tuple(
        IndicatorChance(
            indicator=i.code,
            name=i.name,
            unit=i.unit,
            objective=i.objective,
            target=i.target,
            target_date=i.target_date,
            baseline=i.baseline,
            current=i.current,
            planned=i.value.planned if i.value else None,
            p10=i.value.p10 if i.value else None,
            p50=i.value.p50 if i.value else None,
            p90=i.value.p90 if i.value else None,
            p_target_met=_p(i.p_target_met),
            simulated=i.simulated,
            note=i.note,
            illustrative=i.illustrative,
            milestone=i.milestone,
            operations=i.operations,
            tornado=tornadoes.get(i.code),
        )
        for i in result.indicators
    )


def _objectives(result: SimulationResult) -> tuple[ObjectiveChance, ...]:
    return tuple(
        ObjectiveChance(
            o.code,
            o.title,
            round(o.p_achieved_or_mostly, 4),
            o.planned_rating,
            {k: round(v, 4) for k, v in o.ratings.items()},
        )
        for o in result.objectives
    )


def _projects(result: SimulationResult) -> tuple[ProjectCompletion, ...]:
    return tuple(
        ProjectCompletion(
            project=o.id,
            name=o.name,
            reference_class=o.reference_class,
            instrument=o.instrument,
            status=o.status,
            planned_approval=o.planned_approval,
            p50_approval=o.approval_p50,
            planned_completion=o.planned_completion,
            p10_completion=o.completion_p10,
            p50_completion=o.completion_p50,
            p90_completion=o.completion_p90,
            p_complete_in_period=round(o.p_complete_in_period, 4),
            p_approved_in_period=_p(o.p_approved_in_period),
            p_dropped=round(o.p_dropped, 4),
            cost_ratio_p50=round(o.cost_ratio_p50, 4),
            illustrative=o.illustrative,
        )
        for o in result.operations
    )


def _tornado(t: Tornado) -> TornadoChart:
    return TornadoChart(
        t.output,
        t.code,
        t.unit,
        t.planned,
        t.mean,
        round(t.shortfall, 4),
        tuple(TornadoDriver(b.driver, b.low, b.high, b.swing) for b in t.bars),
    )


def _totals(result: SimulationResult) -> Totals:
    inside, after = result.disbursed_in_period, result.disbursed_after_period
    return Totals(
        _usd(inside.planned), _usd(inside.p10), _usd(inside.p50), _usd(inside.p90), _usd(after.planned), _usd(after.p50)
    )


def _change(base: SimulationResult, other: SimulationResult) -> Change:
    def days(a: date | None, b: date | None) -> int | None:
        return None if a is None or b is None else (b - a).days

    return Change(
        disbursements_by_fy=tuple(
            ChangeByYear(b.fy, _usd(o.disbursed.p50 - b.disbursed.p50))
            for b, o in zip(base.fiscal_years, other.fiscal_years, strict=True)
        ),
        p50_in_period=_usd(other.disbursed_in_period.p50 - base.disbursed_in_period.p50),
        indicators=tuple(
            ChangeOfIndicator(
                b.code,
                None if b.p_target_met is None or o.p_target_met is None else round(o.p_target_met - b.p_target_met, 4),
            )
            for b, o in zip(base.indicators, other.indicators, strict=True)
        ),
        objectives=tuple(
            ChangeOfObjective(b.code, round(o.p_achieved_or_mostly - b.p_achieved_or_mostly, 4))
            for b, o in zip(base.objectives, other.objectives, strict=True)
        ),
        projects=tuple(
            ChangeOfProject(b.id, days(b.completion_p50, o.completion_p50), round(o.p_dropped - b.p_dropped, 4))
            for b, o in zip(base.operations, other.operations, strict=True)
        ),
    )


def build_report(
    baseline: SimulationResult,
    *,
    seed: int,
    assumptions: Assumptions,
    scenarios: Sequence[tuple[AppliedScenario, str, SimulationResult]] = (),
) -> SimulationReport:
    """Assemble the report from the baseline and each scenario's result (scenario, its file, result)."""
    outcomes = []
    for applied, file, result in scenarios:
        s = applied.scenario
        outcomes.append(
            ScenarioOutcome(
                name=s.name,
                title=s.title,
                description=s.description,
                file=file,
                starts=s.starts,
                size=tuple(size.model_dump(exclude_none=True) for size in s.size),
                hits=applied.hits,
                sources=s.sources,
                totals=_totals(result),
                disbursements_by_fy=_disbursements(result),
                commitments_by_fy=_commitments(result),
                envelope_by_fy=_envelope(result),
                indicators=_indicators(result),
                objectives=_objectives(result),
                projects=_projects(result),
                tornado=_tornado(result.tornado),
                vs_baseline=_change(baseline, result),
            )
        )
    return SimulationReport(
        programme=baseline.programme,
        title=baseline.title,
        as_of=baseline.as_of,
        runs=baseline.runs,
        seed=seed,
        chunk_size=baseline.chunk_size,
        period_end=baseline.period_end,
        totals=_totals(baseline),
        disbursements_by_fy=_disbursements(baseline),
        commitments_by_fy=_commitments(baseline),
        envelope_by_fy=_envelope(baseline),
        indicators=_indicators(baseline),
        objectives=_objectives(baseline),
        projects=_projects(baseline),
        tornado=_tornado(baseline.tornado),
        tornado_disbursements=_tornado(baseline.tornado_disbursements),
        assumptions=assumptions,
        scenarios=tuple(outcomes),
    )


def settings_summary(settings: SimulationSettings, classes: tuple[ReferenceClassUsed, ...]) -> Assumptions:
    """The assumptions block of a report."""
    return Assumptions(
        settings.country_correlation,
        settings.sector_correlation,
        settings.start_duration_correlation,
        settings.start_cost_correlation,
        settings.cost_duration_correlation,
        settings.additional_financing_share,
        classes,
    )
