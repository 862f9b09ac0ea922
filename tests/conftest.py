"""Shared fixtures: databases (SQLite and a real PostgreSQL), stores, the demo programme, CLI and API clients."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from playwright.sync_api import Playwright, sync_playwright

from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.apps import app_on, release_apps
from tests.pg import fresh_database, throwaway_cluster
from tests.templates import Build, Templates

# Property tests check correctness, not speed: timing checks would only make them flaky on a busy machine.
settings.register_profile("cpfkit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cpfkit")

DATA = Path(__file__).parent / "data"
DEMO = DATA / "programmes" / "xx-demo"

CEILING_SECONDS = 20.0
"""The longest a test may run (its call phase, on a quiet machine): docs/development.md, "Speed"."""


def slow_factor() -> float:
    """How much longer than :data:`CEILING_SECONDS` a test may take here: 0 turns the ceiling off.

    ``CPFKIT_TEST_SLOW_FACTOR`` when it is set.  Otherwise it follows the machine's load over the last
    minute, per core: 1 up to one runnable process per core (the suite's own two workers on two cores),
    then 2 more for each further process per core.  A machine busy with other work stretches a test's
    time twice over: its processes wait for a core, and a shared core gets less done per second.
    """
    given = os.environ.get("CPFKIT_TEST_SLOW_FACTOR")
    if given:
        return float(given)
    per_core = os.getloadavg()[0] / (os.cpu_count() or 1)
    return max(1.0, 2 * per_core - 1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Fail a test that passed but took longer than the ceiling (times the slow factor)."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if call.when != "call" or not report.passed:
        return
    factor = slow_factor()
    if factor and call.duration > CEILING_SECONDS * factor:
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} took {call.duration:.1f} s: a test may take {CEILING_SECONDS:.0f} s"
            + (f" × {factor:.2g} here" if factor != 1 else "")
            + " (docs/development.md, Speed; CPFKIT_TEST_SLOW_FACTOR=0 turns the ceiling off)"
        )


XDIST_GROUPS = {
    "tests/browser/": "browser",  # one browser and one live server for every browser test
    "tests/reports/test_reports.py": "reports",  # the reports, built once
    "tests/reports/test_simulation_report.py": "simulation-report",  # the simulation, run once
    "tests/risk/test_convergence.py": "convergence",  # 150,000 runs, once
}
"""Tests that share an expensive fixture run in one xdist worker, which builds it once."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of :data:`XDIST_GROUPS` with their group."""
    for item in items:
        for prefix, group in XDIST_GROUPS.items():
            if item.nodeid.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_configure(config: pytest.Config) -> None:
    """``-n 2`` shares the tests out as ``--dist loadgroup``: the tests of one group run in one worker.

    (``loadgroup`` is xdist's ``load`` for every test without an ``xdist_group`` mark.)
    """
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lightest in tests: the same code path, a fraction of the time and memory."""
    from argon2 import PasswordHasher

    from cpfkit.workplace import hashing

    monkeypatch.setattr(hashing, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def _apps_lent_for_one_test() -> Iterator[None]:
    """Applications handed out by ``tests.apps.app_on`` go back when the test ends."""
    yield
    release_apps()


@pytest.fixture
def frozen_clock() -> Iterator[datetime]:
    """cpfkit's clock frozen at 2026-11-02 09:00 UTC for the test (``clock.advance`` moves it on)."""
    from cpfkit import clock

    moment = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with clock.pin(moment):
        yield moment


@pytest.fixture(scope="session")
def pg_admin_url(templates: Templates) -> Iterator[str]:
    """The admin URL of a PostgreSQL server: CPFKIT_TEST_PG_URL, or a throwaway cluster of this session."""
    given = os.environ.get("CPFKIT_TEST_PG_URL")
    if given:
        yield given
        templates.drop(given)  # a server of one's own keeps no template databases
        return
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    """The databases of this test process that tests get copies of (tests/templates.py)."""
    return Templates(tmp_path_factory.mktemp("templates"))


def copy_template(request: pytest.FixtureRequest, url: str, name: str, build: Build) -> None:
    """Make the new database at ``url`` a copy of the template ``name``, built by ``build`` the first time."""
    admin = None if url.startswith("sqlite") else request.getfixturevalue("pg_admin_url")
    request.getfixturevalue("templates").fill(url, name, build, admin_url=admin)


def with_the_demo(store: Store) -> None:
    """Migrate a new database and load the demo programme into it (the ``demo`` template)."""
    store.migrate()
    services.load_folders(store, [DEMO])


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
def empty_store(db_url: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A migrated store with no programme, on each database (the database of ``db_url``)."""
    copy_template(request, db_url, "migrated", Store.migrate)
    store = Store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A migrated, empty SQLite store (for tests that need one database only)."""
    url = f"sqlite:///{tmp_path / 'cpfkit.db'}"
    copy_template(request, url, "migrated", Store.migrate)
    store = Store(url)
    yield store
    store.dispose()


@pytest.fixture
def demo_store(db_url: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A store holding the small demo programme of tests/data, on each database (the database of ``db_url``)."""
    copy_template(request, db_url, "demo", with_the_demo)
    store = Store(db_url)
    yield store
    store.dispose()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def embedded_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with both embedded programmes, shared by read-only tests, on each database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('embedded') / 'cpfkit.db'}"
        copy_template(request, url, "embedded", services.init_store)
        yield url
        return
    with fresh_database(request.getfixturevalue("pg_admin_url")) as url:
        copy_template(request, url, "embedded", services.init_store)
        yield url


@pytest.fixture(scope="session")
def embedded_copy(templates: Templates) -> Callable[[Path], Store]:
    """Make a SQLite store in a folder holding both embedded programmes, as ``cpfkit init`` leaves a new one."""

    def make(folder: Path) -> Store:
        url = f"sqlite:///{folder / 'cpfkit.db'}"
        templates.fill(url, "embedded", services.init_store)
        return Store(url)

    return make


@pytest.fixture
def embedded_store(embedded_db: str) -> Iterator[Store]:
    """A store on the shared embedded database (do not write to it)."""
    store = Store(embedded_db)
    yield store
    store.dispose()


@pytest.fixture
def api(embedded_store: Store, frozen_clock: datetime) -> TestClient:
    """An API client on the embedded programmes, on the frozen clock's day."""
    return TestClient(app_on(embedded_store))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver, one per test process (it downloads nothing: the browser is Debian's).

    Every test that drives a browser takes this one: a second ``sync_playwright()`` in a process
    where one is running refuses to start ("Sync API inside the asyncio loop").
    """
    with sync_playwright() as p:
        yield p
