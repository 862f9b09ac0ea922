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
from typing import TYPE_CHECKING

from cpfkit.model.base import Num
from cpfkit.reports.simulation_assumptions import Assumptions, ReferenceClassUsed, settings_summary
from cpfkit.reports.simulation_chances import IndicatorChance, ObjectiveChance, indicator_chances, objective_chances
from cpfkit.reports.simulation_change import Change, change
from cpfkit.reports.simulation_completion import ProjectCompletion, completions
from cpfkit.reports.simulation_rounding import dollars, share
from cpfkit.reports.simulation_tornado import TornadoChart, tornado_chart
from cpfkit.reports.simulation_years import CommitmentYear, DisbursementYear, Totals, commitments, disbursements, totals

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.outcomes import Band, SimulationResult
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
    "settings_summary",
]


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


def _envelope(result: SimulationResult) -> tuple[EnvelopeYear, ...]:
    out = []
    for y in result.fiscal_years:
        use: Band | None = y.utilisation
        out.append(
            EnvelopeYear(
                y.fy,
                y.label,
                dollars(y.envelope) if y.envelope is not None else None,
                dollars(y.covered.planned),
                dollars(y.covered.p10),
                dollars(y.covered.p50),
                dollars(y.covered.p90),
                share(use.planned) if use else None,
                share(use.p10) if use else None,
                share(use.p50) if use else None,
                share(use.p90) if use else None,
                share(y.p_over_envelope),
            )
        )
    return tuple(out)


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
                totals=totals(result),
                disbursements_by_fy=disbursements(result),
                commitments_by_fy=commitments(result),
                envelope_by_fy=_envelope(result),
                indicators=indicator_chances(result),
                objectives=objective_chances(result),
                projects=completions(result),
                tornado=tornado_chart(result.tornado),
                vs_baseline=change(baseline, result),
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
        totals=totals(baseline),
        disbursements_by_fy=disbursements(baseline),
        commitments_by_fy=commitments(baseline),
        envelope_by_fy=_envelope(baseline),
        indicators=indicator_chances(baseline),
        objectives=objective_chances(baseline),
        projects=completions(baseline),
        tornado=tornado_chart(baseline.tornado),
        tornado_disbursements=tornado_chart(baseline.tornado_disbursements),
        assumptions=assumptions,
        scenarios=tuple(outcomes),
    )
