"""The reports as Excel workbooks: one sheet per table, with number formats, frozen headers and column widths.

Money is in US dollars (whole dollars shown), progress and shares as
percentages of 1, dates as dates.  A figure resting on an illustrative record is
shaded and flagged in an "illustrative" column; the ``Sources`` sheet numbers the
sources the ``sources`` columns refer to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cpfkit import __version__
from cpfkit.ingest.results_template import number_format
from cpfkit.metrics.framework import FrameworkResults
from cpfkit.metrics.progress import IndicatorProgress
from cpfkit.model.reviews import ReviewNote
from cpfkit.reports.reviews import CompletionReview, PerformanceReview, ResultsMatrix

__all__ = ["Column", "write_xlsx"]

_HEADER_FILL = PatternFill("solid", fgColor="0F2A47")
_ILL_FILL = PatternFill("solid", fgColor="FFF4E5")
_ILL_FONT = Font(color="B54708")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMATS = {
    "int": "#,##0",
    "usd": "#,##0",
    "pct": "0%",
    "date": "yyyy-mm-dd",
    "text": "@",
}


@dataclass(frozen=True)
class Column:
    """A column of a sheet: header, width (characters) and kind of value (text, num, int, usd, pct, date)."""

    header: str
    width: int
    kind: str = "text"


def _cell_value(value: Any) -> Any:
    if isinstance(value, (tuple, list, frozenset)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "value") and not isinstance(value, (int, float, str, date)):
        return value.value  # enums
    return value


def _sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    illustrative: Callable[[int, int], bool] | None = None,
    filter_rows: bool = True,
) -> None:
    ws = book.create_sheet(title)
    ws.append([c.header for c in columns])
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.row_dimensions[1].height = 32
    for r, row in enumerate(rows):
        ws.append([_cell_value(v) for v in row])
        excel_row = ws.max_row
        for i, column in enumerate(columns, start=1):
            cell = ws.cell(row=excel_row, column=i)
            if column.kind == "num":
                cell.number_format = number_format(cell.value)
            elif column.kind in _FORMATS and column.kind != "text":
                cell.number_format = _FORMATS[column.kind]
            cell.alignment = _WRAP if column.kind == "text" and column.width >= 30 else _TOP
            if illustrative is not None and illustrative(r, i - 1):
                cell.fill = _ILL_FILL
                if column.header == "illustrative":
                    cell.font = _ILL_FONT
    ws.freeze_panes = "B2" if len(columns) > 6 else "A2"
    if filter_rows and ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{ws.max_row}"


def _about(book: Workbook, title: str, rows: Sequence[tuple[str, Any]]) -> None:
    ws = book.active
    assert ws is not None
    ws.title = "About"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for key, value in rows:
        ws.append([key, _cell_value(value)])
        cell = ws.cell(row=ws.max_row, column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        elif key.endswith("(US$)"):
            cell.number_format = "#,##0"
        elif key.endswith("share") or key.endswith("(share)"):
            cell.number_format = "0%"


def _refs(sources: tuple[str, ...]) -> Callable[[Iterable[str | None]], str]:
    numbers = {s: i for i, s in enumerate(sources, start=1)}

    def refs(items: Iterable[str | None]) -> str:
        return ", ".join(str(n) for n in sorted({numbers[s] for s in items if s and s in numbers}))

    return refs


def _sources(book: Workbook, sources: tuple[str, ...]) -> None:
    _sheet(
        book,
        "Sources",
        [Column("no.", 6, "int"), Column("source", 120)],
        enumerate(sources, start=1),
        filter_rows=False,
    )


def _notes(book: Workbook, title: str, notes: Sequence[tuple[str, ReviewNote | None]]) -> None:
    rows = [
        (
            name,
            note.text if note else "(not written yet)",
            note.author if note else None,
            note.updated_on if note else None,
        )
        for name, note in notes
    ]
    _sheet(
        book,
        title,
        [Column("section", 22), Column("text", 110), Column("written by", 20), Column("written on", 12, "date")],
        rows,
        filter_rows=False,
    )
    ws = book[title]
    for r in range(2, ws.max_row + 1):
        ws.row_dimensions[r].height = min(400, 15 * (1 + str(ws.cell(row=r, column=2).value).count("\n")))


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
    ]


def _indicators(book: Workbook, title: str, framework: FrameworkResults, refs: Callable[..., str]) -> None:
    rows = [_indicator_row(a.code, o.code, i, refs) for a, o, i in framework.indicators()]
    value_cols = {12, 13, 14, 15, 16, 17, 18, 19, 24}
    target_cols = {8, 9, 10, 11, 17, 18, 19, 25}

    def ill(r: int, c: int) -> bool:
        return (rows[r][24] == "yes" and c in value_cols) or (rows[r][25] == "yes" and c in target_cols)

    _sheet(book, title, _INDICATOR_COLUMNS, rows, illustrative=ill)


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
    _sheet(
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
    refs = _refs(report.sources)
    fw = report.framework
    _about(
        book,
        f"Results matrix — {report.report.programme_title}",
        [
            *_header(report.report),
            *((f"indicators {k}", v) for k, v in fw.status_counts.items()),
        ],
    )
    _indicators(book, "Results matrix", fw, refs)
    _objectives(book, fw)
    _sources(book, report.sources)


def _header(info: Any) -> list[tuple[str, Any]]:
    return [
        ("report", info.name),
        ("programme", f"{info.programme_title} ({info.programme})"),
        ("period", f"{info.fiscal_years}: {info.period_start} – {info.period_end}"),
        ("figures as of", info.as_of),
        ("share of the period gone by (share)", info.elapsed),
        ("computed", f"by cpfkit {__version__} on {date.today().isoformat()}, from the stored records"),
        ("illustrative", "cells shaded orange rest on figures with no public source"),
    ]


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
    _sheet(
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
    _sheet(
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
    refs = _refs(report.sources)
    tot, env, fw = report.portfolio.total, report.envelope, report.framework
    _about(
        book,
        f"Performance and Learning Review — {report.report.programme_title}",
        [
            *_header(report.report),
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
        _sheet(
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
    _sheet(book, "Off track", flagged, off)
    missing = [
        [f.priority_area, f.objective, *_indicator_row("", "", f.indicator, refs)[2:], None]
        for f in report.without_data
    ]
    _sheet(book, "No data", flagged, missing)
    _indicators(book, "Indicators", fw, refs)
    _notes(
        book,
        "Adjustments and lessons",
        [("summary", report.summary), ("proposed adjustments", report.adjustments), ("lessons", report.lessons)],
    )
    _sources(book, report.sources)


def _clr(book: Workbook, report: CompletionReview) -> None:
    refs = _refs(report.sources)
    fw = report.framework
    do, wp = fw.development_outcome, fw.wbg_performance
    _about(
        book,
        f"Completion and Learning Review — {report.report.programme_title}",
        [
            *_header(report.report),
            ("operations", report.project_count),
            ("commitments (US$)", report.commitments_usd),
            ("net commitments (US$)", report.net_commitments_usd),
            ("disbursed (US$)", report.disbursed_usd),
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
    _sheet(
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
            f"{report.project_count} operations",
            None,
            None,
            report.commitments_usd,
            report.net_commitments_usd,
            report.disbursed_usd,
            "",
            "",
        ]
    )
    _sheet(
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
    _sheet(
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
    _notes(book, "Lessons", [("summary", report.summary), ("lessons", report.lessons)])
    _sources(book, report.sources)


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
