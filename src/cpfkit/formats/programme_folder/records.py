"""Naming what is wrong in a programme folder: the record a problem is in, the field, and the kind of error.

Also the provenance columns every CSV file of the folder shares (``illustrative``, ``verified``,
``illustrative_fields``).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cpfkit.errors import (
    DataError,
    MissingProvenance,
    UnknownCode,
)
from cpfkit.formats.sources import LINE

__all__ = ["PROVENANCE_MESSAGE", "error_class", "locate", "provenance", "record_label"]

PROVENANCE_MESSAGE = "needs a source, or illustrative: true"


def record_label(raw: dict[str, Any], kind: str, index: int) -> str:
    """How a message names a record: its id, code or fiscal year and its line, else its place in the file."""
    for key in ("id", "code", "fy"):
        if key in raw and raw[key] is not None:
            value = raw[key]
            text = f"FY{value}" if key == "fy" else str(value)
            return f"{kind} {text}" + (f" (line {raw[LINE]})" if LINE in raw else "")
    return f"{kind} #{index + 1}" + (f" (line {raw[LINE]})" if LINE in raw else "")


def locate(raw: Any, loc: list[str], kind: str) -> tuple[str, str]:
    """Find the innermost identified record along a pydantic error path, and the field within it."""
    record = kind
    field_parts: list[str] = []
    node = raw
    index_hint = 0
    for part in loc:
        field_parts.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            index_hint = int(part)
            node = node[int(part)]
            if isinstance(node, dict):
                container = field_parts[-2] if len(field_parts) > 1 else kind
                record = record_label(
                    node, container.rstrip("s").replace("_", " ").replace("prioritie", "priority"), index_hint
                )
                field_parts = []
        else:
            break
    return record, ".".join(field_parts) or "record"


def error_class(exc: ValidationError) -> type[DataError]:
    """The error a validation problem is reported as: an unknown code, a missing source, or bad data."""
    error = exc.errors()[0]
    if error["type"] in ("enum", "literal_error"):
        return UnknownCode
    if PROVENANCE_MESSAGE in error["msg"]:
        return MissingProvenance
    return DataError


def provenance(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row with ``illustrative``/``verified`` read as booleans and ``illustrative_fields`` as a list.

    ``illustrative_fields`` lists field names separated by ``|`` (e.g. ``date|amount``).
    """
    out: dict[str, Any] = dict(row)
    for flag in ("illustrative", "verified"):
        if flag in out:
            out[flag] = boolean(out[flag])
    if "illustrative_fields" in out:
        out["illustrative_fields"] = [f.strip() for f in out["illustrative_fields"].split("|") if f.strip()]
    return out


def boolean(text: str) -> bool | str:
    """A yes or no of a CSV cell; other text as it is, for the model to refuse."""
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "1", "y"):
        return True
    if lowered in ("false", "no", "0", "n"):
        return False
    return text  # pydantic refuses it with a clear message
