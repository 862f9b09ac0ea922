"""The copy of a SQLite store's portfolio tables, kept next to the database file and rebuilt after writes.

The copy lives in ``<database>.portfolio/``, one subfolder per state of the
database: ``tables.duckdb`` (the small tables) and ``*.npy`` (the sorted
series), written by :func:`cpfkit.store.analytics.prepare` from every
programme's tables.  A subfolder is named by a fingerprint of the database's
state; when the database changes, the next review builds a new subfolder and
removes the old ones.  PostgreSQL and in-memory SQLite stores have no copy:
their programme's tables are read on each review.

A change is seen from the database file's header, size and modification time
and from the headers of its write-ahead log and wal-index, which every
committed write changes (reads do not).  The log and the wal-index are
re-created by each process that opens the database, so they count only while
the log holds frames, by their sizes and headers.  When the last connection
closes, SQLite moves the log into the database file: a copy built while the
log held frames is then rebuilt once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

import duckdb
import numpy as np
from sqlalchemy.engine import make_url

from cpfkit.store.analytics import PortfolioData, prepare, read_columns
from cpfkit.store.db import Store
from cpfkit.store.series import Series, pack_values, unpack_values

__all__ = ["COPY_VERSION", "mirror_path", "portfolio_data"]

COPY_VERSION = 2
"""Bumped whenever the copy's layout changes, so old copies are rebuilt."""

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
    parts = [f"v{COPY_VERSION}", revision or "-"]
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
                value=unpack_values(np.load(target / f"{name}.value.npy", mmap_mode="r")),
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
                np.save(partial / f"{name}.{part}.npy", pack_values(getattr(series, part)), allow_pickle=False)
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
