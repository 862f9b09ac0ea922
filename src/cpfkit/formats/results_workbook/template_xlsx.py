"""The results template as an XLSX workbook: the ``Measurements`` sheet to fill, and its reference sheets.

The ``Measurements`` sheet has one row to fill per indicator and operation that serves its objective,
with drop-down lists for the codes, the unit and the latest value for reference; the reference sheets
are ``Indicators``, ``Operations`` and ``How to fill``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cpfkit.formats.results_workbook.cells import COLUMNS
from cpfkit.model import Aggregation, Indicator, ProgrammeData

__all__ = ["needs_weight", "number_format", "write_xlsx"]

_REFERENCE = ("indicator name", "latest value", "latest date")
_HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
_GREY_FILL = PatternFill("solid", fgColor="EEF0F3")
_HOW_TO = [
    "How to fill this template",
    "",
    "1. On the Measurements sheet, fill one row per value: its date (YYYY-MM-DD), the value and its source.",
    "2. Programme, indicator, operation and unit are filled in; leave a row's date and value empty to skip it.",
    "   A blank operation means a value measured for the whole programme (used as the de-duplicated total).",
    "3. Indicators marked 'needs weight' are averaged across operations: give the weight (traffic, population, km).",
    "4. Give a source (document, survey, ISR and date) for each value, or write 'yes' under illustrative.",
    "5. Add rows as needed (copy a row); extra columns at the right are for reference and are not read.",
    "",
    "Load the file with:  cpfkit results load FILE.xlsx",
    "Every row is checked first. If any row is wrong, each problem is listed with its sheet, row and column,",
    "and nothing of the file is stored: correct the rows and load the file again.",
    "A value for the same indicator, operation and date as one already stored replaces it.",
]


def number_format(value: Any) -> str:
    """An Excel number format that shows a figure as people write it: 1,200 or 66.7 or 0.125.

    Examples:
        >>> number_format(Decimal(1200)), number_format(Decimal("66.7")), number_format(None)
        ('#,##0', '#,##0.0##', 'General')
    """
    if not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):
        return "General"
    if Decimal(str(value)) == Decimal(str(value)).to_integral_value():
        return "#,##0"
    return "#,##0.0##"


def needs_weight(indicator: Indicator) -> bool:
    """Whether an indicator is averaged across operations, so that each value needs its weight."""
    return indicator.aggregation in (Aggregation.WEIGHTED_MEAN, Aggregation.HARMONIC_MEAN)


def _style_header(ws: Any, headers: list[str], widths: list[int]) -> None:
    ws.append(headers)
    for i, width in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30


def write_xlsx(data: ProgrammeData, rows: list[dict[str, Any]], path: Path) -> None:
    """Write the template's rows as the workbook."""
    programme = data.programme
    indicators = {i.code: i for _, _, i in programme.indicators()}
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Measurements"
    headers = [*COLUMNS, *(f"({c})" for c in _REFERENCE)]
    widths = [14, 11, 22, 12, 14, 16, 10, 40, 11, 9, 30, 60, 14, 12]
    _style_header(ws, headers, widths)
    for row in rows:
        ws.append([row[c] for c in COLUMNS] + [row[c] for c in _REFERENCE])
        r = ws.max_row
        for c in ("date", "value", "weight", "source", "illustrative", "verified", "note"):
            ws.cell(row=r, column=COLUMNS.index(c) + 1).fill = _INPUT_FILL
        if not needs_weight(indicators[row["indicator"]]):
            ws.cell(row=r, column=COLUMNS.index("weight") + 1).fill = _GREY_FILL
        ws.cell(row=r, column=COLUMNS.index("date") + 1).number_format = "yyyy-mm-dd"
        ws.cell(row=r, column=len(COLUMNS) + 2).number_format = number_format(row["latest value"])
        ws.cell(row=r, column=len(COLUMNS) + 3).number_format = "yyyy-mm-dd"
        for k in range(len(COLUMNS) + 1, len(headers) + 1):
            ws.cell(row=r, column=k).font = Font(color="616E7C", italic=True)
    last = max(ws.max_row, 2) + 500
    col = {c: get_column_letter(COLUMNS.index(c) + 1) for c in COLUMNS}
    n_ind, n_ops = len(indicators), len(data.links)
    validations = [
        DataValidation(type="list", formula1=f"=Indicators!$A$2:$A${n_ind + 1}", allow_blank=False),
        DataValidation(type="list", formula1=f"=Operations!$A$2:$A${max(n_ops, 1) + 1}", allow_blank=True),
        DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({programme.period_start.year},{programme.period_start.month},{programme.period_start.day})",
            formula2=f"DATE({programme.period_end.year},{programme.period_end.month},{programme.period_end.day})",
            allow_blank=True,
            error=f"A date within the programme period {programme.period_start} – {programme.period_end}.",
            showErrorMessage=True,
        ),
        DataValidation(
            type="decimal",
            operator="greaterThan",
            formula1="-1E+300",
            allow_blank=True,
            error="A number: digits, with a point for decimals.",
            showErrorMessage=True,
        ),
        DataValidation(type="list", formula1='"yes,no"', allow_blank=True),
    ]
    targets = [
        f"{col['indicator']}2:{col['indicator']}{last}",
        f"{col['project']}2:{col['project']}{last}",
        f"{col['date']}2:{col['date']}{last}",
        f"{col['value']}2:{col['value']}{last} {col['weight']}2:{col['weight']}{last}",
        f"{col['illustrative']}2:{col['illustrative']}{last} {col['verified']}2:{col['verified']}{last}",
    ]
    for validation, target in zip(validations, targets, strict=True):
        ws.add_data_validation(validation)
        for cells in target.split():
            validation.add(cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{ws.max_row}"

    ind = book.create_sheet("Indicators")
    _style_header(
        ind,
        [
            "code",
            "name",
            "unit",
            "level",
            "aggregation",
            "needs weight",
            "direction",
            "baseline",
            "baseline date",
            "target",
            "target date",
            "objective",
            "priority area",
        ],
        [10, 60, 16, 13, 15, 8, 10, 14, 12, 14, 12, 10, 10],
    )
    for area, objective, i in programme.indicators():
        ind.append(
            [
                i.code,
                i.name,
                i.unit,
                i.kind.value,
                i.aggregation.value,
                "yes" if needs_weight(i) else "",
                i.direction.value,
                i.baseline.value if i.baseline else None,
                i.baseline.date if i.baseline else None,
                i.target.value if i.target else None,
                i.target.date if i.target else None,
                objective.code,
                area.code,
            ]
        )
        r = ind.max_row
        for k in (8, 10):
            ind.cell(row=r, column=k).number_format = number_format(ind.cell(row=r, column=k).value)
        for k in (9, 11):
            ind.cell(row=r, column=k).number_format = "yyyy-mm-dd"

    ops = book.create_sheet("Operations")
    _style_header(
        ops, ["id", "name", "institution", "status", "objectives", "carried over from"], [24, 60, 11, 10, 20, 16]
    )
    projects = {p.id: p for p in data.projects}
    for link in data.links:
        p = projects.get(link.project)
        ops.append(
            [
                link.project,
                p.name if p else "",
                p.institution.value if p else "",
                p.status.value if p else "",
                ", ".join(link.objectives),
                link.carried_from or "",
            ]
        )

    how = book.create_sheet("How to fill")
    how.column_dimensions["A"].width = 120
    for line in [f"{programme.title} ({programme.id}): results template", "", *_HOW_TO]:
        how.append([line])
    how["A1"].font = Font(bold=True, size=13)
    how["A3"].font = Font(bold=True)
    book.move_sheet("How to fill", offset=-3)
    book.active = 1
    book.save(path)
