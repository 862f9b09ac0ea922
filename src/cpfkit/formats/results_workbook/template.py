"""The results template: a spreadsheet a ministry fills in with actuals, read back by ``read.py``.

The XLSX template (:mod:`~cpfkit.formats.results_workbook.template_xlsx`) has a ``Measurements``
sheet with one row to fill per indicator and operation that serves its objective, and reference
sheets.  The CSV template is the ``Measurements`` sheet alone.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from cpfkit.errors import DataError
from cpfkit.formats.results_workbook.cells import COLUMNS
from cpfkit.formats.results_workbook.template_xlsx import write_xlsx
from cpfkit.model import Measurement, ProgrammeData

__all__ = ["template_rows", "write_template"]


def template_rows(data: ProgrammeData, as_of: date | None = None) -> list[dict[str, Any]]:
    """One row per indicator and operation serving its objective (a programme-level row when none does).

    The reference columns show the latest value stored on or before ``as_of``.
    """
    serving: dict[str, list[str]] = {}
    for link in data.links:
        for code in link.objectives:
            serving.setdefault(code, []).append(link.project)
    latest_of: dict[tuple[str, str | None], Measurement] = {}
    for m in data.measurements:
        if as_of is not None and m.date > as_of:
            continue
        current = latest_of.get((m.indicator, m.project))
        if current is None or m.date >= current.date:
            latest_of[(m.indicator, m.project)] = m
    rows: list[dict[str, Any]] = []
    for _, objective, indicator in data.programme.indicators():
        latest = {p: m for (code, p), m in latest_of.items() if code == indicator.code}
        projects: list[str | None] = []
        projects += sorted(serving.get(objective.code, []))
        if None in latest or not projects:
            projects.append(None)
        for project in projects:
            last = latest.get(project)
            rows.append(
                {
                    "programme": data.programme.id,
                    "indicator": indicator.code,
                    "project": project,
                    "date": None,
                    "value": None,
                    "unit": indicator.unit,
                    "weight": None,
                    "source": None,
                    "illustrative": None,
                    "verified": None,
                    "note": None,
                    "qualifier": None,
                    "quote": None,
                    "indicator name": indicator.name,
                    "latest value": last.value if last else None,
                    "latest date": last.date if last else None,
                }
            )
    return rows


def write_template(data: ProgrammeData, path: Path, as_of: date | None = None) -> int:
    """Write the results template of a programme as .xlsx or .csv.

    Returns:
        The number of rows to fill.

    Raises:
        DataError: the file name ends neither in .xlsx nor in .csv.
    """
    rows = template_rows(data, as_of)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
        return len(rows)
    if suffix != ".xlsx":
        raise DataError("the template is written as .xlsx or .csv", file=str(path))
    write_xlsx(data, rows, path)
    return len(rows)
