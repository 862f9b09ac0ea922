"""Shared fixtures: databases (SQLite and a real PostgreSQL), stores, the demo programme, CLI and API clients."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from playwright.sync_api import Playwright, sync_playwright

from cpfkit.api.app import create_app
from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.pg import fresh_database, throwaway_cluster

# Property tests check correctness, not speed: timing checks would only make them flaky on a busy machine.
settings.register_profile("cpfkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cpfkit")

DATA = Path(__file__).parent / "data"
DEMO = DATA / "programmes" / "xx-demo"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lightest in tests: the same code path, a fraction of the time and memory."""
    from argon2 import PasswordHasher

    from cpfkit.workplace import hashing

    monkeypatch.setattr(hashing, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def frozen_clock() -> Iterator[datetime]:
    """cpfkit's clock frozen at 2026-11-02 09:00 UTC for the test (``clock.advance`` moves it on)."""
    from cpfkit import clock

    moment = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with clock.pin(moment):
        yield moment


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """The admin URL of a PostgreSQL server: CPFKIT_TEST_PG_URL, or a throwaway cluster of this session."""
    given = os.environ.get("CPFKIT_TEST_PG_URL")
    if given:
        yield given
        return
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cpfkit.db'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    with fresh_database(admin) as url:
        yield url


@pytest.fixture
def empty_store(db_url: str) -> Iterator[Store]:
    """A migrated store with no programme, on each database."""
    store = Store(db_url)
    store.migrate()
    yield store
    store.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty SQLite store (for tests that need one database only)."""
    store = Store(f"sqlite:///{tmp_path / 'cpfkit.db'}")
    store.migrate()
    yield store
    store.dispose()


@pytest.fixture
def demo_store(empty_store: Store) -> Store:
    """A store holding the small demo programme of tests/data, on each database."""
    services.load_folders(empty_store, [DEMO])
    return empty_store


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def embedded_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with both embedded programmes, shared by read-only tests, on each database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('embedded') / 'cpfkit.db'}"
        store = Store(url)
        services.init_store(store)
        store.dispose()
        yield url
        return
    with fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        store = Store(url)
        services.init_store(store)
        store.dispose()
        yield url


@pytest.fixture
def embedded_store(embedded_db: str) -> Iterator[Store]:
    """A store on the shared embedded database (do not write to it)."""
    store = Store(embedded_db)
    yield store
    store.dispose()


@pytest.fixture
def api(embedded_store: Store, frozen_clock: datetime) -> TestClient:
    """An API client on the embedded programmes, on the frozen clock's day."""
    return TestClient(create_app(embedded_store))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, one per test process (it downloads nothing: the browser is Debian's).

    Every test that drives a browser takes this one: a second ``sync_playwright()`` in a process
    where one is running refuses to start ("Sync API inside the asyncio loop").
    """
    with sync_playwright() as p:
        yield p
