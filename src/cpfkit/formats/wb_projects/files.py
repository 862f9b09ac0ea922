"""Reading World Bank Projects API exports: the API's JSON (an array or its answer object) or a projects CSV.

Accepted inputs:

- a JSON array of project records, or the API's answer ``{"projects": {id: record, …}}``
  (``search.worldbank.org/api/v2/projects?format=json``);
- a CSV whose header uses the API's field names (``id, project_name, countrycode,
  ibrdcommamt, idacommamt, grantamt, totalcommamt, lendprojectcost,
  boardapprovaldate, closingdate, sector1_name, sector1_percent, …``; nested
  fields flattened with ``_`` or ``.``) or the column titles of the projects list
  download (``Project ID, Project Name, Country, IBRD Commitment, IDA Commitment,
  Grant Amount, Current Project Cost, Board Approval Date, Project Closing Date,
  Sector 1 …``).

Each record comes with where it is: its line in a CSV, its position in a JSON file.
Only a file that cannot be read as one of these is refused.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from cpfkit.errors import DataError

__all__ = ["RecordAt", "read_wb_projects"]


@dataclass(frozen=True)
class RecordAt:
    """Where a record is in its file: ``line`` in a CSV, ``index`` (from 1) in a JSON file, and both in words."""

    label: str
    line: int | None = None
    index: int | None = None


# the projects list download's column titles, and the API field each stands for
_LIST_COLUMNS = {
    "project id": "id",
    "project name": "project_name",
    "country": "countryname",
    "country code": "countrycode",
    "region": "regionname",
    "project status": "status",
    "implementing agency": "impagency",
    "borrower": "borrower",
    "board approval date": "boardapprovaldate",
    "project closing date": "closingdate",
    "financing type": "projectfinancialtype",
    "current project cost": "lendprojectcost",
    "ibrd commitment": "ibrdcommamt",
    "ida commitment": "idacommamt",
    "total ida and ibrd commitment": "totalamt",
    "grant amount": "grantamt",
    "lending instrument": "lendinginstr",
    "project url": "url",
    "project development objective": "pdo",
}


def read_wb_projects(path: Path) -> Iterator[tuple[RecordAt, Any]]:
    """The records of a Projects API export, each with where it is (``record 3`` or ``line 4``).

    A JSON record is given as it is, object or not.

    Raises:
        DataError: the file is neither the API's JSON nor a projects CSV.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read: {exc}", file=str(path)) from exc
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON: {exc.msg}", file=str(path), record=f"line {exc.lineno}") from None
        if isinstance(data, dict) and isinstance(data.get("projects"), dict):
            records: list[Any] = list(data["projects"].values())
        elif isinstance(data, list):
            records = data
        else:
            raise DataError(
                'expected a JSON array of project records or the API\'s {"projects": {...}} object', file=str(path)
            )
        for i, record in enumerate(records):  # a record that is not an object is the mapping's to skip
            yield RecordAt(f"record {i + 1}", index=i + 1), record
        return
    yield from _csv_records(path, text)


def _csv_records(path: Path, text: str) -> Iterator[tuple[RecordAt, dict[str, Any]]]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    keys = {h: _LIST_COLUMNS.get(h.lower().strip(), h.strip().replace(".", "_")) for h in header}
    if "id" not in keys.values() or "project_name" not in keys.values():
        raise DataError(
            "a projects CSV needs the columns id and project_name (or Project ID and Project Name); "
            f"this header has {', '.join(header[:8])}…",
            file=str(path),
            record="line 1",
        )
    for row in reader:
        record: dict[str, Any] = {}
        for raw_key, value in row.items():
            if raw_key is None or value is None or not value.strip():
                continue
            record[keys.get(raw_key.strip(), raw_key.strip())] = value.strip()
        for n in range(1, 5):
            name = record.pop(f"sector{n}_name", None) or record.pop(f"sector{n}_Name", None)
            percent = record.pop(f"sector{n}_percent", None) or record.pop(f"sector{n}_Percent", None)
            plain = record.get(f"sector{n}") or record.get(f"Sector {n}")
            if name or plain:
                record[f"sector{n}"] = {"Name": name or plain, "Percent": percent}
        if record:
            yield RecordAt(f"line {reader.line_num}", line=reader.line_num), record
