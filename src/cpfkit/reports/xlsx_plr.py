"""The Performance and Learning Review as a workbook: portfolio, envelope, objectives, flags, lessons."""

from __future__ import annotations

from openpyxl import Workbook

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
        f"Performance and Learning Review — {report.report.programme_title}",
        [
            *report_header(report.report),
            ("operations approved", tot.operations),
            ("committed (US$)", tot.commitments_usd),
            ("net committed (US$)", tot.net_commitments_usd),
            ("disbursed (US$)", tot.disbursed_usd),
            ("disbursed share", tot.disbursed_share),
            ("pipeline operations", tot.pipeline_operations),
            ("pipeline (US$)", tot.pipeline_usd),
            ("envelope (US$)", env.envelope_usd),
            ("approved in the period against the envelope (US$)", env.committed_usd),
            ("envelope used (share)", env.utilisation),
            *((f"indicators {k}", v) for k, v in fw.status_counts.items()),
        ],
    )
    portfolio_sheets(book, report, refs)
    if env.envelope_usd is not None:
        sheet(
            book,
            "Envelope",
            [
                Column("fiscal year", 10),
                Column("envelope (US$)", 16, "usd"),
                Column("committed (US$)", 16, "usd"),
                Column("headroom (US$)", 16, "usd"),
                Column("used", 9, "pct"),
                Column("pipeline (US$)", 16, "usd"),
                Column("approvals", 40),
            ],
            [
                [y.label, y.envelope_usd, y.committed_usd, y.headroom_usd, y.utilisation, y.pipeline_usd, y.approvals]
                for y in env.fiscal_years
            ],
        )
    objectives_sheet(book, fw, "Objective progress")
    flagged = [Column("area", 7), Column("objective", 9), *INDICATOR_COLUMNS[2:], Column("gap", 9, "pct")]
    off = [
        [f.priority_area, f.objective, *indicator_row("", "", f.indicator, refs)[2:], f.gap] for f in report.off_track
    ]
    sheet(book, "Off track", flagged, off)
    missing = [
        [f.priority_area, f.objective, *indicator_row("", "", f.indicator, refs)[2:], None] for f in report.without_data
    ]
    sheet(book, "No data", flagged, missing)
    indicators_sheet(book, "Indicators", fw, refs)
    notes_sheet(
        book,
        "Adjustments and lessons",
        [("summary", report.summary), ("proposed adjustments", report.adjustments), ("lessons", report.lessons)],
    )
    sources_sheet(book, report.sources)
