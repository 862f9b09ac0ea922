"""The copy of a SQLite store's portfolio tables, kept next to the database file and rebuilt after writes.

The copy lives in ``<database>.portfolio/``, one subfolder per state of the
data: ``tables.duckdb`` (the small tables) and ``*.npy`` (the sorted series),
written by :func:`cpfkit.store.analytics.prepare` from every programme's
tables.  A subfolder is named by the database's epoch and data version
(:mod:`cpfkit.store.data_version`), which the database moves on in the same
transaction as every write, whoever writes; the copy is built from one read
transaction that also reads the version, so its name says exactly which state
it holds.  When the data changes, the next review builds a new subfolder and
removes the old ones.  PostgreSQL and in-memory SQLite stores have no copy:
their programme's tables are read on each review.

Nothing here opens, copies or looks at the database's own files: on POSIX,
closing any descriptor of a file drops every lock the process holds on it,
SQLite's included, and another process would then delete the write-ahead log
under the server.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy.engine import make_url

from cpfkit.store.analytics import PortfolioData, prepare
from cpfkit.store.analytics_read import read_columns
from cpfkit.store.data_version import DataState, read_state
from cpfkit.store.db import Store
from cpfkit.store.series_search import Series
from cpfkit.store.series_units import pack_values, unpack_values

__all__ = ["COPY_VERSION", "mirror_path", "portfolio_data"]

COPY_VERSION = 4
"""Bumped whenever the copy's layout or naming changes, so old copies are rebuilt."""

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


def _name(state: DataState) -> str:
    """The subfolder of the copy of one state of the data.

    >>> _name(DataState("3f2a", 41))
    'v4-3f2a-41'
    """
    return f"v{COPY_VERSION}-{state.epoch or '-'}-{state.version}"


def portfolio_data(store: Store, programme_id: str) -> PortfolioData:
    """What the review of ``programme_id`` reads, from the copy (rebuilt first if the data changed).

    For PostgreSQL or an in-memory SQLite the programme's tables are read now.
    """
    folder = mirror_path(store)
    if folder is None:
        return _in_memory(store, programme_id)
    data = _open(folder / _name(store.data_state()))
    if data is not None:
        return data
    try:
        target = _build(store, folder)
    except OSError:
        return _in_memory(store, programme_id)
    return _open(target) or _in_memory(store, programme_id)


def _open(target: Path) -> PortfolioData | None:
    if not (target / "done").exists():
        return None
    import duckdb  # loaded when a portfolio is computed, not when the module is imported

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


def _build(store: Store, folder: Path) -> Path:
    """Write the copy of every programme to a new subfolder, put it in place in one rename, drop the old ones.

    Returns the subfolder, named by the state of the data it was read at.
    """
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".build-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    partial.mkdir()
    try:
        con = duckdb.connect(str(partial / "tables.duckdb"))
        try:
            with store.engine.connect() as conn:
                raw = read_columns(conn)  # one read transaction on SQLite ...
                state = read_state(conn)  # ... which the version read belongs to
                data = prepare(raw, con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        for name, series in (("ledger", data.ledger), ("ratings", data.ratings), ("sort", data.sort)):
            for part in _ARRAYS:
                np.save(partial / f"{name}.{part}.npy", pack_values(getattr(series, part)), allow_pickle=False)
        (partial / "done").write_text(str(data.money_scale))
        target = folder / _name(state)
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
    return target
