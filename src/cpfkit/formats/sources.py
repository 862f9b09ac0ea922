"""Reading YAML and CSV files with exact numbers and line numbers for error messages."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cpfkit.errors import DataError

__all__ = ["LINE", "csv_rows", "first_error", "read_yaml"]

LINE = "__line__"


class _ExactLoader(yaml.SafeLoader):
    """A safe YAML loader that reads floats as ``Decimal`` and notes each mapping's line."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # .inf, .nan
        raise yaml.constructor.ConstructorError(None, None, f"not a finite number: {text}", node.start_mark) from exc


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping = dict(loader.construct_pairs(node, deep=True))
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
_ExactLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; every mapping carries its line under ``__line__``.

    Raises:
        DataError: the file is not valid YAML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    try:
        return yaml.load(text, Loader=_ExactLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"not valid YAML: {problem}", file=str(path), record=where) from exc


def strip_lines(value: Any) -> Any:
    """The same data without the ``__line__`` marks."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers; empty cells become absent keys.

    Raises:
        DataError: the file lacks a required column.
    """
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        missing = [c for c in required if c not in columns]
        if missing:
            raise DataError(f"missing column(s) {', '.join(missing)}", file=str(path), record="header")
        for row in reader:
            cleaned = {k: v.strip() for k, v in row.items() if k is not None and v is not None and v.strip() != ""}
            if cleaned:
                yield reader.line_num, cleaned


def first_error(exc: ValidationError) -> tuple[str, str]:
    """The field path and message of the first error pydantic found."""
    error = exc.errors()[0]
    loc = [str(p) for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    field = ".".join(loc) or "record"
    message = error["msg"].removeprefix("Value error, ")
    return field, message
