"""A columnar copy of the portfolio tables in DuckDB, for the portfolio engine.

The portfolio review reads whole tables (every transaction, every rating) and
aggregates them; DuckDB does that in milliseconds where a row-by-row read of
SQLite through Python takes seconds.  DuckDB cannot read SQLite files itself
without its ``sqlite_scanner`` extension, which the ``duckdb`` wheel does not
bundle and cpfkit never downloads, so the store keeps a copy:

* for a SQLite file, a DuckDB file next to it (``<database>.portfolio.duckdb``)
  holding every programme's portfolio tables, rebuilt whenever the database
  has changed since it was built.  A change is seen from the database file's
  header, size and modification time, and from the headers of its write-ahead
  log and wal-index, which every committed write changes (reads do not);
* for PostgreSQL (or an in-memory SQLite), the programme's tables are read on
  each call into an in-memory DuckDB.

The copy has the columns of :data:`COLUMNS`: money in US dollars as exact
``DECIMAL(38, 10)``, dates as ``DATE``, operations keyed by a dense ``pno``.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
from sqlalchemy import Integer, String, cast, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.sql import ColumnElement

from cpfkit.store.db import Store
from cpfkit.store.tables import (
    FinancingRow,
    PriorityAreaRow,
    ProgrammeProjectRow,
    ProjectAreaLinkRow,
    ProjectRatingRow,
    ProjectRow,
    SortRatingRow,
    TransactionRow,
)
from cpfkit.store.tables_portfolio import CountryFlagRow, PlannedDisbursementRow, ProjectEventRow

__all__ = ["COLUMNS", "MIRROR_VERSION", "Columns", "mirror_path", "portfolio_connection", "read_columns", "register"]

MIRROR_VERSION = 1
"""Bumped whenever the copy's layout changes, so old copies are rebuilt."""

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
    "transactions": {
        "pno": "INTEGER",
        "type": "VARCHAR",
        "date": "DATE",
        "amount_usd": MONEY,
        "illustrative": "BOOLEAN",
    },
    "ratings": {"pno": "INTEGER", "kind": "VARCHAR", "date": "DATE", "rating": "VARCHAR", "illustrative": "BOOLEAN"},
    "sort_ratings": {
        "programme_id": "VARCHAR",
        "pno": "INTEGER",
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
"""The tables of the copy.  Sources give ``project_id`` (the operation's id) where the copy has ``pno``."""


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
            columns["pno"] = np.arange(1, len(columns["id"]) + 1, dtype=np.int64)
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

    def read(table: str, columns: Sequence[Any], names: Sequence[str], *where: Any) -> Columns:
        query = select(*columns).where(*where)
        rows = conn.execute(query).all()
        if not rows:
            return {n: [] for n in names}
        return {n: list(col) for n, col in zip(names, zip(*rows, strict=True), strict=True)}

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
            _int_of(f.illustrative),
        ),
        ("project_id", "financier", "kind", "amount_usd", "mechanism", "mobilised_by", "illustrative"),
        *of_programme(f),
    )
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


# -- the copy next to a SQLite file ------------------------------------------------------------


def mirror_path(store: Store) -> Path | None:
    """Where the copy of a SQLite store lives (None for PostgreSQL and in-memory SQLite)."""
    if store.dialect != "sqlite":
        return None
    database = make_url(store.url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser().resolve()
    return path.with_name(path.name + ".portfolio.duckdb")


def _fingerprint(database: Path, revision: str | None) -> str:
    """What changes whenever a write is committed to a SQLite database in WAL (or rollback) mode."""
    parts = [f"v{MIRROR_VERSION}", revision or "-"]
    for suffix, head in (("", 100), ("-wal", 32), ("-shm", 48)):
        path = database.with_name(database.name + suffix)
        try:
            stat = path.stat()
            with path.open("rb") as fh:
                header = fh.read(head)
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}:{header.hex()}")
    return "|".join(parts)


def portfolio_connection(store: Store, programme_id: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding the portfolio tables the review of ``programme_id`` needs.

    For a SQLite file the connection is on the copy (rebuilt first when the
    database has changed); otherwise the programme's tables are read now.
    """
    target = mirror_path(store)
    if target is None:
        return _in_memory(store, programme_id)
    database = target.with_name(target.name.removesuffix(".portfolio.duckdb"))
    key = _fingerprint(database, store.current_revision())
    con = _open_current(target, key)
    if con is not None:
        return con
    try:
        _build(store, target, key)
    except (OSError, duckdb.IOException):
        return _in_memory(store, programme_id)
    return _open_current(target, key) or _in_memory(store, programme_id)


def _open_current(target: Path, key: str) -> duckdb.DuckDBPyConnection | None:
    if not target.exists():
        return None
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error:
        return None
    try:
        found = con.execute("SELECT key FROM mirror_meta").fetchone()
    except duckdb.Error:
        found = None
    if found is None or found[0] != key:
        con.close()
        return None
    return con


def _in_memory(store: Store, programme_id: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    with store.engine.connect() as conn:
        register(con, read_columns(conn, programme_id))
    return con


def _build(store: Store, target: Path, key: str) -> None:
    """Write the copy of every programme to a new file and put it in place in one rename."""
    partial = target.with_name(f"{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        con = duckdb.connect(str(partial))
        try:
            with store.engine.connect() as conn:
                register(con, read_columns(conn))
            con.execute("CREATE TABLE mirror_meta (key VARCHAR, version INTEGER)")
            con.execute("INSERT INTO mirror_meta VALUES (?, ?)", [key, MIRROR_VERSION])
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(partial, target)
    finally:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
