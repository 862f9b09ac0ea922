"""The portfolio in the review workbooks: money by priority area, and every operation the review counts."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook

from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.language import N_
from cpfkit.reports.performance_review import PerformanceReview
from cpfkit.reports.workbook import Column, sheet

__all__ = ["portfolio_sheets"]


def portfolio_sheets(book: Workbook, report: PerformanceReview | CompletionReview, refs: Callable[..., str]) -> None:
    """The money by priority area, and the portfolio of operations, as two sheets."""
    pf = report.portfolio
    money = [
        Column(N_("operations"), 10, "int"),
        Column(N_("committed (US$)"), 16, "usd"),
        Column(N_("net committed (US$)"), 16, "usd"),
        Column(N_("disbursed (US$)"), 16, "usd"),
        Column(N_("disbursed in the period (US$)"), 16, "usd"),
        Column(N_("undisbursed (US$)"), 16, "usd"),
        Column(N_("disbursed share"), 10, "pct"),
        Column(N_("pipeline operations"), 10, "int"),
        Column(N_("pipeline (US$)"), 16, "usd"),
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
        N_("By priority area"),
        [Column(N_("area"), 7), Column(N_("title"), 46), *money, Column(N_("illustrative"), 10)],
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
        N_("Portfolio"),
        [
            Column(N_("operation"), 22),
            Column(N_("name"), 50),
            Column(N_("institution"), 10),
            Column(N_("instrument"), 12),
            Column(N_("status"), 10),
            Column(N_("approved"), 12, "date"),
            Column(N_("closing"), 12, "date"),
            Column(N_("committed (US$)"), 16, "usd"),
            Column(N_("net committed (US$)"), 16, "usd"),
            Column(N_("disbursed (US$)"), 16, "usd"),
            Column(N_("disbursed in the period (US$)"), 16, "usd"),
            Column(N_("undisbursed (US$)"), 16, "usd"),
            Column(N_("disbursed share"), 10, "pct"),
            Column(N_("areas"), 12),
            Column(N_("objectives"), 14),
            Column(N_("carried over from"), 14),
            Column(N_("illustrative"), 10),
            Column(N_("sources"), 9),
        ],
        ops,
        illustrative=lambda r, c: ops[r][16] == "yes" and c in (7, 16),
    )
