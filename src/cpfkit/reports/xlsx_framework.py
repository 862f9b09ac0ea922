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
from cpfkit.reports.workbook import Column, sheet

__all__ = ["INDICATOR_COLUMNS", "indicator_row", "indicators_sheet", "objectives_sheet"]

INDICATOR_COLUMNS = [
    Column("area", 7),
    Column("objective", 9),
    Column("indicator", 10),
    Column("name", 48),
    Column("level", 13),
    Column("unit", 14),
    Column("aggregation", 14),
    Column("direction", 10),
    Column("baseline", 13, "num"),
    Column("baseline date", 12, "date"),
    Column("target", 13, "num"),
    Column("target date", 12, "date"),
    Column("latest actual", 14, "num"),
    Column("actual date", 12, "date"),
    Column("lower bound", 13, "num"),
    Column("upper bound", 13, "num"),
    Column("overlap deducted", 12, "num"),
    Column("progress", 10, "pct"),
    Column("progress (capped)", 10, "pct"),
    Column("expected", 10, "pct"),
    Column("status", 12),
    Column("target met", 8),
    Column("note", 24),
    Column("contributing operations", 30),
    Column("illustrative value", 10),
    Column("illustrative baseline/target", 12),
    Column("sources", 10),
    Column("actual bound", 10),
    Column("progress bound", 10),
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


def objectives_sheet(book: Workbook, framework: FrameworkResults, title: str = "Objectives") -> None:
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
            Column("area", 7),
            Column("objective", 9),
            Column("title", 50),
            Column("progress status", 12),
            Column("indicators", 10, "int"),
            Column("rated on (objective indicators)", 12, "int"),
            Column("met", 7, "int"),
            Column("mean progress", 10, "pct"),
            Column("mean expected", 10, "pct"),
            Column("suggested rating", 18),
            Column("rating of record", 18),
            Column("override", 9),
            Column("justification", 50),
            Column("rated by", 16),
            Column("decided on", 12, "date"),
            Column("operations serving it", 30),
        ],
        rows,
    )
