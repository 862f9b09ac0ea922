"""A copy of the portfolio tables for the portfolio engine: DuckDB tables and NumPy series.

The portfolio review reads every transaction and every rating of a programme.
DuckDB cannot read SQLite files without its ``sqlite_scanner`` extension,
which the ``duckdb`` wheel does not bundle and cpfkit never downloads, and a
row-by-row read of SQLite through Python takes seconds for millions of rows.
So the store keeps a copy in the form the engine reads fastest:

* the small tables (operations, links, financing, events, plans, country
  flags, the programme's own SORT ratings) as DuckDB tables;
* the ledger, the ISR ratings and the operations' SORT ratings as sorted
  series (:mod:`cpfkit.store.series`), so that any as-of date is answered by
  binary search in time proportional to the number of operations.

For a SQLite file the copy lives in a folder next to it
(``<database>.portfolio/``), one subfolder per state of the database, and is
rebuilt whenever the database has changed.  A change is seen from the
database file's header, size and modification time and from the headers of
its write-ahead log and wal-index, which every committed write changes (reads
do not; the log and the wal-index are re-created by each process that opens
the database, so they count only while the log holds frames, by their sizes
and headers).  When the last connection closes, SQLite moves the log into the
database file: a copy built while the log held frames is then rebuilt once.  For PostgreSQL, or an
in-memory SQLite, the programme's tables are read into memory on each call.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from cpfkit.store.series import Series, build_series
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

__all__ = [
    "COLUMNS",
    "MIRROR_VERSION",
    "SERIES_TABLES",
    "Columns",
    "PortfolioData",
    "mirror_path",
    "portfolio_data",
    "prepare",
    "read_columns",
    "register",
]

MIRROR_VERSION = 2
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


# -- the copy next to a SQLite file ------------------------------------------------------------


_ARRAYS = ("key", "value", "flag")


def mirror_path(store: Store) -> Path | None:
    """The folder of the copy of a SQLite store (None for PostgreSQL and in-memory SQLite)."""
    if store.dialect != "sqlite":
        return None
    database = make_url(store.url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser().resolve()
    return path.with_name(path.name + ".portfolio")


def _file(path: Path, head: int) -> tuple[int, int, bytes] | None:
    try:
        stat = path.stat()
        with path.open("rb") as fh:
            return stat.st_size, stat.st_mtime_ns, fh.read(head)
    except FileNotFoundError:
        return None


def _fingerprint(database: Path, revision: str | None) -> str:
    """What changes whenever a write is committed to a SQLite database in WAL (or rollback) mode.

    The database file counts by its header, size and modification time.  The
    write-ahead log and the wal-index are re-created by each process that opens
    the database, so they count only while the log holds frames, and then by
    their sizes and headers, which every commit changes.
    """
    parts = [f"v{MIRROR_VERSION}", revision or "-"]
    main = _file(database, 100)
    parts.append("-" if main is None else f"{main[0]}:{main[1]}:{main[2].hex()}")
    log = _file(database.with_name(database.name + "-wal"), 32)
    if log is not None and log[0] > 0:
        index = _file(database.with_name(database.name + "-shm"), 48)
        parts.append(f"{log[0]}:{log[2].hex()}:{index[2].hex() if index else '-'}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def portfolio_data(store: Store, programme_id: str) -> PortfolioData:
    """What the review of ``programme_id`` reads, from the copy (rebuilt first if the database changed).

    For PostgreSQL or an in-memory SQLite the programme's tables are read now.
    """
    folder = mirror_path(store)
    if folder is None:
        return _in_memory(store, programme_id)
    database = folder.with_name(folder.name.removesuffix(".portfolio"))
    target = folder / _fingerprint(database, store.current_revision())
    data = _open(target)
    if data is not None:
        return data
    try:
        _build(store, folder, target)
    except OSError:
        return _in_memory(store, programme_id)
    return _open(target) or _in_memory(store, programme_id)


def _open(target: Path) -> PortfolioData | None:
    if not (target / "done").exists():
        return None
    try:
        con = duckdb.connect(str(target / "tables.duckdb"), read_only=True)
    except duckdb.Error:
        return None
    try:
        scale = int((target / "done").read_text().strip() or "2")
        series = [
            Series(
                key=np.load(target / f"{name}.key.npy", mmap_mode="r"),
                value=np.load(target / f"{name}.value.npy", mmap_mode="r"),
                flag=np.load(target / f"{name}.flag.npy", mmap_mode="r"),
                width=width,
            )
            for name, width in (("ledger", 8), ("ratings", 8), ("sort", 16))
        ]
    except (OSError, ValueError):
        con.close()
        return None
    return PortfolioData(con, series[0], series[1], series[2], scale)


def _in_memory(store: Store, programme_id: str) -> PortfolioData:
    with store.engine.connect() as conn:
        return prepare(read_columns(conn, programme_id))


def _build(store: Store, folder: Path, target: Path) -> None:
    """Write the copy of every programme to a new subfolder, put it in place in one rename, drop the old ones."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}"
    partial.mkdir()
    try:
        con = duckdb.connect(str(partial / "tables.duckdb"))
        try:
            with store.engine.connect() as conn:
                data = prepare(read_columns(conn), con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        for name, series in (("ledger", data.ledger), ("ratings", data.ratings), ("sort", data.sort)):
            for part in _ARRAYS:
                np.save(partial / f"{name}.{part}.npy", getattr(series, part))
        (partial / "done").write_text(str(data.money_scale))
        try:
            partial.rename(target)
        except OSError:
            if not (target / "done").exists():
                raise
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    for old in folder.iterdir():
        if old.name != target.name and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
