"""What ``cpfkit import iati`` did: counts, exact sums, and the activities warned about or not stored.

The ``--json`` summary (``docs/iati.md`` shows one) keeps
``activities{read, stored, skipped, …}`` and ``transactions{code: {count, sum}}``
— counting exactly what was stored, sums as exact decimal strings, negatives
included — and lists ``warnings`` and ``skipped``, each
``{activity, line, field, message}`` (a skip also says its ``kind``).  So that
memory does not grow with a file, the first :data:`LISTED` of each are kept;
``warnings_count`` and ``activities.skipped`` count them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from cpfkit.services.interchange.tally import Tally
from cpfkit.store.iati.rows import ActivityRows

__all__ = ["LISTED", "FileReport", "ImportReport", "Skip"]

LISTED = 10_000
"""How many warnings, and how many skipped activities, a summary lists (it counts them all)."""


class Skip(NamedTuple):
    """An activity that was not stored and why — or, with ``kind`` ``warning``, a slip noted in a stored one.

    ``kind`` of a skip: ``invalid`` (the activity lacks what cpfkit needs, or
    is malformed; with ``--strict`` it refuses the file), ``unsupported``
    (well-formed, but the core model cannot hold it) or ``conflict`` (its
    identifier belongs to a project not imported from IATI).
    """

    activity: str | None
    line: int | None
    field: str | None
    message: str
    kind: str

    def entry(self) -> dict[str, Any]:
        """The summary's entry: ``{activity, line, field, message}``, and ``kind`` for a skip."""
        out: dict[str, Any] = {"activity": self.activity, "line": self.line, "field": self.field}
        out["message"] = self.message
        if self.kind != "warning":
            out["kind"] = self.kind
        return out


@dataclass
class FileReport(Tally):
    """What importing one file did (or, with ``dry_run``, would do)."""

    file: str
    version: str
    dry_run: bool = False
    skipped: int = 0
    skips: list[Skip] = field(default_factory=list)
    """The first :data:`LISTED` skipped activities (``skipped`` counts them all)."""
    warnings_count: int = 0
    warnings: list[Skip] = field(default_factory=list)
    """The first :data:`LISTED` warnings (``warnings_count`` counts them all)."""
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: int = 0
    indicators: int = 0
    periods: int = 0

    def skip(self, item: Skip) -> None:
        """Count an activity not stored, and list it while the list is not full."""
        self.skipped += 1
        if len(self.skips) < LISTED:
            self.skips.append(item)

    def warn(self, item: Skip) -> None:
        """Count a warning, and list it while the list is not full."""
        self.warnings_count += 1
        if len(self.warnings) < LISTED:
            self.warnings.append(item)

    def add_transactions(self, rows: ActivityRows) -> None:
        """Count an activity's transactions in the totals by IATI type and currency."""
        for (kind, currency), (count, total) in rows.tx_stats.items():
            entry = self.transactions.setdefault(kind, {"count": 0, "sum": {}})
            entry["count"] += count
            entry["sum"][currency] = entry["sum"].get(currency, Decimal(0)) + total

    def to_json(self) -> dict[str, Any]:
        """The summary scripts rely on (sums as exact decimal strings)."""
        return {
            "file": self.file,
            "version": self.version,
            "dry_run": self.dry_run,
            "activities": self.counts(self.skipped),
            "warnings": [w.entry() for w in self.warnings],
            "warnings_count": self.warnings_count,
            "skipped": [s.entry() for s in self.skips],
            "transactions": _transactions_json(self.transactions),
            "results": {"results": self.results, "indicators": self.indicators, "periods": self.periods},
        }


def _transactions_json(totals: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(totals, key=lambda k: (len(k), k))
    return {
        k: {
            "count": totals[k]["count"],
            "sum": {c: format(v, "f") for c, v in sorted(totals[k]["sum"].items())},
        }
        for k in ordered
    }


@dataclass
class ImportReport:
    """The reports of every file imported, and their totals."""

    files: list[FileReport]

    def to_json(self) -> dict[str, Any]:
        """Totals over the files (same shape as one file's summary) and each file's summary."""
        total = FileReport(file="", version="", dry_run=any(f.dry_run for f in self.files))
        for f in self.files:
            total.add(f)
            total.skipped += f.skipped
            total.skips.extend(f.skips[: LISTED - len(total.skips)])
            total.warnings_count += f.warnings_count
            total.warnings.extend(f.warnings[: LISTED - len(total.warnings)])
            total.results += f.results
            total.indicators += f.indicators
            total.periods += f.periods
            for kind, entry in f.transactions.items():
                mine = total.transactions.setdefault(kind, {"count": 0, "sum": {}})
                mine["count"] += entry["count"]
                for currency, value in entry["sum"].items():
                    mine["sum"][currency] = mine["sum"].get(currency, Decimal(0)) + value
        out = total.to_json()
        del out["file"], out["version"]
        out["files"] = [f.to_json() for f in self.files]
        return out
