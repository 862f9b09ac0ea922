"""The reports as Excel workbooks: one sheet per table, with number formats, frozen headers and column widths.

Money is in US dollars (whole dollars shown), progress and shares as
percentages of 1, dates as dates.  A figure resting on an illustrative record is
shaded and flagged in an "illustrative" column; the ``Sources`` sheet numbers the
sources the ``sources`` columns refer to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook

from cpfkit.metrics.framework import FrameworkResults
from cpfkit.metrics.progress import IndicatorProgress
from cpfkit.reports.reviews import CompletionReview, PerformanceReview, ResultsMatrix
from cpfkit.reports.workbook import (
    Column,
    about_sheet,
    notes_sheet,
    report_header,
    sheet,
    source_numbers,
    sources_sheet,
)

__all__ = ["write_xlsx"]

_INDICATOR_COLUMNS = [
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


def _indicator_row(area: str, objective: str, i: IndicatorProgress, refs: Callable[..., str]) -> list[Any]:
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


def _indicators(book: Workbook, title: str, framework: FrameworkResults, refs: Callable[..., str]) -> None:
    rows = [_indicator_row(a.code, o.code, i, refs) for a, o, i in framework.indicators()]
    value_cols = {12, 13, 14, 15, 16, 17, 18, 19, 24}
    target_cols = {8, 9, 10, 11, 17, 18, 19, 25}

    def ill(r: int, c: int) -> bool:
        return (rows[r][24] == "yes" and c in value_cols) or (rows[r][25] == "yes" and c in target_cols)

    sheet(book, title, _INDICATOR_COLUMNS, rows, illustrative=ill)


def _objectives(book: Workbook, framework: FrameworkResults, title: str = "Objectives") -> None:
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


def _matrix(book: Workbook, report: ResultsMatrix) -> None:
    refs = source_numbers(report.sources)
    fw = report.framework
    about_sheet(
        book,
        f"Results matrix — {report.report.programme_title}",
        [
            *report_header(report.report),
            *((f"indicators {k}", v) for k, v in fw.status_counts.items()),
        ],
    )
    _indicators(book, "Results matrix", fw, refs)
    _objectives(book, fw)
    sources_sheet(book, report.sources)


def _portfolio_sheets(book: Workbook, report: PerformanceReview | CompletionReview, refs: Callable[..., str]) -> None:
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


def _plr(book: Workbook, report: PerformanceReview) -> None:
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
    _portfolio_sheets(book, report, refs)
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
    _objectives(book, fw, "Objective progress")
    flagged = [Column("area", 7), Column("objective", 9), *_INDICATOR_COLUMNS[2:], Column("gap", 9, "pct")]
    off = [
        [f.priority_area, f.objective, *_indicator_row("", "", f.indicator, refs)[2:], f.gap] for f in report.off_track
    ]
    sheet(book, "Off track", flagged, off)
    missing = [
        [f.priority_area, f.objective, *_indicator_row("", "", f.indicator, refs)[2:], None]
        for f in report.without_data
    ]
    sheet(book, "No data", flagged, missing)
    _indicators(book, "Indicators", fw, refs)
    notes_sheet(
        book,
        "Adjustments and lessons",
        [("summary", report.summary), ("proposed adjustments", report.adjustments), ("lessons", report.lessons)],
    )
    sources_sheet(book, report.sources)


def _clr(book: Workbook, report: CompletionReview) -> None:
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
        "Headline results",
        [
            Column("indicator", 10),
            Column("result", 50),
            Column("unit", 14),
            Column("achieved", 15, "num"),
            Column("date", 12, "date"),
            Column("lower bound", 14, "num"),
            Column("upper bound", 14, "num"),
            Column("baseline", 13, "num"),
            Column("target", 14, "num"),
            Column("target date", 12, "date"),
            Column("share of target", 10, "pct"),
            Column("met", 6),
            Column("as published", 44),
            Column("operations", 26),
            Column("illustrative value", 10),
            Column("illustrative target", 10),
            Column("sources", 10),
        ],
        results,
        illustrative=lambda r, c: (
            (results[r][14] == "yes" and c in (3, 5, 6, 14)) or (results[r][15] == "yes" and c in (7, 8, 15))
        ),
    )
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
            f"{report.own_operations} own operations",
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
        "Operations",
        [
            Column("operation", 22),
            Column("name", 60),
            Column("institution", 10),
            Column("approved", 12, "date"),
            Column("committed (US$)", 16, "usd"),
            Column("net committed (US$)", 16, "usd"),
            Column("disbursed (US$)", 16, "usd"),
            Column("illustrative", 10),
            Column("sources", 9),
        ],
        ops,
        illustrative=lambda r, c: ops[r][7] == "yes" and c in (4, 7),
    )
    _portfolio_sheets(book, report, refs)
    _objectives(book, fw, "Objective ratings")
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
    _indicators(book, "Indicators", fw, refs)
    notes_sheet(book, "Lessons", [("summary", report.summary), ("lessons", report.lessons)])
    sources_sheet(book, report.sources)


def write_xlsx(report: ResultsMatrix | PerformanceReview | CompletionReview, path: Path | BinaryIO) -> None:
    """Write a report as an Excel workbook (to a path or a binary file)."""
    book = Workbook()
    if isinstance(report, CompletionReview):
        _clr(book, report)
    elif isinstance(report, PerformanceReview):
        _plr(book, report)
    else:
        _matrix(book, report)
    book.save(path)
