"""``cpfkit export iati``: write a programme's operations (or every imported activity) as IATI 2.03 XML.

Operations imported from IATI are written back as they were imported (every
element cpfkit keeps); the others are described by
:func:`~cpfkit.formats.iati.write_native.native_activity`, which fills what IATI asks
for and an operation lacks from the programme's IATI defaults.  Every
operation is written: figures marked illustrative (no public source) are
written with cpfkit's mark (``cpfkit:illustrative="true"``) on their element
and said in words in a ``<description type="4">``.  With
``include_illustrative=False`` they are left out instead: an illustrative
operation or an invented identifier leaves the whole operation out, an
illustrative date, sector list, location list, agency, instrument, amount,
transaction, measurement, baseline, target or default leaves out just that.
The report lists what was left out, and why.

The file is written next to its destination and moved into place only when
every activity conforms to the 2.03 schema (with validation on, the default),
so a failed export leaves no partial file.  It is created like any file the
user creates (permissions from the umask), or keeps the permissions of the
file it replaces.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cpfkit import clock
from cpfkit.errors import DataError
from cpfkit.formats.iati.write import MarkedActivity, write_activities
from cpfkit.formats.iati.write_native import native_activity
from cpfkit.model import Measurement, ProgrammeData, Transaction
from cpfkit.model.iati import IatiActivity
from cpfkit.services.interchange.export_report import ExportReport, LeftOut
from cpfkit.services.interchange.publishable import drop_illustrative, publishable, publishable_programme
from cpfkit.store import Store
from cpfkit.store.iati.reader import load_iati_activities
from cpfkit.store.repository import load_programme_data
from cpfkit.store.tables_iati import IatiActivityRow

__all__ = ["export_iati"]

_BATCH = 500


def export_iati(
    store: Store,
    programme_id: str | None,
    out: Path,
    *,
    validate: bool = True,
    include_illustrative: bool = True,
    countries: frozenset[str] = frozenset(),
    reporting_orgs: frozenset[str] = frozenset(),
    generated: datetime | None = None,
) -> ExportReport:
    """Write IATI 2.03 XML for a programme's operations, or for every activity imported from IATI.

    Args:
        store: the database.
        programme_id: the programme whose operations to write; None for every imported activity.
        out: the file to write.
        validate: check every activity against the 2.03 schema (and write nothing if one fails).
        include_illustrative: write figures marked illustrative, with cpfkit's mark (else leave them out).
        countries: only activities for these recipient countries.
        reporting_orgs: only activities of these reporting organisations.
        generated: the file's ``generated-datetime`` (default: now).

    Raises:
        NotFound: no such programme.
        DataError: an activity does not conform to the schema (nothing is written).
    """
    report = ExportReport(file=str(out), programme=programme_id, validated=validate)
    generated = generated or clock.now()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp, handle = _new_file(out)
    try:
        with store.reader() as session, os.fdopen(handle, "wb") as fh:
            conn = session.connection()
            if programme_id is not None:
                data = load_programme_data(session, programme_id)
                activities = _programme_activities(conn, data, include_illustrative, report)
            else:
                activities = (MarkedActivity(a) for a in _imported_activities(conn))
            wanted = (a for a in activities if _selected(a.activity, countries, reporting_orgs))
            write_activities(_counted(wanted, report), fh, generated=generated, validate=validate)
        os.replace(tmp, out)
    except DataError as exc:
        tmp.unlink(missing_ok=True)
        raise exc.located(file=str(out)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _new_file(out: Path) -> tuple[Path, int]:
    """A new file next to ``out`` to write into, with the permissions ``out`` will have.

    Created with mode 0666 less the umask, as the user's other files are; when ``out``
    exists, with its permission bits instead, so that replacing it changes who can read it not at all.
    """
    try:
        mode = stat.S_IMODE(out.stat().st_mode)
    except FileNotFoundError:
        mode = None
    while True:
        tmp = out.parent / f".{out.name}.{secrets.token_hex(6)}.tmp"
        try:
            handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        if mode is not None:
            os.chmod(handle, mode)
        return tmp, handle


def _counted(activities: Iterator[MarkedActivity], report: ExportReport) -> Iterator[MarkedActivity]:
    for item in activities:
        report.count(item.activity)
        yield item


def _selected(activity: IatiActivity, countries: frozenset[str], reporting_orgs: frozenset[str]) -> bool:
    if reporting_orgs and activity.reporting_org.ref not in reporting_orgs:
        return False
    if countries and not ({c.code for c in activity.recipient_countries} & countries):
        return False
    return True


def _imported_activities(conn: Any) -> Iterator[IatiActivity]:
    ids = list(conn.scalars(select(IatiActivityRow.project_id).order_by(IatiActivityRow.project_id)))
    for start in range(0, len(ids), _BATCH):
        part = ids[start : start + _BATCH]
        loaded = load_iati_activities(conn, part)
        for pid in part:
            yield loaded[pid]


def _programme_activities(
    conn: Any, data: ProgrammeData, include_illustrative: bool, report: ExportReport
) -> Iterator[MarkedActivity]:
    projects = data.projects
    imported = load_iati_activities(conn, [p.id for p in projects])
    by_project: dict[str, list[Transaction]] = defaultdict(list)
    for tx in data.transactions:
        by_project[tx.project].append(tx)
    by_measure: dict[str, list[Measurement]] = defaultdict(list)
    for m in data.measurements:
        if m.project is not None:
            by_measure[m.project].append(m)
    programme = data.programme if include_illustrative else publishable_programme(data.programme)
    areas = _areas_of(data)
    for project in projects:
        if project.id in imported:
            yield MarkedActivity(imported[project.id])
            continue
        txs = by_project[project.id]
        ms = by_measure[project.id]
        if not include_illustrative:
            published = publishable(project, report)
            if published is None:
                continue
            project = published
            txs = drop_illustrative(txs, project.id, "transaction", report)
            ms = drop_illustrative(ms, project.id, "measurement", report)
        try:
            native = native_activity(
                project,
                txs,
                ms,
                programme,
                classify=include_illustrative or not project.is_illustrative("instrument"),
                areas=areas.get(project.id, ()),
            )
        except DataError as exc:
            report.left_out.append(LeftOut(project.id, "operation", exc.message))
            continue
        already = {x.what for x in report.left_out if x.project == project.id}  # e.g. sectors left out as illustrative
        report.left_out += [LeftOut(project.id, what, why) for what, why in native.missing if what not in already]
        yield native.activity


def _areas_of(data: ProgrammeData) -> dict[str, tuple[str, ...]]:
    """The priority areas each operation serves (named, or through its objectives), in the programme's order."""
    order = [area.code for area in data.programme.priority_areas]
    area_of = {o.code: area.code for area in data.programme.priority_areas for o in area.objectives}
    out: dict[str, tuple[str, ...]] = {}
    for link in data.links:
        served = set(link.priority_areas) | {area_of[o] for o in link.objectives if o in area_of}
        out[link.project] = tuple(code for code in order if code in served)
    return out
