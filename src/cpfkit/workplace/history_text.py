"""A record's changes in English words and figures, for the command line (the pages write them in their language)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from cpfkit.workplace.field_labels import field_label
from cpfkit.workplace.history_changes import Change, is_money, kind_of
from cpfkit.workplace.value_labels import value_label

__all__ = ["as_text"]


def _number(value: Any) -> str:
    """A number with thousands separators, every digit kept (``1234567.891`` → ``1,234,567.891``)."""
    exact = Decimal(str(value))
    text = format(exact, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plain(field: str, kind: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if kind == "secret":
        return "(hidden)" if value == "(hidden)" else "(changed)"
    if kind == "money" and is_money(value):
        return f"{_number(value['amount'])} {value['currency']}"
    if kind == "usd":
        return f"{_number(value)} USD"
    if kind == "flag":
        return "yes" if value else "no"
    if kind == "number":
        return _number(value)
    if kind == "time" and isinstance(value, str):
        return value[:16].replace("T", " ") + " UTC"
    if kind in ("list", "items") and isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(_item(field, v) for v in value)
    if isinstance(value, str):
        return value_label(field, value) or value
    return str(value)


def _item(field: str, value: Any) -> str:
    if isinstance(value, Mapping) and not is_money(value):
        parts = []
        for key, item in value.items():
            if item in (None, [], ""):
                continue
            path = f"{field}.{key}"
            parts.append(f"{field_label(key).lower()} {_plain(path, kind_of(path, item), item)}")
        return ", ".join(parts)
    return _plain(field, kind_of(field, value), value)


def as_text(change: Change) -> tuple[str, str]:
    """The old and new values of a change in English words and figures (``—`` for an empty one).

    Examples:
        >>> as_text(Change("commitment", "Commitment", "money", {"amount": 600, "currency": "USD"},
        ...                {"amount": "123450000.5", "currency": "EUR"}))
        ('600 USD', '123,450,000.5 EUR')
        >>> as_text(Change("rating", "Rating", "label", "MS", "U"))
        ('Moderately Satisfactory', 'Unsatisfactory')
    """
    return _plain(change.field, change.kind, change.old), _plain(change.field, change.kind, change.new)
