"""Measurements entered by hand or sent in a spreadsheet (XLSX or CSV), checked against the programme.

One rule set serves both ``cpfkit results record`` and ``cpfkit results load``:
the indicator must be in the programme's results framework (indicator codes are
unique within a programme; the programme is the one given, or the only one
with that code), the operation must be one the programme counts (blank: a
programme-level value), the unit, when given, must be the indicator's, the date
must lie in the programme period, the value must be a number, a weighted-mean
indicator needs a positive weight, and the figure needs a source or an
illustrative mark.

A file is read whole: every bad row is reported with its sheet, row and
column (:class:`SheetErrors`), and the caller stores nothing unless there is
none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from cpfkit.errors import DataError, MissingReference
from cpfkit.formats.sources import first_error
from cpfkit.formats.workbook_guard import check_workbook
from cpfkit.model import Indicator, Measurement, Programme, Qualifier
from cpfkit.model.money import FIGURE_PLACES, AmountError, check_amount
from cpfkit.model.number_parser import NumberError, parse_number
from cpfkit.model.results import aggregation_problem

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "ProgrammeContext",
    "SheetErrors",
    "Unresolved",
    "check_measurement",
    "read_measurement_file",
    "resolve_programme",
]

COLUMNS = (
    "programme",
    "indicator",
    "project",
    "date",
    "value",
    "unit",
    "weight",
    "source",
    "illustrative",
    "verified",
    "note",
    "qualifier",
    "quote",
)
"""The columns of a measurement sheet, in template order."""
REQUIRED = ("indicator", "date", "value")
"""The columns a sheet must have; the others may be left out."""

MAX_REPORTED = 200
"""At most this many problems of one file are listed."""


@dataclass(frozen=True)
class ProgrammeContext:
    """What a measurement is checked against: the programme and the operations it counts."""

    programme: Programme
    projects: frozenset[str]
    indicators: dict[str, Indicator] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", {i.code: i for _, _, i in self.programme.indicators()})


class SheetErrors(DataError):
    """Every bad row of a file; nothing of the file was stored."""

    def __init__(self, problems: list[DataError], file: str) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems; nothing was stored)" if len(problems) > 1 else ""
        super().__init__(first.message + more, file=first.file or file, record=first.record, field=first.field)


def _text(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


def _number(raw: Any, what: str, language: str | None = None) -> Decimal:
    """A number from a cell or an option: a spreadsheet's number as shown, text through the one number parser.

    Text is read in the conventions of ``language`` (None: the neutral
    ``1234.5``); the value must be at most 10^13 either side of zero with at
    most 10 decimals (what the store keeps), and is never rounded.
    """
    if isinstance(raw, bool):
        raise ValueError(f"{what} is not a number: {raw!r}")
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        try:
            value = parse_number(str(raw), language)
        except NumberError as exc:
            if exc.code in ("not-a-number", "empty") and not exc.hints:
                raise ValueError(f"{what} is not a number: {exc.text.strip()!r}") from None
            raise ValueError(f"{what} {exc}") from None
    try:
        return check_amount(value, places=FIGURE_PLACES)
    except AmountError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def _flag(raw: Any, what: str) -> bool:
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in ("", "false", "no", "n", "0"):
        return False
    if text in ("true", "yes", "y", "1"):
        return True
    raise ValueError(f"{what} must be yes or no, not {raw!r}")


class Unresolved(LookupError):
    """No programme, or several, fit a measurement; ``field`` names the column to correct."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def resolve_programme(
    contexts: Mapping[str, ProgrammeContext], indicator: str, project: str | None, programme: str | None
) -> ProgrammeContext:
    """The programme a measurement belongs to: the one named, or the only one with the indicator (and operation).

    Raises:
        Unresolved: no programme, or several, fit (the message says which).
    """
    if programme is not None:
        if programme not in contexts:
            raise Unresolved(f"no programme {programme!r} in the database", "programme")
        return contexts[programme]
    having = [c for c in contexts.values() if indicator in c.indicators]
    if not having:
        raise Unresolved(f"no indicator {indicator!r} in any programme", "indicator")
    if len(having) > 1 and project is not None:
        counting = [c for c in having if project in c.projects]
        if not counting:
            names = ", ".join(sorted(c.programme.id for c in having))
            raise Unresolved(
                f"none of the programmes with indicator {indicator} ({names}) counts {project!r}", "project"
            )
        having = counting
    if len(having) > 1:
        names = ", ".join(sorted(c.programme.id for c in having))
        raise Unresolved(f"indicator {indicator} is in several programmes ({names}): name the programme", "programme")
    return having[0]


