"""``cpfkit export iati``: write a programme's operations (or every imported activity) as IATI 2.03 XML.

Operations imported from IATI are written back as they were imported (every
element cpfkit keeps); the others are described by
:func:`~cpfkit.export.iati.native_activity`.  Figures marked illustrative have
no public source, so they are left out unless asked for: an illustrative
operation or an invented identifier leaves the whole operation out, an
illustrative date, sector list, location list, agency, instrument, amount,
transaction, measurement, baseline or target leaves out just that, and the
report lists what was left out.

The file is written next to its destination and moved into place only when
every activity conforms to the 2.03 schema (with validation on, the default),
so a failed export leaves no partial file.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from cpfkit import clock
from cpfkit.errors import DataError
from cpfkit.export.iati import fmt_decimal, native_activity, write_activities
from cpfkit.model import Measurement, Programme, Project, ProjectStatus, Transaction
from cpfkit.model.iati import IatiActivity
from cpfkit.store import Store
from cpfkit.store.iati_repository import load_iati_activities
from cpfkit.store.repository import load_programme_data
from cpfkit.store.tables_iati import IatiActivityRow

__all__ = ["ExportReport", "LeftOut", "export_iati"]

_BATCH = 500
_DATE_FIELDS = ("approval", "effectiveness", "original_closing", "revised_closing", "concept")


@dataclass(frozen=True)
class LeftOut:
    """Something not exported, and why."""

    project: str
    what: str
    reason: str


@dataclass
class ExportReport:
    """What an export wrote."""

    file: str
    programme: str | None
    validated: bool
    activities: int = 0
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: int = 0
    indicators: int = 0
    periods: int = 0
    left_out: list[LeftOut] = field(default_factory=list)

    def count(self, activity: IatiActivity) -> None:
        """Add one written activity to the totals."""
        self.activities += 1
        for tx in activity.transactions:
            entry = self.transactions.setdefault(tx.type, {"count": 0, "sum": {}})
            entry["count"] += 1
            entry["sum"][tx.currency] = entry["sum"].get(tx.currency, Decimal(0)) + tx.value
        self.results += len(activity.results)
        for result in activity.results:
            self.indicators += len(result.indicators)
            self.periods += sum(len(i.periods) for i in result.indicators)

    def to_json(self) -> dict[str, Any]:
        """The summary for scripts (sums as exact decimal strings)."""
        return {
            "file": self.file,
            "programme": self.programme,
            "validated": self.validated,
            "activities": self.activities,
            "transactions": {
                k: {"count": v["count"], "sum": {c: fmt_decimal(s) for c, s in sorted(v["sum"].items())}}
                for k, v in sorted(self.transactions.items(), key=lambda kv: (len(kv[0]), kv[0]))
            },
            "results": {"results": self.results, "indicators": self.indicators, "periods": self.periods},
            "left_out": [vars(x) for x in self.left_out],
        }


def export_iati(
    store: Store,
    programme_id: str | None,
    out: Path,
    *,
    validate: bool = True,
    include_illustrative: bool = False,
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
        include_illustrative: also write figures marked illustrative.
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
    handle, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with store.reader() as session, os.fdopen(handle, "wb") as fh:
            conn = session.connection()
            if programme_id is not None:
                data = load_programme_data(session, programme_id)
                activities = _programme_activities(
                    conn,
                    data.programme,
                    data.projects,
                    data.transactions,
                    data.measurements,
                    include_illustrative,
                    report,
                )
            else:
                activities = _imported_activities(conn)
            wanted = (a for a in activities if _selected(a, countries, reporting_orgs))
            write_activities(_counted(wanted, report), fh, generated=generated, validate=validate)
        os.replace(tmp, out)
    except DataError as exc:
        tmp.unlink(missing_ok=True)
        raise exc.located(file=str(out)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _counted(activities: Iterator[IatiActivity], report: ExportReport) -> Iterator[IatiActivity]:
    for activity in activities:
        report.count(activity)
        yield activity


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
    conn: Any,
    programme: Programme,
    projects: Sequence[Project],
    transactions: Sequence[Transaction],
    measurements: Sequence[Measurement],
    include_illustrative: bool,
    report: ExportReport,
) -> Iterator[IatiActivity]:
    imported = load_iati_activities(conn, [p.id for p in projects])
    by_project: dict[str, list[Transaction]] = defaultdict(list)
    for tx in transactions:
        by_project[tx.project].append(tx)
    by_measure: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.project is not None:
            by_measure[m.project].append(m)
    plain_programme = programme if include_illustrative else _publishable_programme(programme)
    for project in projects:
        if project.id in imported:
            yield imported[project.id]
            continue
        txs = by_project[project.id]
        ms = by_measure[project.id]
        if not include_illustrative:
            published = _publishable(project, report)
            if published is None:
                continue
            project = published
            txs = _drop(txs, project.id, "transaction", report)
            ms = _drop(ms, project.id, "measurement", report)
        try:
            yield native_activity(
                project,
                txs,
                ms,
                plain_programme,
                classify=include_illustrative or not project.is_illustrative("instrument"),
            )
        except DataError as exc:
            report.left_out.append(LeftOut(project.id, "operation", exc.message))


def _drop(records: list[Any], project: str, what: str, report: ExportReport) -> list[Any]:
    kept = []
    for r in records:
        if r.illustrative or "amount" in r.illustrative_fields or "value" in r.illustrative_fields:
            report.left_out.append(LeftOut(project, f"{what} of {r.date}", "illustrative (no public source)"))
        else:
            kept.append(r)
    return kept


def _publishable(project: Project, report: ExportReport) -> Project | None:
    """The operation without its illustrative parts; None when the whole operation is illustrative."""
    if project.illustrative or project.is_illustrative("id"):
        why = "illustrative operation" if project.illustrative else "illustrative (invented) identifier"
        report.left_out.append(LeftOut(project.id, "operation", why))
        return None
    fields = project.illustrative_fields
    if not fields:
        return project
    update: dict[str, Any] = {}
    dates = {name: getattr(project.dates, name) for name in _DATE_FIELDS}
    for name in _DATE_FIELDS:
        if f"dates.{name}" in fields or "dates" in fields:
            dates[name] = None
    started = project.status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED)
    if started and project.dates.approval is not None and dates["approval"] is None:
        report.left_out.append(LeftOut(project.id, "operation", "its approval date is illustrative (no public source)"))
        return None
    update["dates"] = project.dates.model_copy(update=dates)
    for name, empty in (
        ("sectors", ()),
        ("locations", ()),
        ("implementing_agency", None),
        ("borrower", None),
        ("commitment", None),
        ("description", None),
    ):
        if name in fields:
            update[name] = empty
    for name in sorted(fields):
        report.left_out.append(LeftOut(project.id, name, "illustrative (no public source)"))
    return project.model_copy(update=update)


def _publishable_programme(programme: Programme) -> Programme:
    """The programme's indicators without illustrative baselines and targets."""
    areas = []
    for area in programme.priority_areas:
        objectives = []
        for objective in area.objectives:
            indicators = []
            for ind in objective.indicators:
                update: dict[str, Any] = {}
                if ind.illustrative or "baseline" in ind.illustrative_fields:
                    update["baseline"] = None
                if ind.illustrative or any(f.startswith("target") for f in ind.illustrative_fields):
                    update["target"] = None
                indicators.append(ind.model_copy(update=update))
            objectives.append(objective.model_copy(update={"indicators": tuple(indicators)}))
        areas.append(area.model_copy(update={"objectives": tuple(objectives)}))
    return programme.model_copy(update={"priority_areas": tuple(areas)})
