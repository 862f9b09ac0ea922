"""The portfolio engine's input: DuckDB tables and NumPy series, read from the store.

The portfolio review reads every transaction and every rating of a programme.
DuckDB cannot read SQLite files without its ``sqlite_scanner`` extension,
which the ``duckdb`` wheel does not bundle and cpfkit never downloads, and a
row-by-row read of SQLite through Python takes seconds for millions of rows.
So the engine reads its input in the form it reads fastest
(:class:`PortfolioData`):

* the small tables (operations, links, financing, events, plans, country
  flags, the programme's own SORT ratings) as DuckDB tables (:data:`COLUMNS`);
* the ledger, the ISR ratings and the operations' SORT ratings as sorted
  series (:mod:`cpfkit.store.series`), so that any as-of date is answered by
  binary search in time proportional to the number of operations.

:func:`read_columns` reads the tables, :func:`prepare` turns them into that
form.  For SQLite stores the result is kept on disk and rebuilt after writes
(:mod:`cpfkit.store.portfolio_copy`).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import numpy as np
from sqlalchemy import Integer, String, cast, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from cpfkit.store.series import Series, build_series
from cpfkit.store.tables_framework import PriorityAreaRow
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow
from cpfkit.store.tables_portfolio import CountryFlagRow, PlannedDisbursementRow, ProjectEventRow
from cpfkit.store.tables_project import FinancingRow, ProjectRow

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

Columns = dict[str, Sequence[Any]]
"""A table as columns of equal length (lists or NumPy arrays), keyed by column name."""

MONEY = "DECIMAL(38, 10)"

COLUMNS: dict[str, dict[str, str]] = {
    "projects": {
        "pno": "INTEGER",
        "id": "VARCHAR",
        "name": "VARCHAR",
        "institution": "VARCHAR",
        "instrument": "VARCHAR",
        "status": "VARCHAR",
        "approval": "DATE",
        "effectiveness": "DATE",
        "original_closing": "DATE",
        "revised_closing": "DATE",
        "commitment_usd": MONEY,
        "implementing_agency": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "programme_projects": {"programme_id": "VARCHAR", "pno": "INTEGER", "carried_from": "VARCHAR"},
    "project_areas": {"programme_id": "VARCHAR", "pno": "INTEGER", "area": "VARCHAR"},
    "programme_sort": {
        "programme_id": "VARCHAR",
        "category": "VARCHAR",
        "date": "DATE",
        "rating": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "financing": {
        "pno": "INTEGER",
        "financier": "VARCHAR",
        "kind": "VARCHAR",
        "amount_usd": MONEY,
        "mechanism": "VARCHAR",
        "mobilised_by": "VARCHAR",
        "co_mobilisers": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "events": {
        "pno": "INTEGER",
        "kind": "VARCHAR",
        "date": "DATE",
        "end_date": "DATE",
        "new_closing": "DATE",
        "note": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "planned": {"pno": "INTEGER", "date": "DATE", "amount_usd": MONEY, "illustrative": "BOOLEAN"},
    "country_flags": {
        "programme_id": "VARCHAR",
        "kind": "VARCHAR",
        "date": "DATE",
        "end_date": "DATE",
        "value": MONEY,
        "note": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
}
"""The DuckDB tables of the copy.  Sources give ``project_id`` (the operation's id) where the copy has ``pno``."""

NAME_SEPARATOR = "\x1f"
"""Separates the names of a list held in one text cell of the copy (``financing.co_mobilisers``)."""


def names_cell(names: Sequence[str] | None) -> str | None:
    """A list of names as one text cell of the copy (None when empty).

    Examples:
        >>> names_cell(["AIIB", "ADB"]).split(NAME_SEPARATOR), names_cell([])
        (['AIIB', 'ADB'], None)
    """
    return NAME_SEPARATOR.join(names) if names else None


SERIES_TABLES: dict[str, tuple[str, ...]] = {
    "transactions": ("project_id", "type", "date", "amount_usd", "illustrative"),
    "ratings": ("project_id", "kind", "date", "rating", "illustrative"),
    "sort_ratings": ("programme_id", "project_id", "category", "date", "rating", "illustrative"),
}
"""Raw tables that become series (:mod:`cpfkit.store.series`) rather than DuckDB tables."""


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


# -- putting columns into DuckDB -----------------------------------------------------------


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


# -- reading the store -----------------------------------------------------------------------


def _text_of(column: Any) -> ColumnElement[Any]:
    return cast(column, String)


def _int_of(column: Any) -> ColumnElement[Any]:
    return cast(column, Integer)


def read_columns(conn: Connection, programme_id: str | None = None) -> dict[str, Columns]:
    """The portfolio tables of one programme (or of every programme) as columns.

    Dates and money come back as text and flags as integers, so that nothing is
    converted row by row on the way; soft-deleted rows are left out.
    """
    members = (
        select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme_id)
        if programme_id is not None
        else None
    )

    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("BEGIN")  # one snapshot for every table read below

    def read(table: str, columns: Sequence[Any], names: Sequence[str], *where: Any) -> Columns:
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

    def of_programme(row: Any) -> list[Any]:
        conditions: list[Any] = [row.deleted_at.is_(None)] if hasattr(row, "deleted_at") else []
        if members is not None:
            conditions.append(row.project_id.in_(members))
        return conditions

    p = ProjectRow
    out: dict[str, Columns] = {
        "projects": read(
            "projects",
            (
                p.id,
                p.name,
                p.institution,
                p.instrument,
                p.status,
                _text_of(p.approval_date),
                _text_of(p.effectiveness_date),
                _text_of(p.original_closing_date),
                _text_of(p.revised_closing_date),
                _text_of(p.commitment_usd),
                p.implementing_agency,
                _int_of(p.illustrative),
            ),
            (
                "id",
                "name",
                "institution",
                "instrument",
                "status",
                "approval",
                "effectiveness",
                "original_closing",
                "revised_closing",
                "commitment_usd",
                "implementing_agency",
                "illustrative",
            ),
            p.deleted_at.is_(None),
            *([p.id.in_(members)] if members is not None else []),
        )
    }
    pp = ProgrammeProjectRow
    out["programme_projects"] = read(
        "programme_projects",
        (pp.programme_id, pp.project_id, pp.carried_from),
        ("programme_id", "project_id", "carried_from"),
        *([pp.programme_id == programme_id] if programme_id is not None else []),
    )
    link, area = ProjectAreaLinkRow, PriorityAreaRow
    out["project_areas"] = read(
        "project_areas",
        (link.programme_id, link.project_id, area.code),
        ("programme_id", "project_id", "area"),
        link.priority_area_id == area.id,
        *([link.programme_id == programme_id] if programme_id is not None else []),
    )
    t = TransactionRow
    out["transactions"] = read(
        "transactions",
        (t.project_id, t.type, _text_of(t.date), _text_of(t.amount_usd), _int_of(t.illustrative)),
        ("project_id", "type", "date", "amount_usd", "illustrative"),
        *of_programme(t),
    )
    r = ProjectRatingRow
    out["ratings"] = read(
        "ratings",
        (r.project_id, r.kind, _text_of(r.date), r.rating, _int_of(r.illustrative)),
        ("project_id", "kind", "date", "rating", "illustrative"),
        *of_programme(r),
    )
    s = SortRatingRow
    sort_where: list[Any] = [s.deleted_at.is_(None)]
    if members is not None:
        sort_where.append((s.programme_id == programme_id) | s.project_id.in_(members))
    out["sort_ratings"] = read(
        "sort_ratings",
        (s.programme_id, s.project_id, s.category, _text_of(s.date), s.rating, _int_of(s.illustrative)),
        ("programme_id", "project_id", "category", "date", "rating", "illustrative"),
        *sort_where,
    )
    f = FinancingRow
    out["financing"] = read(
        "financing",
        (
            f.project_id,
            f.financier,
            f.kind,
            _text_of(f.amount_usd),
            f.mechanism,
            f.mobilised_by,
            _text_of(f.co_mobilisers),
            _int_of(f.illustrative),
        ),
        ("project_id", "financier", "kind", "amount_usd", "mechanism", "mobilised_by", "co_mobilisers", "illustrative"),
        *of_programme(f),
    )
    out["financing"]["co_mobilisers"] = [
        names_cell(json.loads(v) if v else None) for v in out["financing"]["co_mobilisers"]
    ]
    e = ProjectEventRow
    out["events"] = read(
        "events",
        (
            e.project_id,
            e.kind,
            _text_of(e.date),
            _text_of(e.end_date),
            _text_of(e.new_closing_date),
            e.note,
            _int_of(e.illustrative),
        ),
        ("project_id", "kind", "date", "end_date", "new_closing", "note", "illustrative"),
        *of_programme(e),
    )
    d = PlannedDisbursementRow
    out["planned"] = read(
        "planned",
        (d.project_id, _text_of(d.date), _text_of(d.amount_usd), _int_of(d.illustrative)),
        ("project_id", "date", "amount_usd", "illustrative"),
        *of_programme(d),
    )
    c = CountryFlagRow
    out["country_flags"] = read(
        "country_flags",
        (
            c.programme_id,
            c.kind,
            _text_of(c.date),
            _text_of(c.end_date),
            _text_of(c.value),
            c.note,
            _int_of(c.illustrative),
        ),
        ("programme_id", "kind", "date", "end_date", "value", "note", "illustrative"),
        c.deleted_at.is_(None),
        *([c.programme_id == programme_id] if programme_id is not None else []),
    )
    return out


def prepare(raw: Mapping[str, Columns], con: duckdb.DuckDBPyConnection | None = None) -> PortfolioData:
    """Put raw columns (from :func:`read_columns`, or built from model objects) into the engine's form."""
    con = con or duckdb.connect()
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
