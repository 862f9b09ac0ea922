"""The Completion and Learning Review (CLR) as data: what the programme delivered, its results and ratings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cpfkit.metrics.areas import PortfolioByArea, portfolio_by_area
from cpfkit.metrics.framework import FrameworkResults, evaluate_framework
from cpfkit.metrics.progress import Status
from cpfkit.model import FxRates, ProgrammeData, Qualifier
from cpfkit.model.base import Num
from cpfkit.model.reviews import NoteSection, RatingOverride, ReviewKind, ReviewNote
from cpfkit.reports.common import ReportInfo, SourceList, framework_sources, note_of, project_names, report_info
from cpfkit.reports.completion import DeliveredProject, completion_summary
from cpfkit.reports.language import N_

__all__ = ["ClrResult", "CompletionReview", "completion_review"]


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
    framework_sources(sources, framework)
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
        report=report_info("clr", N_("Completion and Learning Review"), data.programme, as_of),
        framework=framework,
        portfolio=portfolio_by_area(data, fx, as_of),
        summary=note_of(notes, ReviewKind.CLR, NoteSection.SUMMARY),
        lessons=note_of(notes, ReviewKind.CLR, NoteSection.LESSONS),
        project_names=project_names(data),
        illustrative_figures=illustrative,
    )
