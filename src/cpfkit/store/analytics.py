"""The portfolio engine's input: DuckDB tables and NumPy series, read from the store.

The portfolio review reads every transaction and every rating of a programme.
DuckDB cannot read SQLite files without its ``sqlite_scanner`` extension,
which the ``duckdb`` wheel does not bundle and cpfkit never downloads, and a
row-by-row read of SQLite through Python takes seconds for millions of rows.
So the engine reads its input in the form it reads fastest
(:class:`PortfolioData`):

* the small tables (operations, links, financing, events, plans, country
  flags, the programme's own SORT ratings) as DuckDB tables (:data:`COLUMNS`,
  laid out in :mod:`~cpfkit.store.analytics_tables`, created by
  :mod:`~cpfkit.store.analytics_register`);
* the ledger, the ISR ratings and the operations' SORT ratings as sorted
  series (:mod:`cpfkit.store.series`), so that any as-of date is answered by
  binary search in time proportional to the number of operations.

:func:`read_columns` reads the tables (:mod:`~cpfkit.store.analytics_read`,
one query each in :mod:`~cpfkit.store.analytics_operations` and
:mod:`~cpfkit.store.analytics_records`), :func:`prepare`
turns them into that form.  For SQLite stores the result is kept on disk and rebuilt after writes
(:mod:`cpfkit.store.portfolio_copy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cpfkit.store.analytics_read import read_columns
from cpfkit.store.analytics_register import register
from cpfkit.store.analytics_tables import COLUMNS, NAME_SEPARATOR, SERIES_TABLES, Columns, names_cell
from cpfkit.store.series import build_series
from cpfkit.store.series_search import Series

if TYPE_CHECKING:  # DuckDB loads when a portfolio is computed, not when this module is imported
    import duckdb

__all__ = [
    "COLUMNS",
    "NAME_SEPARATOR",
    "SERIES_TABLES",
    "Columns",
    "PortfolioData",
    "names_cell",
    "prepare",
    "read_columns",
    "register",
]


@dataclass
class PortfolioData:
    """What the portfolio engine reads: DuckDB tables on ``con``, and the three series."""

    con: duckdb.DuckDBPyConnection
    ledger: Series
    ratings: Series
    sort: Series
    money_scale: int

    def close(self) -> None:
        """Close the DuckDB connection."""
        self.con.close()


def prepare(raw: Mapping[str, Columns], con: duckdb.DuckDBPyConnection | None = None) -> PortfolioData:
    """Put raw columns (from :func:`read_columns`, or built from model objects) into the engine's form."""
    if con is None:
        import duckdb

        con = duckdb.connect()
    tables = dict(raw)
    sort = tables.get("sort_ratings") or {}
    if sort and len(sort.get("category", ())):
        programme_rows = [i for i, pid in enumerate(sort["project_id"]) if pid is None]
        tables["programme_sort"] = {
            c: [sort[c][i] for i in programme_rows]
            for c in ("programme_id", "category", "date", "rating", "illustrative")
        }
    register(con, tables)
    ids = tables.get("projects", {}).get("id", ())
    pnos = tables.get("projects", {}).get("pno") or range(1, len(ids) + 1)
    ledger, ratings, sort_series, scale = build_series(dict(zip(ids, pnos, strict=True)), raw)
    return PortfolioData(con, ledger, ratings, sort_series, scale)
