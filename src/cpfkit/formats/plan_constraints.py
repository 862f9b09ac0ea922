"""Read a planning scenario (``cpfkit plan --constraints FILE.yaml``) into :class:`PlanConstraints`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cpfkit.errors import DataError, UnknownCode
from cpfkit.formats.sources import LINE, first_error, read_yaml, strip_lines
from cpfkit.model.plan import PlanConstraints

__all__ = ["parse_constraints", "read_constraints"]


def parse_constraints(raw: Any, *, origin: str = "constraints") -> PlanConstraints:
    """Validate a scenario given as plain data (a YAML document or a JSON body).

    Raises:
        DataError: naming ``origin``, the line when known, and the field, e.g.
            ``plan.yaml: line 4: field priority_areas.PA3.min_share: Input should be less than or equal to 1``.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataError("must be a mapping of constraint fields", file=origin, record="constraints")
    try:
        return PlanConstraints.model_validate(strip_lines(raw))
    except ValidationError as exc:
        field, message = first_error(exc)
        error = exc.errors()[0]
        cls = UnknownCode if error["type"] in ("enum", "literal_error") else DataError
        line = _line(raw, [str(p) for p in error["loc"]])
        record = f"line {line}" if line is not None else "constraints"
        raise cls(message, file=origin, record=record, field=field) from exc


def _line(raw: Any, path: list[str]) -> int | None:
    """The line of the innermost mapping along a field path (files read with line marks)."""
    line = raw.get(LINE) if isinstance(raw, dict) else None
    node = raw
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            break
        if isinstance(node, dict) and LINE in node:
            line = node[LINE]
    return line if isinstance(line, int) else None


def read_constraints(path: Path) -> PlanConstraints:
    """Read and validate a constraints file.

    Raises:
        DataError: the file is missing, is not YAML, or a field is invalid (file, line and field named).
    """
    if not path.exists():
        raise DataError("no such file", file=str(path))
    return parse_constraints(read_yaml(path), origin=str(path))
