"""Writing tables to Excel sheets: bold frozen headers, column widths, number formats, illustrative cells shaded.

The building blocks of :mod:`cpfkit.reports.xlsx`: one call writes one table as one sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cpfkit import __version__, clock
from cpfkit.formats.results_workbook.template_xlsx import number_format
from cpfkit.metrics.progress import Status
from cpfkit.model.reviews import ReviewNote
from cpfkit.reports.formatting import fiscal_years, long_date
from cpfkit.reports.language import N_, gettext

__all__ = [
    "Column",
    "about_sheet",
    "notes_sheet",
    "report_header",
    "sheet",
    "sheet_title",
    "source_numbers",
    "sources_sheet",
]

_HEADER_FILL = PatternFill("solid", fgColor="0F2A47")
_ILL_FILL = PatternFill("solid", fgColor="FFF4E5")
_ILL_FONT = Font(color="B54708")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMATS = {
    "int": "#,##0",
    "usd": "#,##0",
    "pct": "0.0%",  # shares are fractions (0.282), shown as percentages with one decimal
    "date": "yyyy-mm-dd",
    "text": "@",
}


_WORDS = frozenset({N_("yes"), N_("no"), N_("total"), *(s.value for s in Status)})
"""The coded words of the cells, written in the report's language (the rows keep the English words to test)."""

_NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    r"""A sheet's name as Excel takes it: none of ``[]:*?/\``, at most 31 characters (cut at a word when it can).

    Examples:
        >>> sheet_title("Adjustments and lessons")
        'Adjustments and lessons'
        >>> sheet_title("Корректировки и уроки: предложения команды по программе")
        'Корректировки и уроки…'
        >>> sheet_title("Ratings: objectives")
        'Ratings - objectives'
    """
    parts = (" ".join(part.split()) for part in _NOT_IN_TITLES.split(text))
    name = " - ".join(part for part in parts if part)
    if len(name) <= 31:
        return name
    cut = name[:30]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" -,") + "…"


@dataclass(frozen=True)
class Column:
    """A column of a sheet: header (the English original, translated when written), width, kind of value.

    The kinds: text, num, int, usd, pct, date.
    """

    header: str
    width: int
    kind: str = "text"


def _cell_value(value: Any) -> Any:
    if isinstance(value, (tuple, list, frozenset)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "value") and not isinstance(value, (int, float, str, date)):
        value = value.value  # enums
    if isinstance(value, str) and value in _WORDS:
        return gettext(value)
    return value


def sheet(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    illustrative: Callable[[int, int], bool] | None = None,
    filter_rows: bool = True,
) -> Any:
    """Write one table as a new sheet, named and headed in the report's language; returns the sheet.

    ``illustrative(row, column)`` says which cells to shade.
    """
    ws = book.create_sheet(sheet_title(gettext(title)))
    ws.append([gettext(c.header) for c in columns])
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
    return ws


def about_sheet(book: Workbook, title: str, rows: Sequence[tuple[str, Any]]) -> None:
    """Turn the first sheet into the *About* sheet: the title, then key–value rows (keys translated when written)."""
    ws = book.active
    assert ws is not None
    ws.title = sheet_title(gettext("About"))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for key, value in rows:
        ws.append([gettext(key), _cell_value(value)])
        cell = ws.cell(row=ws.max_row, column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        elif key.endswith("(US$)"):
            cell.number_format = "#,##0"
        elif key.endswith("share") or key.endswith("(share)"):
            cell.number_format = _FORMATS["pct"]


def source_numbers(sources: tuple[str, ...]) -> Callable[[Iterable[str | None]], str]:
    """A function giving the numbers (in the *Sources* sheet) of some sources, as "1, 4"."""
    numbers = {s: i for i, s in enumerate(sources, start=1)}

    def refs(items: Iterable[str | None]) -> str:
        return ", ".join(str(n) for n in sorted({numbers[s] for s in items if s and s in numbers}))

    return refs


def sources_sheet(book: Workbook, sources: tuple[str, ...]) -> None:
    """The numbered *Sources* sheet."""
    sheet(
        book,
        N_("Sources"),
        [Column(N_("no."), 6, "int"), Column(N_("source"), 120)],
        enumerate(sources, start=1),
        filter_rows=False,
    )


def notes_sheet(book: Workbook, title: str, notes: Sequence[tuple[str, ReviewNote | None]]) -> None:
    """The written sections of a review, one row each."""
    rows = [
        (
            gettext(name),
            note.text if note else gettext("(not written yet)"),
            note.author if note else None,
            note.updated_on if note else None,
        )
        for name, note in notes
    ]
    ws = sheet(
        book,
        title,
        [
            Column(N_("section"), 22),
            Column(N_("text"), 110),
            Column(N_("written by"), 20),
            Column(N_("written on"), 12, "date"),
        ],
        rows,
        filter_rows=False,
    )
    for r in range(2, ws.max_row + 1):
        ws.row_dimensions[r].height = min(400, 15 * (1 + str(ws.cell(row=r, column=2).value).count("\n")))


def report_header(info: Any) -> list[tuple[str, Any]]:
    """The first rows of the *About* sheet: report, programme, period, date, provenance."""
    return [
        (N_("report"), gettext(info.name)),
        (N_("programme"), f"{info.programme_title} ({info.programme})"),
        (N_("period"), f"{fiscal_years(info.fiscal_years)}: {info.period_start} – {info.period_end}"),
        (N_("figures as of"), info.as_of),
        (N_("share of the period gone by (share)"), info.elapsed),
        (
            N_("computed"),
            gettext("by cpfkit %(version)s on %(day)s, from the stored records")
            % {"version": __version__, "day": long_date(clock.today())},
        ),
        (N_("illustrative"), gettext("cells shaded orange rest on figures with no public source")),
        *_closed_row(info),
    ]


def _closed_row(info: Any) -> list[tuple[str, Any]]:
    """The row of the *About* sheet that says the programme's period is closed, if it is."""
    closed = getattr(info, "closed", None)
    if closed is None:
        return []
    return [
        (
            N_("period closed"),
            gettext("up to %(until)s, on %(day)s by %(by)s")
            % {"until": long_date(closed.until), "day": long_date(closed.closed_on), "by": closed.closed_by},
        )
    ]
