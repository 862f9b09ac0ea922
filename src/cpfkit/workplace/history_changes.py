"""An audit entry as changes: one per field that changed, with the kind of its values.

The audit trail (:mod:`cpfkit.store.audit`) keeps each change as the record's
values before and after, as JSON.  Nested fields such as ``dates.approval``
come out on their own; money and lists stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cpfkit.workplace.field_labels import field_label
from cpfkit.workplace.value_labels import VALUE_LABELS

__all__ = ["NEW", "Change", "changes_of", "is_money", "kind_of"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_DECIMAL_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


_DECIMAL_FIELDS = frozenset({"value", "weight", "percentage", "lat", "lon", "fx_rate", "discount_rate", "amount"})
"""Fields whose values are exact decimals, which JSON (and so the audit trail) holds as strings of their digits."""


_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


_SECRETS = frozenset({"password"})


_BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})  # the entry itself says these


NEW = frozenset({"create", "load", "reload"})  # entries that say what came in, with nothing before


@dataclass(frozen=True)
class Change:
    """One field of a record, before and after a change.

    ``kind`` says how to read the values: ``money`` (``{"amount", "currency"}``), ``usd`` (a number of US
    dollars), ``date``, ``time`` (ISO text), ``label`` (a code with a label in :data:`VALUE_LABELS`), ``flag``
    (true or false), ``number``, ``text``, ``list`` (of any of these), ``items`` (a list of nested records),
    ``secret`` (never shown).  ``old`` and ``new`` are the values as the trail keeps them (None: empty).
    """

    field: str
    label: str
    kind: str
    old: Any
    new: Any


def is_money(value: Any) -> bool:
    """Whether a value is an amount of money: ``{"amount", "currency"}``."""
    return isinstance(value, Mapping) and set(value) == {"amount", "currency"}


def kind_of(path: str, value: Any) -> str:
    """How to read the value of a field: money, usd, date, time, label, flag, number, text, list, items or secret."""
    last = path.rsplit(".", 1)[-1]
    if last in _SECRETS:
        return "secret"
    if is_money(value):
        return "money"
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, (int, float, Decimal)) or (
        isinstance(value, str) and _DECIMAL_TEXT.match(value) and (last.endswith("_usd") or last in _DECIMAL_FIELDS)
    ):
        return "usd" if last.endswith("_usd") else "number"
    if isinstance(value, list):
        return "items" if any(isinstance(v, Mapping) for v in value) else "list"
    if isinstance(value, str):
        if last in VALUE_LABELS:
            return "label"
        if _DATE.match(value):
            return "date"
        if _TIME.match(value):
            return "time"
    return "text"


def _leaves(value: Any, prefix: str, out: dict[str, Any]) -> None:
    """Nested records as dotted paths; money and lists stay whole."""
    if isinstance(value, Mapping) and not is_money(value):
        for key, item in value.items():
            _leaves(item, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


def changes_of(action: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """The changed fields of an audit entry, in the record's order.

    A creation lists what the record was created with (empty fields left out); a deletion or a restoration
    lists only what it changed (the deletion time), not the whole record it kept.

    Examples:
        >>> [(c.field, c.kind, c.old, c.new) for c in changes_of(
        ...     "update",
        ...     {"status": "active", "dates": {"approval": "2025-09-01", "effectiveness": None}},
        ...     {"status": "closed", "dates": {"approval": "2024-01-15", "effectiveness": None}},
        ... )]
        [('status', 'label', 'active', 'closed'), ('dates.approval', 'date', '2025-09-01', '2024-01-15')]
        >>> [(c.field, c.kind) for c in changes_of("update", {"amount_usd": "40", "value": "2.5", "code": "21020"},
        ...                                         {"amount_usd": "60", "value": "3", "code": "21030"})]
        [('amount_usd', 'usd'), ('value', 'number'), ('code', 'text')]
    """
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    _leaves(before or {}, "", old)
    _leaves(after or {}, "", new)
    if action in ("delete", "restore"):
        keys = list(new)
    else:
        keys = list(dict.fromkeys([*new, *old]))
    out = []
    for key in keys:
        if key in _BOOKKEEPING:
            continue
        was, now = old.get(key), new.get(key)
        if was == now or (action in NEW and now in (None, [], "")):
            continue
        kind = kind_of(key, now if now is not None else was)
        out.append(Change(key, field_label(key), kind, was, now))
    return out
