"""Backing up a database while it is in use, and restoring a backup: ``cpfkit backup`` and ``cpfkit restore``.

* **SQLite**: SQLite's online backup API copies the database page by page in
  one read transaction, through the database engine (nothing else opens the
  database's files), so the copy is one consistent state even while the
  server writes.  The backup is one self-contained SQLite file.  Restoring
  copies it back the same way, in one write transaction of the database
  (:mod:`cpfkit.store.backup_sqlite`).
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
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from cpfkit.errors import StoreError
from cpfkit.store import backup_postgres, backup_sqlite
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
            revision, version = backup_sqlite.dump(store.engine, partial, _shown(store))
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
        source = backup_sqlite.open_backup(path)
        try:
            backup_revision, _ = backup_sqlite.facts(source, path)
            before = _prepare_restore(store, backup_revision, path, force)
            replaced = before[1]
            backup_sqlite.load(store.engine, source, path, _shown(store))
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
