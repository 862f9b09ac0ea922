"""Backing up a database while it is in use, and restoring a backup: ``cpfkit backup`` and ``cpfkit restore``.

* **SQLite**: SQLite's online backup API copies the database page by page in
  one read transaction, through the database engine (nothing else opens the
  database's files), so the copy is one consistent state even while the
  server writes.  The backup is one self-contained SQLite file.  Restoring
  copies it back the same way, in one write transaction of the database.
* **PostgreSQL**: ``pg_dump --format=custom`` (one consistent snapshot) and,
  to restore, ``pg_restore`` into ``psql --single-transaction``: the old
  contents are dropped and the backup's created in one transaction, so a
  restore that fails leaves the database as it was (:mod:`cpfkit.store.backup_postgres`).

A restore refuses to replace a database that holds data unless asked to
(``force``), refuses a backup made by a newer cpfkit, migrates a backup made
by an older one, and gives the database a new data epoch so that no cache or
copy made before it can be taken for the restored data.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from cpfkit.errors import StoreError
from cpfkit.store import backup_postgres
from cpfkit.store.data_version import read_state, renew
from cpfkit.store.db import Store

__all__ = ["BackupReport", "RestoreReport", "backup", "holds_data", "restore"]

# Tables that every migrated database has rows in, whether it holds anything or not.
_BOOKKEEPING = frozenset({"alembic_version", "data_version", "data_version_pending"})


@dataclass(frozen=True)
class BackupReport:
    """What ``cpfkit backup`` wrote."""

    database: str
    path: str
    format: str
    size_bytes: int
    revision: str | None
    data_version: int
    seconds: float


@dataclass(frozen=True)
class RestoreReport:
    """What ``cpfkit restore`` did."""

    database: str
    path: str
    backup_revision: str | None
    revision: str | None
    replaced_data: bool
    data_version: int
    seconds: float


def _shown(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=True)


def _not_the_database(store: Store, path: Path) -> None:
    database = make_url(store.url).database if store.dialect == "sqlite" else None
    if database and database != ":memory:" and Path(database).expanduser().resolve() == path:
        raise StoreError(f"{path} is the database itself: give the backup another file")


def holds_data(store: Store) -> bool:
    """Whether any table of the database has a row (the bookkeeping of migrations and versions aside)."""
    with store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table in _BOOKKEEPING:
                continue
            if conn.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None:
                return True
    return False


def _check_revision(store: Store, revision: str | None, path: Path) -> None:
    if revision is None:
        raise StoreError(f"{path}: not a cpfkit backup (it has no schema revision)")
    try:
        known = ScriptDirectory.from_config(store._alembic_config()).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise StoreError(f"{path}: made by a newer cpfkit (schema {revision}); upgrade cpfkit to restore it")


def backup(store: Store, path: Path, *, force: bool = False) -> BackupReport:
    """Write a consistent copy of the database to ``path`` while it stays in use.

    The copy is written beside ``path`` and renamed into place only once complete and checked.

    Raises:
        StoreError: ``path`` exists (and ``force`` is not given), or the copy cannot be made.
    """
    started = time.perf_counter()
    path = path.expanduser().resolve()
    _not_the_database(store, path)
    if path.exists() and not force:
        raise StoreError(f"{path} exists: choose another file, or add --force to replace it")
    if not path.parent.is_dir():
        raise StoreError(f"{path.parent}: no such folder")
    partial = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial")
    try:
        if store.dialect == "sqlite":
            revision, version = _sqlite_backup(store, partial)
            kind = "sqlite"
        elif store.dialect == "postgresql":
            revision, version = backup_postgres.dump(store.url, partial)
            kind = "pg_dump"
        else:
            raise StoreError(f"cannot back up a {store.dialect} database")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(
        _shown(store), str(path), kind, path.stat().st_size, revision, version, time.perf_counter() - started
    )


def _sqlite_backup(store: Store, partial: Path) -> tuple[str | None, int]:
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # all pages in one step: one read transaction, one consistent state
            target.execute("PRAGMA journal_mode=DELETE")  # the backup is one self-contained file
            return _sqlite_facts(target, partial)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot back up {_shown(store)}: {exc}") from exc
    finally:
        raw.close()


def _sqlite_facts(con: sqlite3.Connection, path: Path) -> tuple[str | None, int]:
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


def restore(store: Store, path: Path, *, force: bool = False) -> RestoreReport:
    """Replace the database's contents with a backup made by :func:`backup`, then bring it to the current schema.

    Raises:
        StoreError: the file is not a backup of this kind of database, was made by a newer cpfkit, or
            the database holds data and ``force`` is not given.
    """
    started = time.perf_counter()
    path = path.expanduser().resolve()
    _not_the_database(store, path)
    if not path.is_file():
        raise StoreError(f"{path}: no such backup file")
    if store.dialect == "sqlite":
        source = _open_sqlite_backup(path)
        try:
            backup_revision, _ = _sqlite_facts(source, path)
            before = _prepare_restore(store, backup_revision, path, force)
            replaced = before[1]
            raw = store.engine.raw_connection()
            try:
                target = raw.driver_connection
                assert isinstance(target, sqlite3.Connection)
                source.backup(target)  # one write transaction of the database: all of the backup, or nothing
            except sqlite3.Error as exc:
                raise StoreError(f"cannot restore {path} into {_shown(store)}: {exc}") from exc
            finally:
                raw.close()
        finally:
            source.close()
    elif store.dialect == "postgresql":
        backup_revision, _ = backup_postgres.facts(path)
        before = _prepare_restore(store, backup_revision, path, force)
        replaced = before[1]
        backup_postgres.load(store.engine, path)
    else:
        raise StoreError(f"cannot restore into a {store.dialect} database")
    store.engine.dispose()  # no pooled connection keeps anything of the database it replaced
    store.migrate()
    with store.engine.begin() as conn:
        state = renew(conn, at_least=before[0])
    return RestoreReport(
        _shown(store),
        str(path),
        backup_revision,
        store.current_revision(),
        replaced,
        state.version,
        time.perf_counter() - started,
    )


def _open_sqlite_backup(path: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a SQLite backup ({exc})") from exc
    return con


def _prepare_restore(store: Store, backup_revision: str | None, path: Path, force: bool) -> tuple[int, bool]:
    """Check the backup can go in; return the database's data version now and whether it holds data."""
    _check_revision(store, backup_revision, path)
    replaced = holds_data(store)
    if replaced and not force:
        raise StoreError(f"{_shown(store)} holds data: restoring {path} would replace it; add --force to replace it")
    with store.engine.connect() as conn:
        present = "data_version" in inspect(conn).get_table_names()
        version = read_state(conn).version if present else 0
    return version, replaced
