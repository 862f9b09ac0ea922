"""The Performance and Learning Review as a workbook: portfolio, envelope, objectives, flags, lessons."""

from __future__ import annotations

from openpyxl import Workbook

from cpfkit.reports.formatting import fiscal_years
from cpfkit.reports.language import N_, _
from cpfkit.reports.performance_review import PerformanceReview
from cpfkit.reports.workbook import (
    Column,
    about_sheet,
    notes_sheet,
    report_header,
    sheet,
    source_numbers,
    sources_sheet,
)
from cpfkit.reports.xlsx_framework import INDICATOR_COLUMNS, indicator_row, indicators_sheet, objectives_sheet
from cpfkit.reports.xlsx_portfolio import portfolio_sheets

__all__ = ["plr_sheets"]


def plr_sheets(book: Workbook, report: PerformanceReview) -> None:
    """Write the sheets of a Performance and Learning Review into ``book``."""
    refs = source_numbers(report.sources)
    tot, env, fw = report.portfolio.total, report.envelope, report.framework
    about_sheet(
        book,
        f"{_('Performance and Learning Review')} — {report.report.programme_title}",
        [
            *report_header(report.report),
            (N_("operations approved"), tot.operations),
            (N_("committed (US$)"), tot.commitments_usd),
            (N_("net committed (US$)"), tot.net_commitments_usd),
            (N_("disbursed (US$)"), tot.disbursed_usd),
            (N_("disbursed share"), tot.disbursed_share),
            (N_("pipeline operations"), tot.pipeline_operations),
            (N_("pipeline (US$)"), tot.pipeline_usd),
            (N_("envelope (US$)"), env.envelope_usd),
            (N_("approved in the period against the envelope (US$)"), env.committed_usd),
            (N_("envelope used (share)"), env.utilisation),
            *((_("indicators %(status)s") % {"status": _(k)}, v) for k, v in fw.status_counts.items()),
        ],
    )
    portfolio_sheets(book, report, refs)
    if env.envelope_usd is not None:
        sheet(
            book,
            N_("Envelope"),
            [
                Column(N_("fiscal year"), 10),
                Column(N_("envelope (US$)"), 16, "usd"),
                Column(N_("committed (US$)"), 16, "usd"),
                Column(N_("headroom (US$)"), 16, "usd"),
                Column(N_("used"), 9, "pct"),
                Column(N_("pipeline (US$)"), 16, "usd"),
                Column(N_("approvals"), 40),
            ],
            [
                [
                    fiscal_years(y.label),
                    y.envelope_usd,
                    y.committed_usd,
                    y.headroom_usd,
                    y.utilisation,
                    y.pipeline_usd,
                    y.approvals,
                ]
                for y in env.fiscal_years
            ],
        )
    objectives_sheet(book, fw, N_("Objective progress"))
    flagged = [Column(N_("area"), 7), Column(N_("objective"), 9), *INDICATOR_COLUMNS[2:], Column(N_("gap"), 9, "pct")]
    off = [
        [f.priority_area, f.objective, *indicator_row("", "", f.indicator, refs)[2:], f.gap] for f in report.off_track
    ]
    sheet(book, N_("Off track"), flagged, off)
    missing = [
        [f.priority_area, f.objective, *indicator_row("", "", f.indicator, refs)[2:], None] for f in report.without_data
    ]
    sheet(book, N_("No data"), flagged, missing)
    indicators_sheet(book, N_("Indicators"), fw, refs)
    notes_sheet(
        book,
        N_("Adjustments and lessons"),
        [
            (N_("summary"), report.summary),
            (N_("proposed adjustments"), report.adjustments),
            (N_("lessons"), report.lessons),
        ],
    )
    sources_sheet(book, report.sources)
