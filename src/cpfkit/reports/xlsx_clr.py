"""The Completion and Learning Review as a workbook: results, operations, portfolio, ratings, lessons."""

from __future__ import annotations

from openpyxl import Workbook

from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.language import N_, _
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
        f"{_('Completion and Learning Review')} — {report.report.programme_title}",
        [
            *report_header(report.report),
            (N_("own operations"), report.own_operations),
            (N_("own commitments (US$)"), report.own_commitments_usd),
            (N_("own net commitments (US$)"), report.own_net_commitments_usd),
            (N_("own operations disbursed (US$)"), report.own_disbursed_usd),
            (N_("headline results met"), sum(1 for r in report.results if r.met)),
            (N_("headline results"), len(report.results)),
            *((_("objectives rated %(rating)s") % {"rating": _(k)}, v) for k, v in fw.rating_counts.items()),
            (N_("development outcome (suggested)"), do.suggested),
            (N_("development outcome (rating of record)"), do.rating),
            (N_("World Bank Group performance"), wp.rating),
        ],
    )
    headline_results_sheet(book, report, refs)
    operations_sheet(book, report, refs)
    portfolio_sheets(book, report, refs)
    objectives_sheet(book, fw, N_("Objective ratings"))
    sheet(
        book,
        N_("Overall ratings"),
        [
            Column(N_("rating"), 32),
            Column(N_("suggested"), 16),
            Column(N_("rating of record"), 16),
            Column(N_("override"), 9),
            Column(N_("justification"), 60),
            Column(N_("rated by"), 16),
            Column(N_("decided on"), 12, "date"),
        ],
        [
            [name, x.suggested, x.rating, "yes" if x.overridden else "", x.justification, x.rated_by, x.decided_on]
            for name, x in ((_("development outcome"), do), (_("World Bank Group performance"), wp))
        ],
        filter_rows=False,
    )
    indicators_sheet(book, N_("Indicators"), fw, refs)
    notes_sheet(book, N_("Lessons"), [(N_("summary"), report.summary), (N_("lessons"), report.lessons)])
    sources_sheet(book, report.sources)