def check_measurement(
    contexts: Mapping[str, ProgrammeContext], row: Mapping[str, Any], language: str | None = None
) -> tuple[str, Measurement]:
    """Check one measurement given as raw fields (strings or spreadsheet cells).

    Numbers written as text are read in the conventions of ``language``
    (:mod:`cpfkit.model.number_parser`; None: the neutral ``1234.5``).

    Returns:
        The programme id and the measurement.

    Raises:
        DataError: the first problem, with ``field`` naming the column.
    """

    def fail(column: str, message: str, cls: type[DataError] = DataError) -> DataError:
        return cls(message, field=column)

    indicator_code = _text(row.get("indicator"))
    if indicator_code is None:
        raise fail("indicator", "the indicator code is missing")
    project = _text(row.get("project"))
    try:
        context = resolve_programme(contexts, indicator_code, project, _text(row.get("programme")))
    except Unresolved as exc:
        raise fail(exc.field, str(exc), MissingReference) from None
    programme = context.programme
    indicator = context.indicators.get(indicator_code)
    if indicator is None:
        raise fail("indicator", f"no indicator {indicator_code!r} in programme {programme.id}", MissingReference)
    if project is not None and project not in context.projects:
        raise fail("project", f"programme {programme.id} counts no operation {project!r}", MissingReference)
    unit = _text(row.get("unit"))
    if unit is not None and unit.casefold() != indicator.unit.casefold():
        raise fail("unit", f"unit {unit!r} is not the unit of {indicator.code}, which is {indicator.unit!r}")
    if row.get("date") in (None, ""):
        raise fail("date", "the date is missing")
    try:
        on = _date(row.get("date"))
    except ValueError as exc:
        raise fail("date", str(exc)) from None
    if not programme.period_start <= on <= programme.period_end:
        raise fail("date", f"{on} is outside the programme period {programme.period_start} – {programme.period_end}")
    if row.get("value") in (None, ""):
        raise fail("value", "the value is missing")
    try:
        value = _number(row.get("value"), "the value", language)
        weight = _number(row["weight"], "the weight", language) if row.get("weight") not in (None, "") else None
    except ValueError as exc:
        raise fail("value" if "value" in str(exc) else "weight", str(exc)) from None
    if weight is not None and weight <= 0:
        raise fail("weight", "the weight must be positive")
    problem = aggregation_problem(indicator.aggregation, value, weight)
    if problem is not None:
        raise fail(problem[0], f"{indicator.code}: {problem[1]}")
    qualifier = _text(row.get("qualifier"))
    if qualifier is not None and qualifier not in {q.value for q in Qualifier}:
        raise fail("qualifier", "give at_least ('more than 1,000'), at_most ('up to'), or leave it empty")
    try:
        illustrative = _flag(row.get("illustrative"), "illustrative")
    except ValueError as exc:
        raise fail("illustrative", str(exc)) from None
    try:
        verified = _flag(row.get("verified"), "verified")
    except ValueError as exc:
        raise fail("verified", str(exc)) from None
    source = _text(row.get("source"))
    if source is None and not illustrative:
        raise fail("source", "give the source of the value, or mark it illustrative")
    try:
        measurement = Measurement(
            indicator=indicator.code,
            project=project,
            date=on,
            value=value,
            weight=weight,
            qualifier=Qualifier(qualifier) if qualifier else None,
            verified=verified,
            quote=_text(row.get("quote")),
            note=_text(row.get("note")),
            source=source,
            illustrative=illustrative,
        )
    except ValidationError as exc:
        column, message = first_error(exc)
        raise fail(column if column in COLUMNS else "value", message) from None
    return programme.id, measurement


# -- files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    sheet: str | None
    number: int
    cells: dict[str, Any]
    columns: dict[str, str]


def _header(cells: Iterable[Any]) -> list[str]:
    return [(_text(c) or "").lower() for c in cells]


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
    path: Path, contexts: Mapping[str, ProgrammeContext], language: str | None = None
) -> list[tuple[str, Measurement]]:
    """Read and check every row of a measurement sheet (.xlsx: every sheet with the columns; .csv).

    Rows with neither a date nor a value are skipped (the template lists one
    row per indicator and operation to fill in).  Cells holding numbers are
    taken as the spreadsheet shows them; numbers written as text are read in
    the conventions of ``language`` (``520,5`` in Russian is 520.5; in English
    it is refused with the hint ``520.5``).

    Returns:
        Each measurement with its programme id.

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
    if problems:
        raise SheetErrors(problems, str(path))
    return out
