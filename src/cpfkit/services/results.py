"""Use cases of the results, shared by the CLI, the API and the pages.

Entering measurements (one by hand, or a spreadsheet all or nothing) and writing the results template.
The interfaces reach the ratings of record (:mod:`~cpfkit.services.ratings`) and the reviews and reports
(:mod:`~cpfkit.services.reviews`) through this module too, as ``rs.NAME``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cpfkit.errors import DataError, PeriodClosed
from cpfkit.formats.results_workbook.check import ProgrammeContext, check_measurement
from cpfkit.jsonable import jsonable
from cpfkit.model import Measurement
from cpfkit.services.changes import audit_key, changed_by
from cpfkit.services.loading import programme_data
from cpfkit.services.ratings import RateResult, rate, withdraw_rating
from cpfkit.services.reviews import (
    ReviewContent,
    build_report,
    clear_note,
    framework,
    review_content,
    set_note,
    write_report,
)
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record
from cpfkit.store.results_repository import (
    programmes_and_operations,
    save_measurements,
)

__all__ = [
    "LoadReport",
    "RateResult",
    "RecordResult",
    "ReviewContent",
    "build_report",
    "clear_note",
    "framework",
    "load_measurements",
    "rate",
    "record_measurement",
    "review_content",
    "set_note",
    "withdraw_rating",
    "write_report",
    "write_results_template",
]


def _contexts(store: Store) -> dict[str, ProgrammeContext]:
    with store.reader() as session:
        return {p.id: ProgrammeContext(p, ops) for p, ops in programmes_and_operations(session)}


@dataclass(frozen=True)
class RecordResult:
    """A measurement stored by hand: ``replaced`` when one for the same indicator, operation and date was there."""

    programme: str
    measurement: Measurement
    replaced: bool


def record_measurement(
    store: Store, fields: Mapping[str, Any], *, actor: Actor | None = None, language: str | None = None
) -> RecordResult:
    """Check and store one measurement given as raw fields (indicator, project, date, value, source, …).

    Numbers given as text are read in the conventions of ``language`` (None: the neutral ``1234.5``).

    Raises:
        DataError: the measurement does not fit the programme (the field is named).
    """
    contexts = _contexts(store)
    try:
        programme_id, measurement = check_measurement(contexts, fields, language)
    except DataError as exc:
        raise exc.located(record=f"measurement of {fields.get('indicator')}") from None
    with store.transaction() as session:
        added, _ = save_measurements(session, programme_id, [measurement])
        record(
            session,
            changed_by(actor),
            "create" if added else "replace",
            "measurement",
            audit_key(measurement.indicator, measurement.project, measurement.date),
            programme_id=programme_id,
            project_id=measurement.project,
            after=jsonable(measurement),
        )
    return RecordResult(programme_id, measurement, replaced=added == 0)


@dataclass(frozen=True)
class LoadReport:
    """What ``load_measurements`` stored from a file."""

    file: str
    programmes: tuple[str, ...]
    rows: int
    added: int
    replaced: int


def load_measurements(
    store: Store, path: Path, *, actor: Actor | None = None, language: str | None = None
) -> LoadReport:
    """Store every measurement of a sheet (.xlsx or .csv), or none: each bad row is reported by sheet, row, column.

    Numbers written as text in the sheet are read in the conventions of ``language``.

    Raises:
        SheetErrors: the bad rows; nothing was stored.
        DataError: the file cannot be read.
    """
    from cpfkit.formats.results_workbook.read import read_measurement_file  # openpyxl: only to read a file

    places: list[tuple[str, str]] = []
    rows = read_measurement_file(Path(path), _contexts(store), language, places)
    try:
        return _store_measurements(store, path, rows, actor)
    except PeriodClosed as exc:  # the whole file is refused: name its first row inside the closed period
        inside = [
            place
            for (programme_id, m), place in zip(rows, places, strict=True)
            if programme_id == exc.programme and m.date.isoformat() <= exc.until
        ]
        where, field = inside[0] if inside else (None, None)
        raise exc.located(file=str(path), record=where, field=field) from None


def _store_measurements(
    store: Store, path: Path, rows: Sequence[tuple[str, Measurement]], actor: Actor | None
) -> LoadReport:
    by_programme: dict[str, list[Measurement]] = {}
    for programme_id, measurement in rows:
        by_programme.setdefault(programme_id, []).append(measurement)
    added = replaced = 0
    with store.transaction() as session:
        for programme_id, measurements in by_programme.items():
            a, r = save_measurements(session, programme_id, measurements)
            added += a
            replaced += r
            record(
                session,
                changed_by(actor),
                "load",
                "measurements",
                audit_key(programme_id, Path(path).name),
                programme_id=programme_id,
                after={"file": str(path), "rows": len(measurements), "added": a, "replaced": r},
            )
    return LoadReport(str(path), tuple(sorted(by_programme)), len(rows), added, replaced)


def write_results_template(store: Store, programme_id: str, path: Path, as_of: date | None = None) -> int:
    """Write the results template of a programme (.xlsx or .csv); returns the number of rows to fill."""
    from cpfkit.formats.results_workbook.template import write_template  # openpyxl: only to write one

    return write_template(programme_data(store, programme_id), Path(path), as_of)
