"""The portfolio in the review workbooks: money by priority area, and every operation the review counts."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook

from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.performance_review import PerformanceReview
from cpfkit.reports.workbook import Column, sheet

__all__ = ["portfolio_sheets"]


def portfolio_sheets(book: Workbook, report: PerformanceReview | CompletionReview, refs: Callable[..., str]) -> None:
    """The money by priority area, and the portfolio of operations, as two sheets."""
    pf = report.portfolio
    money = [
        Column("operations", 10, "int"),
        Column("committed (US$)", 16, "usd"),
        Column("net committed (US$)", 16, "usd"),
        Column("disbursed (US$)", 16, "usd"),
        Column("disbursed in the period (US$)", 16, "usd"),
        Column("undisbursed (US$)", 16, "usd"),
        Column("disbursed share", 10, "pct"),
        Column("pipeline operations", 10, "int"),
        Column("pipeline (US$)", 16, "usd"),
    ]
    rows = [
        [
            a.code,
            a.title,
            a.operations,
            a.commitments_usd,
            a.net_commitments_usd,
            a.disbursed_usd,
            a.disbursed_in_period_usd,
            a.undisbursed_usd,
            a.disbursed_share,
            a.pipeline_operations,
            a.pipeline_usd,
            "yes" if a.illustrative else "",
        ]
        for a in (*pf.areas, pf.total)
    ]
    sheet(
        book,
        "By priority area",
        [Column("area", 7), Column("title", 46), *money, Column("illustrative", 10)],
        rows,
        illustrative=lambda r, c: rows[r][-1] == "yes" and c == 11,
    )
    ops = [
        [
            o.id,
            o.name,
            o.institution,
            o.instrument,
            o.status,
            o.approval,
            o.closing,
            o.commitment_usd,
            o.net_commitment_usd,
            o.disbursed_usd,
            o.disbursed_in_period_usd,
            o.undisbursed_usd,
            o.disbursed_share,
            o.priority_areas,
            o.objectives,
            o.carried_from,
            "yes" if o.illustrative else "",
            refs([o.source]),
        ]
        for o in pf.operations
    ]
    sheet(
        book,
        "Portfolio",
        [
            Column("operation", 22),
            Column("name", 50),
            Column("institution", 10),
            Column("instrument", 12),
            Column("status", 10),
            Column("approved", 12, "date"),
            Column("closing", 12, "date"),
            Column("committed (US$)", 16, "usd"),
            Column("net committed (US$)", 16, "usd"),
            Column("disbursed (US$)", 16, "usd"),
            Column("disbursed in the period (US$)", 16, "usd"),
            Column("undisbursed (US$)", 16, "usd"),
            Column("disbursed share", 10, "pct"),
            Column("areas", 12),
            Column("objectives", 14),
            Column("carried over from", 14),
            Column("illustrative", 10),
            Column("sources", 9),
        ],
        ops,
        illustrative=lambda r, c: ops[r][16] == "yes" and c in (7, 16),
    )
