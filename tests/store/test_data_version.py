"""The data version: the database moves it on for every committed change to figures, whoever writes.

Each write path is taken for real — the ORM, a Core bulk insert, a folder load, plain SQL on a driver
connection of its own, a ``cpfkit`` process — on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import insert, text, update
from sqlalchemy.engine import make_url

from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.store.data_version import QUIET, DataState, installed, read_state, watched_tables
from cpfkit.store.records import resource
from cpfkit.store.schema import Base
from cpfkit.store.tables import ProjectRow, TransactionRow
from cpfkit.workplace import accounts, editing
from cpfkit.workplace.roles import Role, cli_principal
from tests.conftest import DEMO
from tests.pg import fresh_database

PASSWORD = "durable-kestrel-4821"
CPFKIT = str(Path(sys.executable).parent / "cpfkit")


@pytest.fixture
def pg_store(pg_admin_url: str) -> Iterator[Store]:
    """A migrated store on PostgreSQL only."""
    with fresh_database(pg_admin_url) as url:
        store = Store(url)
        store.migrate()
        yield store
        store.dispose()


def _state(store: Store) -> DataState:
    with store.engine.connect() as conn:
        return read_state(conn)


def _raw_sql(store: Store, statement: str) -> None:
    """Run one statement on a driver connection that knows nothing of cpfkit (as ``sqlite3`` or ``psql`` would)."""
    url = make_url(store.url)
    if store.dialect == "sqlite":
        con = sqlite3.connect(str(url.database))
        try:
            con.execute(statement)
            con.commit()
        finally:
            con.close()
        return
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as con:
        con.execute(statement)


def test_every_table_of_figures_has_the_triggers_and_the_quiet_ones_none(empty_store: Store) -> None:
    tables = watched_tables(Base.metadata)
    assert "transactions" in tables and "iati_activities" in tables and "users" not in tables
    with empty_store.engine.connect() as conn:
        present = installed(conn)
    assert present == set(tables)
    assert not present & QUIET


def test_every_write_path_moves_the_version_on_and_nothing_else_does(empty_store: Store) -> None:
    start = _state(empty_store)
    assert start.epoch and start.version >= 1  # the migration that made the counter moved it once

    services.load_folders(empty_store, [DEMO])  # a folder load
    loaded = _state(empty_store)
    assert loaded.epoch == start.epoch and loaded.version > start.version

    accounts.add_user(empty_store, accounts.UserCreate(name="ann", role=Role.ADMIN, password=PASSWORD), Actor("t"))
    accounts.sign_in(empty_store, "ann", PASSWORD, "127.0.0.1", Settings())
    accounts.create_token(empty_store, "ann", "quiet", Actor("t"))
    assert _state(empty_store) == loaded  # accounts, sessions, tokens and their audit entries are quiet

    res = resource("projects")  # an edit through the ORM, with its audit entry
    editing.update(empty_store, res, "P1", res.update_schema(name="Renamed"), 1, cli_principal("t"))
    edited = _state(empty_store)
    assert edited.version > loaded.version

    with empty_store.transaction() as session:  # a Core bulk insert on the session's connection
        session.execute(
            insert(TransactionRow),
            [
                {
                    "project_id": "P1",
                    "type": "disbursement",
                    "date": date(2026, 2, 1),
                    "amount": Decimal("1.00"),
                    "currency": "USD",
                    "amount_usd": Decimal("1.00"),
                    "fx_rate": Decimal(1),
                    "fx_period": "2026-02",
                    "illustrative": True,
                    "illustrative_fields": [],
                    "version": 1,
                }
            ]
            * 3,
        )
    bulk = _state(empty_store)
    assert bulk.version > edited.version

    _raw_sql(empty_store, "UPDATE projects SET name = 'Typed by hand' WHERE id = 'P2'")  # plain SQL, no cpfkit
    raw = _state(empty_store)
    assert raw.version > bulk.version

    _raw_sql(empty_store, "UPDATE users SET full_name = 'Ann' WHERE name = 'ann'")
    assert _state(empty_store) == raw

    empty_store.dispose()  # a cpfkit process of its own, writing through the command line
    done = subprocess.run(
        [
            CPFKIT,
            "--db",
            empty_store.url,
            "risk",
            "add",
            "xx-demo",
            "--title",
            "Floods on the road",
            "--rating",
            "High",
            "--category",
            "environment-social",
            "--owner",
            "Road agency",
            "--mitigation",
            "Raise the embankments",
            "--source",
            "tests",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CPFKIT_TODAY": "2026-11-02", "CPFKIT_AUTOLOAD": "0"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    by_cli = _state(empty_store)
    assert by_cli.version > raw.version

    def change_then_fail() -> None:
        with empty_store.transaction() as session:
            session.execute(update(ProjectRow).where(ProjectRow.id == "P2").values(name="Rolled back"))
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert _state(empty_store) == by_cli


def test_a_migration_adds_the_triggers_and_moves_the_version_on(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    config = store._alembic_config()
    from alembic import command

    with store.engine.begin() as conn:  # a database made by the cpfkit before the triggers, with data in it
        config.attributes["connection"] = conn
        command.upgrade(config, "0008_locale")
    _raw_sql(
        store,
        "INSERT INTO programmes (id, country, title, period_start, period_end, fy_start_month, status, "
        "illustrative, illustrative_fields, version) VALUES ('xx', 'KZ', 'T', '2020-01-01', '2025-12-31', 7, "
        "'active', 1, '[]', 1)",
    )
    with store.engine.connect() as conn:
        assert installed(conn) == set()
        old = conn.execute(text("SELECT version FROM data_version")).scalar_one()
    store.migrate()
    now = _state(store)
    assert now.epoch and now.version > old
    with store.engine.connect() as conn:
        assert installed(conn) == set(watched_tables(Base.metadata))
    with store.engine.begin() as conn:  # a table rebuilt by a later migration loses its triggers ...
        conn.exec_driver_sql('DROP TRIGGER "cpfkit_dv_transactions_insert"')
    with store.engine.connect() as conn:
        assert "transactions" not in installed(conn)
    store.migrate()  # ... and the next migration puts them back
    with store.engine.connect() as conn:
        assert "transactions" in installed(conn)
    store.dispose()


@pytest.mark.postgres
def test_postgresql_moves_the_version_once_per_transaction_at_commit(pg_store: Store) -> None:
    services.load_folders(pg_store, [DEMO])
    before = _state(pg_store)
    with pg_store.engine.connect() as writer:
        writer.execute(text("UPDATE projects SET name = 'One' WHERE id = 'P1'"))
        writer.execute(text("UPDATE projects SET name = 'Two' WHERE id = 'P2'"))
        writer.execute(text("DELETE FROM transactions WHERE project_id = 'P3'"))
        assert _state(pg_store) == before  # another connection sees nothing before the commit
        writer.commit()
    assert _state(pg_store).version == before.version + 1
    with pg_store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM data_version_pending")).scalar_one() == 0


@pytest.mark.postgres
def test_postgresql_writers_do_not_wait_on_the_counter_before_they_commit(pg_store: Store) -> None:
    """Two transactions whose row locks cross: with the counter taken at the first write they would deadlock."""
    services.load_folders(pg_store, [DEMO])
    before = _state(pg_store)
    first, second = pg_store.engine.connect(), pg_store.engine.connect()
    errors: list[BaseException] = []
    try:
        for conn in (first, second):  # a design that locked the counter early fails here instead of hanging
            conn.execute(text("SET lock_timeout = '10s'"))
        first.execute(text("UPDATE projects SET name = 'first' WHERE id = 'P1'"))
        second.execute(text("UPDATE projects SET name = 'second' WHERE id = 'P2'"))

        def first_goes_on() -> None:  # waits for the second's row lock on P2, then commits
            try:
                first.execute(text("UPDATE projects SET name = 'first too' WHERE id = 'P2'"))
                first.commit()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        waiting = threading.Thread(target=first_goes_on)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive()  # really waiting for the second's row lock
        second.execute(text("UPDATE projects SET name = 'second too' WHERE id = 'P3'"))  # no wait: no counter lock
        second.commit()
        waiting.join(30)
        assert not waiting.is_alive() and errors == []
    finally:
        first.close()
        second.close()
    assert _state(pg_store).version == before.version + 2
