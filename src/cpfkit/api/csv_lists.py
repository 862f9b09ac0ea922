"""A list of the API as CSV: one row per item, nested fields as dotted columns, lists of values joined with ``|``.

Decimals are written exactly (the same text from SQLite and PostgreSQL), and a
text a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

__all__ = ["to_csv"]


def _plain(value: Any) -> Any:
    """A value as nested dicts, lists and scalars, keeping decimals exact."""
    if isinstance(value, BaseModel):
        return {k: _plain(getattr(value, k)) for k in type(value).model_fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):  # the same text from SQLite and PostgreSQL: no trailing zeros
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text  # a spreadsheet would run it as a formula
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[prefix] = "|".join(_cell(v) for v in value)
        else:
            out[prefix] = json.dumps(value, default=_cell, ensure_ascii=False)
    else:
        out[prefix] = _cell(value)


def to_csv(items: Sequence[Any], columns_of: type[BaseModel] | None = None) -> str:
    """Items (pydantic models, dataclasses or mappings) as CSV, one row each, nested fields as dotted columns.

    An empty list still has its header when ``columns_of`` names the item's model.

    Examples:
        >>> row = {"id": "P1", "commitment": {"amount": Decimal("600.50"), "currency": "USD"}, "tags": ["a", "b"]}
        >>> to_csv([row]).splitlines()
        ['id,commitment.amount,commitment.currency,tags', 'P1,600.5,USD,a|b']
    """
    rows: list[dict[str, str]] = []
    for item in items:
        flat: dict[str, str] = {}
        _flatten(_plain(item), "", flat)
        rows.append(flat)
    columns: dict[str, None] = {}
    if not rows and columns_of is not None:
        columns = dict.fromkeys(columns_of.model_fields)
    for row in rows:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
