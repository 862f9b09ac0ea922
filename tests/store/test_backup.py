"""``cpfkit backup`` and ``cpfkit restore`` on SQLite and PostgreSQL.

A backup is a consistent state even while another process writes; a restore gives back exactly what
was backed up, refuses to replace data unless forced, migrates a backup of an older schema, refuses
one of a newer schema, and leaves the database with a state no cache has seen.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select, text
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.errors import StoreError
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.backup import backup, holds_data, restore
from cpfkit.store.data_version import installed, read_state, watched_tables
from cpfkit.store.schema import Base
from cpfkit.store.tables import TransactionRow
from cpfkit.store.tables_workplace import AuditRow
from tests.conftest import DEMO
from tests.helpers import snapshot
from tests.integrity import integrity
from tests.pg import fresh_database

CPFKIT = str(Path(sys.executable).parent / "cpfkit")
DATA_OTHER = DEMO.parent / "xx-other"
runner = CliRunner()


@pytest.fixture
def second_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Another empty database of the same kind as ``db_url``, to restore into."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        yield url


def _suffix(store: Store) -> str:
    return ".db" if store.dialect == "sqlite" else ".dump"


def _contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the data version's (a restore gives the database a state of its own)."""
    return {k: v for k, v in snapshot(store).items() if not k.startswith("data_version")}


def test_a_backup_restores_exactly_what_was_backed_up(demo_store: Store, second_url: str, tmp_path: Path) -> None:
    path = tmp_path / f"backup{_suffix(demo_store)}"
    report = backup(demo_store, path)
    assert report.path == str(path) and report.size_bytes > 0 and report.revision == demo_store.head_revision()
    target = Store(second_url)
    try:
        done = restore(target, path)
        assert not done.replaced_data and done.revision == target.head_revision()
        assert _contents(target) == _contents(demo_store)
        assert integrity(target) == "ok"
        with target.engine.connect() as conn:
            assert installed(conn) == set(watched_tables(Base.metadata))
    finally:
        target.dispose()


def test_restore_refuses_to_replace_data_unless_forced(demo_store: Store, second_url: str, tmp_path: Path) -> None:
    path = tmp_path / f"backup{_suffix(demo_store)}"
    backup(demo_store, path)
    with pytest.raises(StoreError, match="exists: choose another file, or add --force"):
        backup(demo_store, path)
    target = Store(second_url)
    try:
        services.init_store(target, autoload=False)
        services.load_folders(target, [DATA_OTHER])
        before = _contents(target)
        state = _state(target)
        result = runner.invoke(app, ["--db", second_url, "restore", str(path)])
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            f"error: {target.engine.url.render_as_string(hide_password=True)} holds data: restoring {path} would "
            "replace it; add --force to replace it"
        ]
        assert _contents(target) == before and _state(target) == state  # nothing changed
        result = runner.invoke(app, ["--db", second_url, "restore", "--force", str(path)])
        assert result.exit_code == 0, result.stderr
        assert "the data it held was replaced" in result.stdout
        assert _contents(target) == _contents(demo_store)
        after = _state(target)
        assert after.epoch != state.epoch and after.version > state.version  # no cache can take it for the old data
    finally:
        target.dispose()


def _state(store: Store) -> Any:
    with store.engine.connect() as conn:
        return read_state(conn)


