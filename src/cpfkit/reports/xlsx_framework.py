"""The results framework in the report workbooks: the indicator table and the objective table.

Every report shows them; the Performance and Learning Review also lists the
indicators off track or without data, with the same columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl import Workbook

from cpfkit.metrics.framework import FrameworkResults
from cpfkit.metrics.progress import IndicatorProgress
from cpfkit.reports.language import N_
from cpfkit.reports.workbook import Column, sheet

__all__ = ["INDICATOR_COLUMNS", "indicator_row", "indicators_sheet", "objectives_sheet"]

INDICATOR_COLUMNS = [
    Column(N_("area"), 7),
    Column(N_("objective"), 9),
    Column(N_("indicator"), 10),
    Column(N_("name"), 48),
    Column(N_("level"), 13),
    Column(N_("unit"), 14),
    Column(N_("aggregation"), 14),
    Column(N_("direction"), 10),
    Column(N_("baseline"), 13, "num"),
    Column(N_("baseline date"), 12, "date"),
    Column(N_("target"), 13, "num"),
    Column(N_("target date"), 12, "date"),
    Column(N_("latest actual"), 14, "num"),
    Column(N_("actual date"), 12, "date"),
    Column(N_("lower bound"), 13, "num"),
    Column(N_("upper bound"), 13, "num"),
    Column(N_("overlap deducted"), 12, "num"),
    Column(N_("progress"), 10, "pct"),
    Column(N_("progress (capped)"), 10, "pct"),
    Column(N_("expected"), 10, "pct"),
    Column(N_("status"), 12),
    Column(N_("target met"), 8),
    Column(N_("note"), 24),
    Column(N_("contributing operations"), 30),
    Column(N_("illustrative value"), 10),
    Column(N_("illustrative baseline/target"), 12),
    Column(N_("sources"), 10),
    Column(N_("actual bound"), 10),
    Column(N_("progress bound"), 10),
]


def indicator_row(area: str, objective: str, i: IndicatorProgress, refs: Callable[..., str]) -> list[Any]:
    """A row of the indicator table: the indicator of ``objective`` in ``area``, ``refs`` numbering its sources."""
    return [
        area,
        objective,
        i.code,
        i.name,
        i.kind,
        i.unit,
        i.aggregation,
        i.direction,
        i.baseline,
        i.baseline_date,
        i.target,
        i.target_date,
        i.actual,
        i.actual_date,
        i.lower,
        i.upper,
        i.overlap_deducted,
        i.progress,
        i.progress_capped,
        i.expected,
        i.status.value,
        "yes" if i.met else "no",
        i.note,
        i.projects,
        "yes" if i.actual_illustrative else "",
        "yes" if i.target_illustrative else "",
        refs(i.sources),
        i.qualifier.value if i.qualifier else "",  # at_least: published as "more than" (docs/definitions.md)
        i.progress_bound.value if i.progress_bound else "",
    ]


def indicators_sheet(book: Workbook, title: str, framework: FrameworkResults, refs: Callable[..., str]) -> None:
    """Every indicator of the framework as a sheet, illustrative figures shaded."""
    rows = [indicator_row(a.code, o.code, i, refs) for a, o, i in framework.indicators()]
    value_cols = {12, 13, 14, 15, 16, 17, 18, 19, 24}
    target_cols = {8, 9, 10, 11, 17, 18, 19, 25}

    def ill(r: int, c: int) -> bool:
        return (rows[r][24] == "yes" and c in value_cols) or (rows[r][25] == "yes" and c in target_cols)

    sheet(book, title, INDICATOR_COLUMNS, rows, illustrative=ill)


def objectives_sheet(book: Workbook, framework: FrameworkResults, title: str = N_("Objectives")) -> None:
    """Every objective with its progress and its rating (suggested, of record, overridden) as a sheet."""
    rows = [
        [
            a.code,
            o.code,
            o.title,
            o.status.value,
            len(o.indicators),
            len(o.rated_on),
            o.met,
            o.mean_progress,
            o.mean_expected,
            o.rating.suggested,
            o.rating.rating,
            "yes" if o.rating.overridden else "",
            o.rating.justification,
            o.rating.rated_by,
            o.rating.decided_on,
            o.supporting_projects,
        ]
        for a in framework.areas
        for o in a.objectives
    ]
    sheet(
        book,
        title,
        [
            Column(N_("area"), 7),
            Column(N_("objective"), 9),
            Column(N_("title"), 50),
            Column(N_("progress status"), 12),
            Column(N_("indicators"), 10, "int"),
            Column(N_("rated on (objective indicators)"), 12, "int"),
            Column(N_("met"), 7, "int"),
            Column(N_("mean progress"), 10, "pct"),
            Column(N_("mean expected"), 10, "pct"),
            Column(N_("suggested rating"), 18),
            Column(N_("rating of record"), 18),
            Column(N_("override"), 9),
            Column(N_("justification"), 50),
            Column(N_("rated by"), 16),
            Column(N_("decided on"), 12, "date"),
            Column(N_("operations serving it"), 30),
        ],
        rows,
    )
