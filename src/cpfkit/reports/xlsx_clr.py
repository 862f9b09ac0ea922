"""The Completion and Learning Review as a workbook: results, operations, portfolio, ratings, lessons."""

from __future__ import annotations

from openpyxl import Workbook

from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.workbook import (
    Column,
    about_sheet,
    notes_sheet,
    report_header,
    sheet,
    source_numbers,
    sources_sheet,
)
from cpfkit.reports.xlsx_clr_tables import headline_results_sheet, operations_sheet
from cpfkit.reports.xlsx_framework import indicators_sheet, objectives_sheet
from cpfkit.reports.xlsx_portfolio import portfolio_sheets

__all__ = ["clr_sheets"]


def clr_sheets(book: Workbook, report: CompletionReview) -> None:
    """Write the sheets of a Completion and Learning Review into ``book``."""
    refs = source_numbers(report.sources)
    fw = report.framework
    do, wp = fw.development_outcome, fw.wbg_performance
    about_sheet(
        book,
        f"Completion and Learning Review — {report.report.programme_title}",
        [
            *report_header(report.report),
            ("own operations", report.own_operations),
            ("own commitments (US$)", report.own_commitments_usd),
            ("own net commitments (US$)", report.own_net_commitments_usd),
            ("own operations disbursed (US$)", report.own_disbursed_usd),
            ("headline results met", sum(1 for r in report.results if r.met)),
            ("headline results", len(report.results)),
            *((f"objectives rated {k}", v) for k, v in fw.rating_counts.items()),
            ("development outcome (suggested)", do.suggested),
            ("development outcome (rating of record)", do.rating),
            ("World Bank Group performance", wp.rating),
        ],
    )
    headline_results_sheet(book, report, refs)
    operations_sheet(book, report, refs)
    portfolio_sheets(book, report, refs)
    objectives_sheet(book, fw, "Objective ratings")
    sheet(
        book,
        "Overall ratings",
        [
            Column("rating", 32),
            Column("suggested", 16),
            Column("rating of record", 16),
            Column("override", 9),
            Column("justification", 60),
            Column("rated by", 16),
            Column("decided on", 12, "date"),
        ],
        [
            [name, x.suggested, x.rating, "yes" if x.overridden else "", x.justification, x.rated_by, x.decided_on]
            for name, x in (("development outcome", do), ("World Bank Group performance", wp))
        ],
        filter_rows=False,
    )
    indicators_sheet(book, "Indicators", fw, refs)
    notes_sheet(book, "Lessons", [("summary", report.summary), ("lessons", report.lessons)])
    sources_sheet(book, report.sources)
