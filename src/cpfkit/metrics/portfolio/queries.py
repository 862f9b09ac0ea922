"""The review's DuckDB queries: the text of ``sql/<name>.sql``, and rows as dictionaries."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # DuckDB loads when a portfolio is computed, not when this module is imported
    import duckdb


__all__ = ["rows_of", "sql"]


_SQL = Path(__file__).parent / "sql"


@cache
def sql(name: str) -> str:
    """The text of ``sql/<name>.sql``."""
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def rows_of(con: duckdb.DuckDBPyConnection, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows a query returns, each as a dictionary keyed by column name."""
    cursor = con.execute(query, params or {})
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
