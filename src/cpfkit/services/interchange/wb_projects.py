"""``cpfkit import wb-projects``: World Bank Projects API records into the store, per record, one transaction per file.

Each record is read on its own (:func:`cpfkit.formats.wb_projects.records.to_wb_project`):
one with a slip is stored and the slip listed as a warning; one that cannot be
a project (no id, no amount…) or whose id belongs to an operation defined
elsewhere is skipped and listed with the reason; only a file that cannot be
read is refused whole.  With ``strict``, a warning refuses the file instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cpfkit.errors import DataError, NotFound
from cpfkit.formats.unsupported import Unsupported
from cpfkit.formats.wb_projects.records import Issue, RecordAt, read_wb_projects, to_wb_project
from cpfkit.services.interchange.tally import Tally
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record_many
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.wb_repository import upsert_wb_project

__all__ = ["WbImportReport", "WbNote", "WbSkip", "import_wb_projects"]

_KINDS = ("IBRD", "IDA", "grant")


@dataclass(frozen=True)
class WbSkip:
    """A record not stored, and why (``unsupported``: the core model cannot hold it; ``conflict``: id taken)."""

    project: str | None
    where: str
    kind: str
    field: str | None
    reason: str


@dataclass(frozen=True)
class WbNote:
    """A warning or a skip as the summary lists it: the record, where it is, the field and the message."""

    file: str
    record: str | None
    at: RecordAt
    field: str | None
    message: str
    kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        """``{record, line | index, field, message}`` (with ``kind`` for a skip, and the file)."""
        out: dict[str, Any] = {"file": self.file, "record": self.record}
        if self.at.line is not None:
            out["line"] = self.at.line
        if self.at.index is not None:
            out["index"] = self.at.index
        out["field"] = self.field
        out["message"] = self.message
        if self.kind is not None:
            out["kind"] = self.kind
        return out


@dataclass
class WbImportReport(Tally):
    """What importing Projects API records did (or, with ``dry_run``, would do); amounts in US dollars."""

    files: list[str] = field(default_factory=list)
    dry_run: bool = False
    strict: bool = False
    skipped: list[WbNote] = field(default_factory=list)
    warnings: list[WbNote] = field(default_factory=list)
    commitments: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(_KINDS, Decimal(0)))
    missing: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*_KINDS, "project_cost"), 0))
    project_cost: Decimal = Decimal(0)

    @property
    def skips(self) -> list[WbSkip]:
        """The records not stored, as the command's table and the summary's ``projects.skips`` show them."""
        return [WbSkip(n.record, n.at.label, n.kind or "", n.field, n.message) for n in self.skipped]

    def skip(self, file: str, at: RecordAt, project: str | None, kind: str, fld: str | None, reason: str) -> None:
        """List a record not stored."""
        self.skipped.append(WbNote(file, project, at, fld, reason, kind))

    def to_json(self) -> dict[str, Any]:
        """The summary scripts rely on (sums as exact decimal strings)."""
        return {
            "files": self.files,
            "dry_run": self.dry_run,
            "strict": self.strict,
            "projects": {
                **self.counts(len(self.skipped)),
                "warned": len({(w.file, w.at) for w in self.warnings}),
                "skips": [vars(s) for s in self.skips],
            },
            "warnings": [w.to_json() for w in self.warnings],
            "warnings_count": len(self.warnings),
            "skipped": [s.to_json() for s in self.skipped],
            "commitments_usd": {k: format(v, "f") for k, v in self.commitments.items()},
            "project_cost_usd": format(self.project_cost, "f"),
            "missing": self.missing,
        }


def import_wb_projects(
    store: Store,
    paths: list[Path],
    *,
    countries: frozenset[str] = frozenset(),
    programme: str | None = None,
    dry_run: bool = False,
    strict: bool = False,
    actor: Actor | None = None,
) -> WbImportReport:
    """Import Projects API exports (JSON or CSV), each file in one transaction, record by record.

    Absent amounts are counted in ``missing`` and not summed; zero amounts are summed as zero.
    With an ``actor``, each new or updated project has an ``import`` entry in the audit trail.

    Raises:
        DataError: a file that cannot be read, or with ``strict`` a record with a warning (file,
            record and field named); nothing of that file is stored.
        NotFound: the programme to link to does not exist.
    """
    report = WbImportReport(dry_run=dry_run, strict=strict)
    with store.transaction() as session:
        if programme is not None and session.get(ProgrammeRow, programme) is None:
            raise NotFound("programme", programme)
    for path in paths:
        report.files.append(str(path))
        file = str(path)
        with store.transaction() as session:
            changed: list[tuple[str, str, dict[str, Any]]] = []
            for at, record in read_wb_projects(path):
                report.read += 1
                raw_country = str(record.get("countrycode") or "").upper() if isinstance(record, dict) else ""
                pid = (str(record.get("id") or "").strip() or None) if isinstance(record, dict) else None
                try:
                    project, extra, issues = to_wb_project(record, where=at.label, source=path.name)
                except Unsupported as exc:
                    if countries and raw_country not in countries:
                        report.filtered += 1
                        continue
                    report.skip(file, at, pid, "unsupported", exc.field, exc.message)
                    continue
                if countries and project.country not in countries:
                    report.filtered += 1
                    continue
                digest = hashlib.blake2b(
                    json.dumps(record, sort_keys=True, default=str).encode() + path.name.encode(), digest_size=16
                ).hexdigest()
                outcome, reason = upsert_wb_project(
                    session,
                    project,
                    extra,
                    content_hash=digest,
                    source_file=path.name,
                    programme=programme,
                    dry_run=dry_run,
                )
                if outcome == "conflict":
                    report.skip(file, at, project.id, "conflict", "id", reason or "")
                    continue
                _warn(report, file, at, project.id, issues)
                report.count(outcome)
                if outcome in ("new", "updated"):
                    changed.append((project.id, project.id, {"file": path.name, "outcome": outcome}))
                _count(report, extra.ibrd, extra.ida, extra.grant, extra.project_cost)
            if actor is not None and not dry_run:
                record_many(session, actor, "import", "project", changed, programme_id=programme)
    return report


def _warn(report: WbImportReport, file: str, at: RecordAt, project: str, issues: list[Issue]) -> None:
    """List a stored record's slips; with ``strict``, refuse the file at the first."""
    for issue in issues:
        if report.strict:
            raise DataError(
                f"{issue.message} (--strict: warnings are errors)",
                file=file,
                record=f"{at.label} (project {project})",
                field=issue.field,
            )
        report.warnings.append(WbNote(file, project, at, issue.field, issue.message))


def _count(
    report: WbImportReport, ibrd: Decimal | None, ida: Decimal | None, grant: Decimal | None, cost: Decimal | None
) -> None:
    for kind, value in zip(_KINDS, (ibrd, ida, grant), strict=True):
        if value is None:
            report.missing[kind] += 1
        else:
            report.commitments[kind] += value
    if cost is None:
        report.missing["project_cost"] += 1
    else:
        report.project_cost += cost