def test_a_backup_of_an_older_schema_is_migrated_and_a_newer_one_refused(
    db_url: str, second_url: str, tmp_path: Path
) -> None:
    old = Store(db_url)
    config = old._alembic_config()
    with old.engine.begin() as conn:  # a database of the cpfkit before the data version's triggers
        config.attributes["connection"] = conn
        command.upgrade(config, "0008_locale")
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO programmes (id, country, title, period_start, period_end, fy_start_month, status, "
                "illustrative, illustrative_fields, version) VALUES ('xx-old', 'KZ', 'Old', '2020-01-01', "
                "'2025-12-31', 7, 'active', :yes, '[]', 1)"
            ),
            {"yes": True},
        )
    path = tmp_path / f"old{_suffix(old)}"
    assert backup(old, path).revision == "0008_locale"
    target = Store(second_url)
    try:
        report = restore(target, path)
        assert report.backup_revision == "0008_locale" and report.revision == target.head_revision()
        assert target.is_current()
        with target.engine.connect() as conn:
            assert conn.execute(text("SELECT title FROM programmes")).scalar_one() == "Old"
            assert installed(conn) == set(watched_tables(Base.metadata))
        with old.engine.begin() as conn:  # the same database, as a newer cpfkit would have left it
            conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
        newer = tmp_path / f"newer{_suffix(old)}"
        backup(old, newer)
        before = _contents(target)
        with pytest.raises(StoreError, match="made by a newer cpfkit .schema 0099_from_the_future.; upgrade cpfkit"):
            restore(target, newer, force=True)
        assert _contents(target) == before
    finally:
        old.dispose()
        target.dispose()


def test_what_is_not_a_backup_is_refused(demo_store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup\n" * 100)
    before = _contents(demo_store)
    kind = "not a SQLite backup" if demo_store.dialect == "sqlite" else "not a pg_dump archive"
    with pytest.raises(StoreError, match=kind):
        restore(demo_store, junk, force=True)
    with pytest.raises(StoreError, match="no such backup file"):
        restore(demo_store, tmp_path / "missing", force=True)
    assert _contents(demo_store) == before and holds_data(demo_store)


_WRITER = """
import sys
from datetime import date
from pathlib import Path
from cpfkit.store import Store
from cpfkit.store.records import resource
from cpfkit.workplace import editing
from cpfkit.workplace.roles import cli_principal

url, started, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
store, res, me, n = Store(url), resource("transactions"), cli_principal("writer"), 0
while not stop.exists():
    payload = res.create_schema(
        project="P1", type="disbursement", date=date(2026, 2, 1), amount={"amount": "1.25", "currency": "USD"},
        note=f"w{n}", source="backup test",
    )
    editing.create(store, res, payload, me)
    n += 1
    if n == 3:
        started.write_text("writing")
store.dispose()
print(n)
"""


def _written(store: Store) -> tuple[set[str], set[str]]:
    """The writer's transactions, and the ones its audit entries name."""
    with store.engine.connect() as conn:
        rows = {
            str(i) for (i,) in conn.execute(select(TransactionRow.id).where(TransactionRow.source == "backup test"))
        }
        trail = conn.execute(
            select(AuditRow.entity_id).where(AuditRow.entity == "transaction", AuditRow.action == "create")
        ).all()
    named = [str(i) for (i,) in trail]
    assert len(named) == len(set(named))  # one entry per transaction
    return rows, set(named)


def test_a_backup_taken_while_another_process_writes_is_one_consistent_state(
    demo_store: Store, second_url: str, tmp_path: Path
) -> None:
    demo_store.dispose()
    started, stop = tmp_path / "started", tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, demo_store.url, str(started), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert writer.poll() is None, writer.communicate()[1]
            assert time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        path = tmp_path / f"live{_suffix(demo_store)}"
        taken = subprocess.run(  # `cpfkit backup`, a process of its own, while the writer goes on
            [CPFKIT, "--db", demo_store.url, "backup", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "CPFKIT_AUTOLOAD": "0"},
            check=False,
        )
        assert taken.returncode == 0, taken.stderr
        time.sleep(0.3)
    finally:
        stop.write_text("stop")
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    total = int(out.strip())
    if demo_store.dialect == "sqlite":
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            con.close()
    target = Store(second_url)
    try:
        restore(target, path)
        rows, named = _written(target)
        assert rows == named  # every transaction in the backup with its audit entry, and no entry without one
        assert 3 <= len(rows) < total  # taken while the writer was writing
        assert integrity(target) == "ok"
    finally:
        target.dispose()
    rows, named = _written(demo_store)
    assert rows == named and len(rows) == total
