"""The database's engine and its revision, on SQLAlchemy's Core alone (no ORM, no tables).

:class:`cpfkit.store.Store` opens its engine here; a command that only reads a few columns
(:mod:`cpfkit.store.listing`) opens one here too and never loads the ORM.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from cpfkit.errors import StoreError

__all__ = ["HEAD_REVISION", "open_engine", "read_revision"]

HEAD_REVISION = "0016_periods"
"""The newest migration of ``migrations/versions`` (a test checks it against the scripts): a command that
opens the database compares the database's revision with it without loading Alembic."""

_VERSION_TABLE = "alembic_version"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def open_engine(url: str, *, echo: bool = False) -> tuple[Engine, str]:
    """The engine of a database URL and the name of its backend (``sqlite``, ``postgresql``…).

    A SQLite file's folder is made if missing; SQLite connections enforce foreign keys, wait for a busy
    database and write ahead (WAL); other servers' connections are checked before use.

    Raises:
        StoreError: the text is not a database URL.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    dialect = parsed.get_backend_name()
    kwargs: dict[str, Any] = {"echo": echo}
    if dialect == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(parsed, **kwargs)
    if dialect == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    return engine, dialect


def read_revision(conn: Connection) -> list[str]:
    """The migrations Alembic's version table names (none for an empty database; one when all is well)."""
    if not inspect(conn).has_table(_VERSION_TABLE):
        return []
    return list(conn.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalars())
