"""The history of a record, readable: each change as ``field: old → new``, with the values' kinds known.

The audit trail (:mod:`cpfkit.store.audit`) keeps each change as the record's
values before and after, as JSON.  Here an entry becomes a list of
:class:`~cpfkit.workplace.history_changes.Change`: one per field that changed
(nested fields such as ``dates.approval`` on their own), with the field's
label, the kind of its value (money, a date, a coded value with its label, ...)
and the values as stored, so that each interface writes them its own way: the
command line in English (:func:`~cpfkit.workplace.history_text.as_text`), the
pages in the reader's language (``cpfkit.web.history``).

The labels (:mod:`cpfkit.workplace.field_labels`, :mod:`cpfkit.workplace.value_labels`)
are the English originals; ``babel.cfg`` extracts them into the pages' catalogs,
where they are translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.workplace.editing import AuditEntry, audit_entries
from cpfkit.workplace.field_labels import FIELD_LABELS, N_, field_label
from cpfkit.workplace.history_changes import NEW, Change, changes_of
from cpfkit.workplace.history_text import as_text
from cpfkit.workplace.value_labels import FACTOR_LABELS, SORT_LABELS, VALUE_LABELS, value_label

__all__ = [
    "FACTOR_LABELS",
    "FIELD_LABELS",
    "SORT_LABELS",
    "VALUE_LABELS",
    "Change",
    "HistoryEntry",
    "N_",
    "as_text",
    "changes_of",
    "field_label",
    "history",
    "value_label",
]


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of a record's history: who, when, through which door, what, and the changes."""

    id: int
    at: datetime
    actor: str
    via: str
    action: str
    entity: str
    entity_id: str
    version: int | None
    changes: tuple[Change, ...]

    @property
    def created(self) -> bool:
        """Whether the entry brought the record in (its changes have only new values)."""
        return self.action in NEW


def entry_of(entry: AuditEntry) -> HistoryEntry:
    """The readable form of one audit entry."""
    return HistoryEntry(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        via=entry.via,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        version=entry.version,
        changes=tuple(changes_of(entry.action, entry.before, entry.after)),
    )


def history(
    store: Store, entity_id: str, *, entity: str | None = None, limit: int | None = None, oldest_first: bool = False
) -> tuple[list[HistoryEntry], int]:
    """The history of one record (newest first), and how many entries it has."""
    entries, total = audit_entries(
        store, AuditQuery(entity=entity, entity_id=entity_id), limit=limit, oldest_first=oldest_first
    )
    return [entry_of(e) for e in entries], total
