"""The data version: a counter in the database that every committed change to programme data moves on.

Whatever writes — an edit through the API or a page, a folder load, an IATI
or World Bank import, a command-line process, a migration, or plain SQL typed
into ``sqlite3`` or ``psql`` — the database itself moves the counter on, in the
writer's own transaction, through triggers on every table that holds figures
(:func:`install`).  Readers that keep computed figures (the overview cache of
each server process, the portfolio copy next to a SQLite file) compare the
counter before they answer; nothing ever looks at the database's files.

* **SQLite** has only row-level triggers: each inserted, changed or deleted
  row adds one to ``data_version.version``.  SQLite lets one writer at a
  time into the whole file, so the counter adds no waiting of its own.
* **PostgreSQL**: a statement-level trigger notes, once per transaction, that
  the transaction changed data (a row in ``data_version_pending``); a deferred
  constraint trigger on that row adds one to the counter *at commit*.  The
  counter row is therefore locked only while a transaction commits and is the
  last lock it takes, so writers of different records never wait for each
  other before their commits and no deadlock can involve the counter
  (docs/decisions/0009-the-data-version-kept-by-the-database.md).

The counter is a number that grows, not a count of transactions.  With it the
row holds an ``epoch``: a random token set when the row is created and again
when a backup is restored (:func:`renew`), so that a copy kept under
``(epoch, version)`` is never taken for the copy of another database that
happens to have reached the same number.

The *quiet* tables (:data:`QUIET`) get no trigger: signing in, tokens and the
audit trail change no figure, and a sign-in must not empty every cache.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import Connection, MetaData, text

__all__ = [
    "QUIET",
    "DataState",
    "advance",
    "install",
    "installed",
    "read_state",
    "renew",
    "uninstall",
    "watched_tables",
]

QUIET = frozenset(
    {
        "alembic_version",
        "api_tokens",
        "audit_log",
        "data_version",
        "data_version_pending",
        "login_failures",
        "user_programmes",
        "users",
        "web_sessions",
    }
)
"""Tables whose changes move no figure, so they do not move the data version."""

_SQLITE_OPS = ("insert", "update", "delete")
_PG_TRIGGER = "cpfkit_data_changed"

_PG_FUNCTIONS = (
    # Once per transaction (the trigger's WHEN skips the later statements): note the change.
    """
    CREATE OR REPLACE FUNCTION cpfkit_note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM set_config('cpfkit.data_changed', txid_current()::text, true);
        INSERT INTO data_version_pending (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    # At commit (deferred): move the counter on, and forget the note.
    """
    CREATE OR REPLACE FUNCTION cpfkit_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE data_version SET version = version + 1 WHERE id = 1;
        DELETE FROM data_version_pending WHERE txid = NEW.txid;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS cpfkit_bump_data_version ON data_version_pending",
    """
    CREATE CONSTRAINT TRIGGER cpfkit_bump_data_version AFTER INSERT ON data_version_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cpfkit_bump_data_version()
    """,
)


class DataState(NamedTuple):
    """Where the data of a database stands: its epoch and its data version."""

    epoch: str
    version: int

    def covers(self, other: DataState) -> bool:
        """Whether figures computed at this state are at least as recent as ``other`` asks.

        >>> DataState("a", 5).covers(DataState("a", 4)), DataState("a", 5).covers(DataState("b", 4))
        (True, False)
        """
        return self.epoch == other.epoch and self.version >= other.version


def watched_tables(metadata: MetaData) -> list[str]:
    """The tables of ``metadata`` whose changes move the data version (all but the quiet ones)."""
    return sorted(name for name in metadata.tables if name not in QUIET)


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a table name: {name!r}")
    return f'"{name}"'


def install(conn: Connection, tables: Iterable[str]) -> None:
    """Create the triggers that move the data version on, for each table (those already there are kept).

    Also creates the counter's row if it is missing.  Runs in the caller's transaction.
    """
    conn.execute(
        text(
            "INSERT INTO data_version (id, version, epoch) SELECT 1, 0, :epoch "
            "WHERE NOT EXISTS (SELECT 1 FROM data_version WHERE id = 1)"
        ),
        {"epoch": _new_epoch()},
    )
    if conn.dialect.name == "postgresql":
        for statement in _PG_FUNCTIONS:
            conn.exec_driver_sql(statement)
        present = installed(conn)
        for table in tables:
            if table in present:
                continue
            conn.exec_driver_sql(
                f"CREATE TRIGGER {_PG_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {_quote(table)} "
                "FOR EACH STATEMENT WHEN (current_setting('cpfkit.data_changed', true) "
                "IS DISTINCT FROM txid_current()::text) EXECUTE FUNCTION cpfkit_note_data_change()"
            )
        # Re-creating the deferred trigger drops the commit-time event that a change made earlier in this
        # transaction (a migration's UPDATE) queued: settle that change now instead of leaving its note behind.
        settled = conn.exec_driver_sql("DELETE FROM data_version_pending WHERE txid = txid_current()").rowcount
        if settled:
            advance(conn)
        return
    for table in tables:
        for op in _SQLITE_OPS:
            conn.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS {_quote(f'cpfkit_dv_{table}_{op}')} AFTER {op.upper()} "
                f"ON {_quote(table)} BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END"
            )


def uninstall(conn: Connection, tables: Iterable[str]) -> None:
    """Drop the triggers :func:`install` made (for the migration's downgrade)."""
    if conn.dialect.name == "postgresql":
        for table in tables:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_PG_TRIGGER} ON {_quote(table)}")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS cpfkit_bump_data_version ON data_version_pending")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS cpfkit_bump_data_version()")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS cpfkit_note_data_change()")
        return
    for table in tables:
        for op in _SQLITE_OPS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_quote(f'cpfkit_dv_{table}_{op}')}")


def installed(conn: Connection) -> set[str]:
    """The tables that have every trigger of the data version, as the database lists them."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = :name AND c.relnamespace = current_schema()::regnamespace"
            ),
            {"name": _PG_TRIGGER},
        )
        return {row[0] for row in rows}
    rows = conn.execute(text("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"))
    seen: dict[str, set[str]] = {}
    for table, name in rows:
        seen.setdefault(str(table), set()).add(str(name))
    return {t for t, names in seen.items() if all(f"cpfkit_dv_{t}_{op}" in names for op in _SQLITE_OPS)}


def read_state(conn: Connection) -> DataState:
    """The epoch and the data version the connection sees (``("", 0)`` before the counter exists)."""
    row = conn.execute(text("SELECT epoch, version FROM data_version WHERE id = 1")).first()
    if row is None:
        return DataState("", 0)
    return DataState(str(row[0] or ""), int(row[1] or 0))


def _new_epoch() -> str:
    return uuid.uuid4().hex


def advance(conn: Connection) -> None:
    """Move the data version on by one, in the caller's transaction (after a migration)."""
    conn.exec_driver_sql("UPDATE data_version SET version = version + 1 WHERE id = 1")


def renew(conn: Connection, *, at_least: int = 0) -> DataState:
    """Give the database a new epoch and move its version past both its own and ``at_least``.

    Used when a backup is restored over a database: every reader of the database, whatever it kept
    from before, sees a state it has never seen.
    """
    current = read_state(conn)
    state = DataState(_new_epoch(), max(current.version, at_least) + 1)
    conn.execute(
        text("UPDATE data_version SET version = :v, epoch = :e WHERE id = 1"), {"v": state.version, "e": state.epoch}
    )
    return state
