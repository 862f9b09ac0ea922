"""The standard reports as data: the results matrix, the Performance and Learning Review (PLR), the CLR.

CLR: the Completion and Learning Review.
Each builder computes every figure from the programme's stored records at the
as-of date (through the engines in :mod:`cpfkit.metrics`) and returns one
frozen value; :mod:`cpfkit.reports.render` turns it into HTML, PDF, XLSX or
JSON, so every format shows the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpfkit.metrics.areas import PortfolioByArea, portfolio_by_area
from cpfkit.metrics.envelope import EnvelopeReport, envelope_use
from cpfkit.metrics.framework import FrameworkResults, evaluate_framework
from cpfkit.metrics.progress import IndicatorProgress, Status
from cpfkit.model import FxRates, ProgrammeData, Qualifier
from cpfkit.model.base import Num
from cpfkit.model.reviews import NoteSection, RatingOverride, ReviewKind, ReviewNote
from cpfkit.reports.common import ReportInfo, SourceList, note_of, report_info
from cpfkit.reports.completion import DeliveredProject, completion_summary

__all__ = [
    "REPORT_KINDS",
    "ClrResult",
    "CompletionReview",
    "FlaggedIndicator",
    "PerformanceReview",
    "ResultsMatrix",
    "completion_review",
    "performance_review",
    "results_matrix",
]

REPORT_KINDS = ("results-matrix", "plr", "clr")
"""The reports cpfkit builds, by the name the CLI and the API use."""


def _names(data: ProgrammeData) -> dict[str, str]:
    return {p.id: p.name for p in data.projects}


def _framework_sources(sources: SourceList, framework: FrameworkResults) -> None:
    for _, _, indicator in framework.indicators():
        sources.refs(indicator.sources)


@dataclass(frozen=True)
class ResultsMatrix:
    """Priority area → objective → indicators, with baseline, target, latest actual, progress and status."""

    report: ReportInfo
    framework: FrameworkResults
    project_names: dict[str, str]
    sources: tuple[str, ...]


def results_matrix(data: ProgrammeData, as_of: date, overrides: Sequence[RatingOverride] = ()) -> ResultsMatrix:
    """The results matrix of a programme on a date."""
    framework = evaluate_framework(data, as_of, overrides)
    sources = SourceList()
    sources.refs([data.programme.source])
    _framework_sources(sources, framework)
    return ResultsMatrix(
        report=report_info("results-matrix", "Results matrix", data.programme, as_of),
        framework=framework,
        project_names=_names(data),
        sources=sources.entries,
    )


@dataclass(frozen=True)
class FlaggedIndicator:
    """An indicator a review draws attention to, with where it sits and how far it is behind."""

    priority_area: str
    objective: str
    objective_title: str
    indicator: IndicatorProgress
    gap: Num | None


@dataclass(frozen=True)
class PerformanceReview:
    """The Performance and Learning Review: the portfolio and the results at mid-term, and what to adjust.

    ``off_track`` lists the indicators off track, furthest behind first (``gap`` =
    expected − capped progress); ``without_data`` those with no actual although
    an operation serving them is under way.
    """

    report: ReportInfo
    portfolio: PortfolioByArea
    envelope: EnvelopeReport
    framework: FrameworkResults
    off_track: tuple[FlaggedIndicator, ...]
    without_data: tuple[FlaggedIndicator, ...]
    summary: ReviewNote | None
    adjustments: ReviewNote | None
    lessons: ReviewNote | None
    project_names: dict[str, str]
    sources: tuple[str, ...]


def performance_review(
    data: ProgrammeData,
    fx: FxRates,
    as_of: date,
    overrides: Sequence[RatingOverride] = (),
    notes: Sequence[ReviewNote] = (),
) -> PerformanceReview:
    """The Performance and Learning Review of a programme on a date."""
    framework = evaluate_framework(data, as_of, overrides)
    portfolio = portfolio_by_area(data, fx, as_of)
    off: list[FlaggedIndicator] = []
    missing: list[FlaggedIndicator] = []
    for area, objective, indicator in framework.indicators():
        if indicator.status is Status.OFF_TRACK:
            gap = (indicator.expected or Decimal(0)) - (indicator.progress_capped or Decimal(0))
            off.append(FlaggedIndicator(area.code, objective.code, objective.title, indicator, gap))
        elif indicator.status is Status.NO_DATA and indicator.note is None:
            missing.append(FlaggedIndicator(area.code, objective.code, objective.title, indicator, None))
    off.sort(key=lambda f: -(f.gap or Decimal(0)))
    sources = SourceList()
    sources.refs([data.programme.source])
    sources.refs(o.source for o in portfolio.operations)
    _framework_sources(sources, framework)
    return PerformanceReview(
        report=report_info("plr", "Performance and Learning Review", data.programme, as_of),
        portfolio=portfolio,
        envelope=envelope_use(data, fx, as_of),
        framework=framework,
        off_track=tuple(off),
        without_data=tuple(missing),
        summary=note_of(notes, ReviewKind.PLR, NoteSection.SUMMARY),
        adjustments=note_of(notes, ReviewKind.PLR, NoteSection.ADJUSTMENTS),
        lessons=note_of(notes, ReviewKind.PLR, NoteSection.LESSONS),
        project_names=_names(data),
        sources=sources.entries,
    )


@dataclass(frozen=True)
class ClrResult:
    """A headline result at completion: the completion summary's fields, with target and progress."""

    code: str
    indicator: str
    value: Num | None
    unit: str
    published: str | None
    lower: Num | None
    upper: Num | None
    projects: tuple[str, ...]
    sources: tuple[str, ...]
    illustrative: bool
    objective: str
    baseline: Num | None
    target: Num | None
    target_date: date | None
    actual_date: date | None
    progress: Num | None
    progress_capped: Num | None
    expected: Num | None
    status: Status
    met: bool
    target_illustrative: bool
    qualifier: Qualifier | None = None


