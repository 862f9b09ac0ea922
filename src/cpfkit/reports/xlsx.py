"""The reports as Excel workbooks: one sheet per table, with number formats, frozen headers and column widths.

Money is in US dollars (whole dollars shown), progress and shares as
percentages of 1, dates as dates.  A figure resting on an illustrative record is
shaded and flagged in an "illustrative" column; the ``Sources`` sheet numbers the
sources the ``sources`` columns refer to.  The sheets of each review are in
:mod:`cpfkit.reports.xlsx_plr` and :mod:`cpfkit.reports.xlsx_clr`.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook

from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.language import N_, _
from cpfkit.reports.performance_review import PerformanceReview
from cpfkit.reports.results_matrix import ResultsMatrix
from cpfkit.reports.workbook import about_sheet, report_header, source_numbers, sources_sheet
from cpfkit.reports.xlsx_clr import clr_sheets
from cpfkit.reports.xlsx_framework import indicators_sheet, objectives_sheet
from cpfkit.reports.xlsx_plr import plr_sheets

__all__ = ["write_xlsx"]


def _matrix(book: Workbook, report: ResultsMatrix) -> None:
    refs = source_numbers(report.sources)
    fw = report.framework
    about_sheet(
        book,
        f"{_('Results matrix')} — {report.report.programme_title}",
        [
            *report_header(report.report),
            *((_("indicators %(status)s") % {"status": _(k)}, v) for k, v in fw.status_counts.items()),
        ],
    )
    indicators_sheet(book, N_("Results matrix"), fw, refs)
    objectives_sheet(book, fw)
    sources_sheet(book, report.sources)


def write_xlsx(report: ResultsMatrix | PerformanceReview | CompletionReview, path: Path | BinaryIO) -> None:
    """Write a report as an Excel workbook (to a path or a binary file)."""
    book = Workbook()
    if isinstance(report, CompletionReview):
        clr_sheets(book, report)
    elif isinstance(report, PerformanceReview):
        plr_sheets(book, report)
    else:
        _matrix(book, report)
    book.save(path)
