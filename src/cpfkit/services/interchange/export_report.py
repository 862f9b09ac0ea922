"""What ``cpfkit export iati`` wrote: activities, sums by transaction type and currency, and what it left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cpfkit.formats.iati.write_elements import fmt_decimal
from cpfkit.model.iati import IatiActivity

__all__ = ["ExportReport", "LeftOut"]


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
