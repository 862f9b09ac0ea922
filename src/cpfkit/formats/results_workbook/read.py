"""A measurement sheet (XLSX or CSV) read whole: every row checked, every bad row reported.

Each row is checked by :func:`~cpfkit.formats.results_workbook.check.check_measurement`, the rules of
``cpfkit results record`` too.  Every bad row is reported with its sheet, row and column
(:class:`SheetErrors`), and the caller stores nothing unless there is none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cpfkit.errors import DataError
from cpfkit.formats.results_workbook.cells import COLUMNS, REQUIRED, cell_text
from cpfkit.formats.results_workbook.check import ProgrammeContext, check_measurement
from cpfkit.formats.workbook_guard import check_workbook
from cpfkit.model import Measurement

__all__ = ["MAX_REPORTED", "SheetErrors", "read_measurement_file"]

MAX_REPORTED = 200
"""At most this many problems of one file are listed."""


class SheetErrors(DataError):
    """Every bad row of a file; nothing of the file was stored."""

    def __init__(self, problems: list[DataError], file: str) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems; nothing was stored)" if len(problems) > 1 else ""
        super().__init__(first.message + more, file=first.file or file, record=first.record, field=first.field)


@dataclass(frozen=True)
class _Row:
    sheet: str | None
    number: int
    cells: dict[str, Any]
    columns: dict[str, str]


def _header(cells: Iterable[Any]) -> list[str]:
    return [(cell_text(c) or "").lower() for c in cells]


def _xlsx_rows(path: Path) -> Iterator[_Row]:
    check_workbook(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DataError(f"not an Excel workbook (.xlsx): {exc}", file=str(path)) from exc
    try:
        found = False
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            first = next(rows, None)
            if first is None:
                continue
            header = _header(first)
            if not all(col in header for col in REQUIRED):
                continue
            found = True
            positions = {name: i for i, name in enumerate(header) if name in COLUMNS}
            letters = {name: get_column_letter(i + 1) for name, i in positions.items()}
            for number, values in enumerate(rows, start=2):
                cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
                yield _Row(sheet.title, number, cells, letters)
        if not found:
            raise DataError(f"no sheet has the columns {', '.join(REQUIRED)} in its first row", file=str(path))
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[_Row]:
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    with fh:
        reader = csv.reader(fh)
        header = _header(next(reader, []))
        missing = [col for col in REQUIRED if col not in header]
        if missing:
            raise DataError(f"missing column(s): {', '.join(missing)}", file=str(path), record="row 1")
        positions = {name: i for i, name in enumerate(header) if name in COLUMNS}
        letters = {name: get_column_letter(i + 1) for name, i in positions.items()}
        for number, values in enumerate(reader, start=2):
            cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
            yield _Row(None, number, cells, letters)


def read_measurement_file(
    path: Path,
    contexts: Mapping[str, ProgrammeContext],
    language: str | None = None,
    places: list[tuple[str, str]] | None = None,
) -> list[tuple[str, Measurement]]:
    """Read and check every row of a measurement sheet (.xlsx: every sheet with the columns; .csv).

    Rows with neither a date nor a value are skipped (the template lists one
    row per indicator and operation to fill in).  Cells holding numbers are
    taken as the spreadsheet shows them; numbers written as text are read in
    the conventions of ``language`` (``520,5`` in Russian is 520.5; in English
    it is refused with the hint ``520.5``).

    Returns:
        Each measurement with its programme id; ``places``, when given, receives the row and the
        date's column of each, in the same order (for errors found when they are stored).

    Raises:
        SheetErrors: every bad row, by sheet, row and column.
        DataError: the file cannot be read or has no measurement sheet.
    """
    if not path.is_file():
        raise DataError("no such file", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows: Iterator[_Row] = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise DataError("give an .xlsx or .csv file", file=str(path))
    out: list[tuple[str, Measurement]] = []
    problems: list[DataError] = []
    seen: dict[tuple[str, str, str | None, date], str] = {}
    for row in rows:
        if all(row.cells.get(c) in (None, "") for c in ("date", "value")):
            continue
        where = f"sheet {row.sheet}, row {row.number}" if row.sheet else f"row {row.number}"
        try:
            programme_id, measurement = check_measurement(contexts, row.cells, language)
        except DataError as exc:
            column = exc.field or "value"
            letter = row.columns.get(column)
            problems.append(
                type(exc)(
                    exc.message, file=str(path), record=where, field=f"{column} (column {letter})" if letter else column
                )
            )
            if len(problems) >= MAX_REPORTED:
                break
            continue
        key = (programme_id, measurement.indicator, measurement.project, measurement.date)
        if key in seen:
            problems.append(
                DataError(
                    f"{measurement.indicator} for {measurement.project or 'the programme'} on {measurement.date} "
                    f"is already given in {seen[key]}",
                    file=str(path),
                    record=where,
                    field=f"date (column {row.columns['date']})",
                )
            )
            continue
        seen[key] = where
        out.append((programme_id, measurement))
        if places is not None:
            places.append((where, f"date (column {row.columns['date']})" if "date" in row.columns else "date"))
    if problems:
        raise SheetErrors(problems, str(path))
    return out