@dataclass(frozen=True)
class CompletionReview:
    """The Completion and Learning Review.

    The first fields are those of the completion summary (``cpfkit report clr
    --json`` has always given them): operations delivered, commitments, each
    headline result with its operations and sources, and every source cited
    (``sources``; reports number them from 1 in this order).  Then the objective
    ratings (``framework``), the portfolio by priority area and the written
    sections.
    """

    programme: str
    title: str
    as_of: date
    own_operations: int
    own_commitments_usd: Num
    own_net_commitments_usd: Num
    own_disbursed_usd: Num
    projects: tuple[DeliveredProject, ...]
    results: tuple[ClrResult, ...]
    sources: tuple[str, ...]
    report: ReportInfo
    framework: FrameworkResults
    portfolio: PortfolioByArea
    summary: ReviewNote | None
    lessons: ReviewNote | None
    project_names: dict[str, str]
    illustrative_figures: int


def completion_review(
    data: ProgrammeData,
    fx: FxRates,
    as_of: date,
    overrides: Sequence[RatingOverride] = (),
    notes: Sequence[ReviewNote] = (),
) -> CompletionReview:
    """The Completion and Learning Review of a programme on a date."""
    summary = completion_summary(data, fx, as_of)
    framework = evaluate_framework(data, as_of, overrides)
    progress = {i.code: (o.code, i) for _, o, i in framework.indicators()}
    results = []
    for r in summary.results:
        objective, p = progress[r.code]
        results.append(
            ClrResult(
                code=r.code,
                indicator=r.indicator,
                value=r.value,
                unit=r.unit,
                published=r.published,
                lower=r.lower,
                upper=r.upper,
                projects=r.projects,
                sources=r.sources,
                illustrative=r.illustrative,
                objective=objective,
                baseline=p.baseline,
                target=p.target,
                target_date=p.target_date,
                actual_date=p.actual_date,
                progress=p.progress,
                progress_capped=p.progress_capped,
                expected=p.expected,
                status=p.status,
                met=p.met,
                target_illustrative=p.target_illustrative,
                qualifier=r.qualifier,
            )
        )
    sources = SourceList()
    sources.refs(summary.sources)
    _framework_sources(sources, framework)
    illustrative = (
        sum(1 for p in summary.projects if p.illustrative)
        + sum(1 for r in results if r.illustrative)
        + sum(1 for _, _, i in framework.indicators() if i.actual_illustrative and not i.headline)
    )
    return CompletionReview(
        programme=summary.programme,
        title=summary.title,
        as_of=summary.as_of,
        own_operations=summary.own_operations,
        own_commitments_usd=summary.own_commitments_usd,
        own_net_commitments_usd=summary.own_net_commitments_usd,
        own_disbursed_usd=summary.own_disbursed_usd,
        projects=summary.projects,
        results=tuple(results),
        sources=sources.entries,
        report=report_info("clr", "Completion and Learning Review", data.programme, as_of),
        framework=framework,
        portfolio=portfolio_by_area(data, fx, as_of),
        summary=note_of(notes, ReviewKind.CLR, NoteSection.SUMMARY),
        lessons=note_of(notes, ReviewKind.CLR, NoteSection.LESSONS),
        project_names=_names(data),
        illustrative_figures=illustrative,
    )
