"""``cpfkit import wb-projects``: World Bank Projects API records into the store, one transaction per file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cpfkit.errors import DataError, NotFound
from cpfkit.ingest.unsupported import Unsupported
from cpfkit.ingest.wbprojects import read_wb_projects, to_wb_project
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record_many
from cpfkit.store.tables import ProgrammeRow
from cpfkit.store.wb_repository import upsert_wb_project

__all__ = ["WbImportReport", "WbSkip", "import_wb_projects"]

_KINDS = ("IBRD", "IDA", "grant")


@dataclass(frozen=True)
class WbSkip:
    """A record not stored, and why (``unsupported``: the core model cannot hold it; ``conflict``: id taken)."""

    project: str | None
    where: str
    kind: str
    field: str | None
    reason: str


@dataclass
class WbImportReport:
    """What importing Projects API records did (or, with ``dry_run``, would do); amounts in US dollars."""

    files: list[str] = field(default_factory=list)
    dry_run: bool = False
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    filtered: int = 0
    skips: list[WbSkip] = field(default_factory=list)
    commitments: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(_KINDS, Decimal(0)))
    missing: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*_KINDS, "project_cost"), 0))
    project_cost: Decimal = Decimal(0)

    def to_json(self) -> dict[str, Any]:
        """The summary scripts rely on (sums as exact decimal strings)."""
        return {
            "files": self.files,
            "dry_run": self.dry_run,
            "projects": {
                "read": self.read,
                "stored": self.new + self.updated + self.unchanged,
                "new": self.new,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "filtered": self.filtered,
                "skipped": len(self.skips),
                "skips": [vars(s) for s in self.skips],
            },
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
    actor: Actor | None = None,
) -> WbImportReport:
    """Import Projects API exports (JSON or CSV), each file in one transaction.

    Absent amounts are counted in ``missing`` and not summed; zero amounts are summed as zero.
    With an ``actor``, each new or updated project has an ``import`` entry in the audit trail.

    Raises:
        DataError: a malformed file or value (file, record and field named); nothing of that file is stored.
        NotFound: the programme to link to does not exist.
    """
    report = WbImportReport(dry_run=dry_run)
    with store.transaction() as session:
        if programme is not None and session.get(ProgrammeRow, programme) is None:
            raise NotFound("programme", programme)
    for path in paths:
        report.files.append(str(path))
        with store.transaction() as session:
            changed: list[tuple[str, str, dict[str, Any]]] = []
            for where, record in read_wb_projects(path):
                report.read += 1
                try:
                    project, extra = to_wb_project(record, where=where, source=path.name)
                except Unsupported as exc:
                    if countries and str(record.get("countrycode") or "").upper() not in countries:
                        report.filtered += 1
                        continue
                    report.skips.append(
                        WbSkip(str(record.get("id") or "") or None, where, "unsupported", exc.field, exc.message)
                    )
                    continue
                except DataError as exc:
                    raise exc.located(file=str(path)) from None
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
                    report.skips.append(WbSkip(project.id, where, "conflict", "id", reason or ""))
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome in ("new", "updated"):
                    changed.append((project.id, project.id, {"file": path.name, "outcome": outcome}))
                for kind, value in zip(_KINDS, (extra.ibrd, extra.ida, extra.grant), strict=True):
                    if value is None:
                        report.missing[kind] += 1
                    else:
                        report.commitments[kind] += value
                if extra.project_cost is None:
                    report.missing["project_cost"] += 1
                else:
                    report.project_cost += extra.project_cost
            if actor is not None and not dry_run:
                record_many(session, actor, "import", "project", changed, programme_id=programme)
    return report
