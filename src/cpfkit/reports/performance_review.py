"""The Performance and Learning Review (PLR) as data: the portfolio and the results at mid-term, what to adjust."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpfkit.metrics.areas import PortfolioByArea, portfolio_by_area
from cpfkit.metrics.envelope import EnvelopeReport, envelope_use
from cpfkit.metrics.framework import FrameworkResults, evaluate_framework
from cpfkit.metrics.progress import IndicatorProgress, Status
from cpfkit.model import FxRates, ProgrammeData
from cpfkit.model.base import Num
from cpfkit.model.reviews import NoteSection, RatingOverride, ReviewKind, ReviewNote
from cpfkit.reports.common import ReportInfo, SourceList, framework_sources, note_of, project_names, report_info
from cpfkit.reports.language import N_

__all__ = ["FlaggedIndicator", "PerformanceReview", "performance_review"]


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
    framework_sources(sources, framework)
    return PerformanceReview(
        report=report_info("plr", N_("Performance and Learning Review"), data.programme, as_of),
        portfolio=portfolio,
        envelope=envelope_use(data, fx, as_of),
        framework=framework,
        off_track=tuple(off),
        without_data=tuple(missing),
        summary=note_of(notes, ReviewKind.PLR, NoteSection.SUMMARY),
        adjustments=note_of(notes, ReviewKind.PLR, NoteSection.ADJUSTMENTS),
        lessons=note_of(notes, ReviewKind.PLR, NoteSection.LESSONS),
        project_names=project_names(data),
        sources=sources.entries,
    )
