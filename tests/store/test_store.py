"""The store on SQLite and PostgreSQL: migrations match the tables; programmes round-trip exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from cpfkit.errors import NotFound, StoreError
from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.reference import load_fx
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.repository import load_programme_data, save_programme_data
from cpfkit.store.schema import Base
from cpfkit.store.tables import TransactionRow
from tests.conftest import DEMO


def test_migrations_create_exactly_the_tables_of_the_code(empty_store: Store) -> None:
    with empty_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert empty_store.is_current()


def test_a_programme_round_trips_through_the_store(empty_store: Store) -> None:
    original = read_programme_folder(DEMO, fx=load_fx())
    services.load_folders(empty_store, [DEMO])
    with empty_store.reader() as session:
        stored = load_programme_data(session, "xx-demo")
    assert stored.programme == original.programme
    assert sorted(stored.projects, key=lambda p: p.id) == sorted(original.projects, key=lambda p: p.id)
    assert sorted(stored.links, key=lambda link: link.project) == sorted(original.links, key=lambda link: link.project)
    for name in ("transactions", "measurements", "ratings", "sort_ratings"):
        assert sorted(getattr(stored, name), key=repr) == sorted(getattr(original, name), key=repr), name


def test_money_is_exact_on_every_database(empty_store: Store) -> None:
    services.load_folders(empty_store, [DEMO])
    amount = Decimal("123456789012.345678")
    with empty_store.transaction() as session:
        row = session.scalars(select(TransactionRow).limit(1)).one()
        row.amount = amount
    with empty_store.reader() as session:
        assert session.scalars(select(TransactionRow.amount).where(TransactionRow.id == row.id)).one() == amount


def test_a_failed_transaction_leaves_nothing(empty_store: Store) -> None:
    data = read_programme_folder(DEMO, fx=load_fx())

    def load_then_fail() -> None:
        with empty_store.transaction() as session:
            save_programme_data(session, data, load_fx(), origin="test")
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError, match="abort"):
        load_then_fail()
    assert empty_store.is_empty()


def test_unknown_programme_is_not_found(sqlite_store: Store) -> None:
    with pytest.raises(NotFound, match="no programme with id 'nope'"):
        services.programme_data(sqlite_store, "nope")


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store("definitely not a url")


def test_init_is_idempotent(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    first = services.init_store(store, autoload=False)
    assert first.revision_before is None and first.revision == store.head_revision()
    second = services.init_store(store, autoload=False)
    assert second.revision_before == second.revision
    store.dispose()
