"""The tables of the Completion and Learning Review's workbook that only it has: headline results, own operations."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook

from cpfkit.reports.completion_review import CompletionReview
from cpfkit.reports.language import N_, _
from cpfkit.reports.workbook import Column, sheet

__all__ = ["headline_results_sheet", "operations_sheet"]


def headline_results_sheet(book: Workbook, report: CompletionReview, refs: Callable[..., str]) -> None:
    """Each headline result: what was achieved against the target, as published, and who delivered it."""
    results = [
        [
            r.code,
            r.indicator,
            r.unit,
            r.value,
            r.actual_date,
            r.lower,
            r.upper,
            r.baseline,
            r.target,
            r.target_date,
            r.progress,
            "yes" if r.met else "no",
            r.published,
            r.projects,
            "yes" if r.illustrative else "",
            "yes" if r.target_illustrative else "",
            refs(r.sources),
        ]
        for r in report.results
    ]
    sheet(
        book,
        N_("Headline results"),
        [
            Column(N_("indicator"), 10),
            Column(N_("result"), 50),
            Column(N_("unit"), 14),
            Column(N_("achieved"), 15, "num"),
            Column(N_("date"), 12, "date"),
            Column(N_("lower bound"), 14, "num"),
            Column(N_("upper bound"), 14, "num"),
            Column(N_("baseline"), 13, "num"),
            Column(N_("target"), 14, "num"),
            Column(N_("target date"), 12, "date"),
            Column(N_("share of target"), 10, "pct"),
            Column(N_("met"), 6),
            Column(N_("as published"), 44),
            Column(N_("operations"), 26),
            Column(N_("illustrative value"), 10),
            Column(N_("illustrative target"), 10),
            Column(N_("sources"), 10),
        ],
        results,
        illustrative=lambda r, c: (
            (results[r][14] == "yes" and c in (3, 5, 6, 14)) or (results[r][15] == "yes" and c in (7, 8, 15))
        ),
    )


def operations_sheet(book: Workbook, report: CompletionReview, refs: Callable[..., str]) -> None:
    """The programme's own operations with their money, and their total."""
    ops = [
        [
            p.id,
            p.name,
            p.institution,
            p.approval,
            p.commitment_usd,
            p.net_commitment_usd,
            p.disbursed_usd,
            "yes" if p.illustrative else "",
            refs([p.source]),
        ]
        for p in report.projects
    ]
    ops.append(
        [
            "total",
            _("%(num)d own operations") % {"num": report.own_operations},
            None,
            None,
            report.own_commitments_usd,
            report.own_net_commitments_usd,
            report.own_disbursed_usd,
            "",
            "",
        ]
    )
    sheet(
        book,
        N_("Operations"),
        [
            Column(N_("operation"), 22),
            Column(N_("name"), 60),
            Column(N_("institution"), 10),
            Column(N_("approved"), 12, "date"),
            Column(N_("committed (US$)"), 16, "usd"),
            Column(N_("net committed (US$)"), 16, "usd"),
            Column(N_("disbursed (US$)"), 16, "usd"),
            Column(N_("illustrative"), 10),
            Column(N_("sources"), 9),
        ],
        ops,
        illustrative=lambda r, c: ops[r][7] == "yes" and c in (4, 7),
    )
