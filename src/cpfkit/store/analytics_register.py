"""Putting columns into DuckDB: the copy's tables created from columns of text, numbers and booleans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np

from cpfkit.store.analytics_tables import COLUMNS, Columns

if TYPE_CHECKING:  # DuckDB loads when a portfolio is computed, not when this module is imported
    import duckdb

__all__ = ["register"]


def _text(value: Any) -> Any:
    """Dates and decimals as text, so that DuckDB casts them exactly."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _array(values: Sequence[Any], sql_type: str) -> np.ndarray[Any, Any]:
    if isinstance(values, np.ndarray):
        return values
    if sql_type in ("INTEGER", "BOOLEAN") and all(v is not None for v in values):
        return np.asarray(values, dtype=np.int64)
    return np.asarray([_text(v) for v in values], dtype=object)


def register(con: duckdb.DuckDBPyConnection, tables: Mapping[str, Columns]) -> None:
    """Create the copy's tables in a DuckDB connection from columns of text, numbers and booleans.

    ``projects`` must give ``id`` (``pno`` is assigned here when absent); the
    other tables give ``project_id`` and get the operation's ``pno``.  Dates and
    money may be ISO text and decimal text: the casts happen in DuckDB, exactly.
    Missing tables are created empty.
    """
    for name, spec in COLUMNS.items():
        source_spec = {("project_id" if c == "pno" and name != "projects" else c): t for c, t in spec.items()}
        columns = dict(tables.get(name, {}))
        if name == "projects" and columns and "pno" not in columns:
            columns["pno"] = list(range(1, len(columns["id"]) + 1))
        if not columns or len(next(iter(columns.values()))) == 0:
            cols = ", ".join(f'"{c}" {t}' for c, t in spec.items())
            con.execute(f"CREATE OR REPLACE TABLE {name} ({cols})")
            continue
        missing = set(source_spec) - set(columns)
        if missing:
            raise ValueError(f"table {name} lacks column(s) {', '.join(sorted(missing))}")
        view = f"_source_{name}"
        con.register(
            view, {c: _array(columns[c], "VARCHAR" if c == "project_id" else t) for c, t in source_spec.items()}
        )
        parts = []
        for c, t in spec.items():
            parts.append("p.pno AS pno" if c == "pno" and name != "projects" else f'CAST(s."{c}" AS {t}) AS "{c}"')
        join = "LEFT JOIN projects p ON p.id = s.project_id" if "project_id" in source_spec else ""
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {', '.join(parts)} FROM {view} s {join}")
        con.unregister(view)
