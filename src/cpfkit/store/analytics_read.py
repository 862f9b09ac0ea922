"""Reading the portfolio engine's tables from the store as columns, in one snapshot, through the driver's cursor."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from cpfkit.store import analytics_operations as operations
from cpfkit.store import analytics_records as records
from cpfkit.store.analytics_scope import Query, Scope
from cpfkit.store.analytics_tables import Columns, names_cell

__all__ = ["QUERIES", "read_columns"]

QUERIES: dict[str, Callable[[Scope], Query]] = {
    "projects": operations.projects,
    "programme_projects": operations.programme_projects,
    "project_areas": operations.project_areas,
    "transactions": records.transactions,
    "ratings": records.ratings,
    "sort_ratings": records.sort_ratings,
    "financing": operations.financing,
    "events": records.events,
    "planned": records.planned,
    "country_flags": records.country_flags,
}
"""Each table the copy is built from, and its query."""


def read_columns(conn: Connection, programme_id: str | None = None) -> dict[str, Columns]:
    """The portfolio tables of one programme (or of every programme) as columns.

    Dates and money come back as text and flags as integers, so that nothing is
    converted row by row on the way; soft-deleted rows are left out.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")  # one snapshot for every table read below
    scope = Scope(programme_id)
    out = {name: _read(conn, *query(scope)) for name, query in QUERIES.items()}
    out["financing"]["co_mobilisers"] = [
        names_cell(json.loads(v) if v else None) for v in out["financing"]["co_mobilisers"]
    ]
    return out


def _read(conn: Connection, columns: Sequence[Any], names: Sequence[str], where: Sequence[Any]) -> Columns:
    query = select(*columns).where(*where)
    text = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    # millions of rows: read through the driver's cursor, without the collector watching each tuple
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    collecting = gc.isenabled()
    gc.disable()
    try:
        cursor.execute(text)
        rows = cursor.fetchall()
        if not rows:
            return {n: [] for n in names}
        return {n: list(col) for n, col in zip(names, zip(*rows, strict=True), strict=True)}
    finally:
        cursor.close()
        if collecting:
            gc.enable()
