"""The results matrix as data: priority area → objective → indicators, with progress and status on a date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cpfkit.metrics.framework import FrameworkResults, evaluate_framework
from cpfkit.model import ProgrammeData
from cpfkit.model.reviews import RatingOverride
from cpfkit.reports.common import ReportInfo, SourceList, framework_sources, project_names, report_info
from cpfkit.reports.language import N_

__all__ = ["ResultsMatrix", "results_matrix"]


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
    framework_sources(sources, framework)
    return ResultsMatrix(
        report=report_info("results-matrix", N_("Results matrix"), data.programme, as_of),
        framework=framework,
        project_names=project_names(data),
        sources=sources.entries,
    )
