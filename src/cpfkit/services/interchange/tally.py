"""What an import did with the records it read: the counts the IATI and World Bank summaries share."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Tally"]


@dataclass(kw_only=True)
class Tally:
    """How many records an import read and what became of them (with ``dry_run``: what would have)."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    filtered: int = 0

    @property
    def stored(self) -> int:
        """Records now in the store: new, updated or already identical."""
        return self.new + self.updated + self.unchanged

    def count(self, outcome: str) -> None:
        """Count one record the store took: ``new``, ``updated`` or ``unchanged``."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other: Tally) -> None:
        """Add the counts of another import (one file's, to the totals)."""
        self.read += other.read
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.filtered += other.filtered

    def counts(self, skipped: int) -> dict[str, int]:
        """The summary's counts, ``stored`` included, and the ``skipped`` records the caller counted."""
        return {
            "read": self.read,
            "stored": self.stored,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "filtered": self.filtered,
            "skipped": skipped,
        }
