"""Payloads checked by the domain model, a failure naming the record and the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cpfkit.errors import DataError, UnknownCode

__all__ = ["merged", "validated"]

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Mapping[str, Any], record_label: str, prefix: str = "") -> M:
    """``model`` built from ``data``; a validation error becomes a DataError naming the field.

    Args:
        model: the domain model that checks the values.
        data: the values.
        record_label: the record, for the message (``project P1``).
        prefix: prepended to the field path (when ``data`` is part of a larger payload).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if not path and "needs a source" in message:
            path = "source"
        field = ".".join(p for p in (prefix, path) if p) or "record"
        cls = UnknownCode if error["type"] in ("enum", "literal_error") else DataError
        raise cls(message, record=record_label, field=field) from exc


def merged(row_data: dict[str, Any], payload: BaseModel, required: Sequence[str], label: str) -> dict[str, Any]:
    """A stored record's values with a change's; a required field may not be cleared, a cleared list is empty."""
    given = payload.model_dump(exclude_unset=True)
    for name in required:
        if name in given and given[name] is None:
            raise DataError("may not be empty", record=label, field=name)
    data = {**row_data, **given}
    if "illustrative_fields" in given and given["illustrative_fields"] is None:
        data["illustrative_fields"] = []
    return data
