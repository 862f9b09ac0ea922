"""Backing up and restoring a SQLite database with SQLite's own backup API, one consistent file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine

from cpfkit.errors import StoreError

__all__ = ["dump", "facts", "load", "open_backup"]


def dump(engine: Engine, partial: Path, shown: str) -> tuple[str | None, int]:
    """Copy the database into ``partial`` in one read transaction; its schema revision and data version."""
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # all pages in one step: one read transaction, one consistent state
            target.execute("PRAGMA journal_mode=DELETE")  # the backup is one self-contained file
            return facts(target, partial)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot back up {shown}: {exc}") from exc
    finally:
        raw.close()


def facts(con: sqlite3.Connection, path: Path) -> tuple[str | None, int]:
    """The schema revision and the data version of a SQLite database, after checking it is whole."""
    check = con.execute("PRAGMA quick_check").fetchone()
    if check is None or check[0] != "ok":
        raise StoreError(f"{path}: the database is damaged ({check[0] if check else 'no answer'})")
    names = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    revision = con.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in names else None
    version = (
        con.execute("SELECT version FROM data_version WHERE id = 1").fetchone() if "data_version" in names else None
    )
    return (str(revision[0]) if revision else None), (int(version[0]) if version else 0)


def open_backup(path: Path) -> sqlite3.Connection:
    """A backup file opened read-only (StoreError when it is not a SQLite database)."""
    try:
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a SQLite backup ({exc})") from exc
    return con


def load(engine: Engine, source: sqlite3.Connection, path: Path, shown: str) -> None:
    """Replace the database's pages with the backup's, in one write transaction: all of it, or nothing."""
    raw = engine.raw_connection()
    try:
        target = raw.driver_connection
        assert isinstance(target, sqlite3.Connection)
        source.backup(target)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot restore {path} into {shown}: {exc}") from exc
    finally:
        raw.close()
