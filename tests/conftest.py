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


DATABASE_FIXTURES = ("db_url", "embedded_db")
"""The fixtures parametrised over both databases (every store fixture rests on one of them)."""

ON_BOTH_DATABASES = (
    "tests/store/",
    "tests/formats/test_programme_folder.py",
    "tests/api/test_records.py",
    "tests/api/test_search.py",
    "tests/api/test_near_ceiling.py",
    "tests/api/test_expiry.py",
    "tests/api/test_exact_numbers.py",
    "tests/api/test_concurrency.py",
    "tests/api/test_durability.py",
    "tests/api/test_deploy.py",
    "tests/services/interchange/test_iati_import.py",
)
"""Tests whose code path is the database's own work: they may not be marked ``sqlite_only``.

The store and its migrations, loading (a rejected file leaves the database as it was), the API's
writes through a real store, searches in SQL, exact money and amounts at the ceiling, times that
expire, concurrent writers, durability and deployment.
"""


_PAGES = (
    "pages and forms: HTML rendered from the figures the services compute; the reads and writes under "
    "them are the store's, checked on both databases by tests/store and the API's record tests"
)
_COMMANDS = (
    "command-line parsing and output (JSON, tables, files) over the same services; the store under "
    "them is checked on both databases by tests/store and the API's record tests"
)
_TEXT = "report text and figures in each language, computed from programme data read through the store"

SQLITE_ONLY = {
    "tests/web/": _PAGES,
    "tests/web_ops/": _PAGES,
    "tests/reports/test_report_languages.py": _TEXT,
    "tests/api/test_reports_api.py": _TEXT,
    "tests/test_figures.py": _TEXT,
    "tests/metrics/test_portfolio_figures.py": _TEXT,
    "tests/cli/test_cli.py": _COMMANDS,
    "tests/cli/test_numbers_cli.py": _COMMANDS,
    "tests/cli/test_planning_cli.py": _COMMANDS,
    "tests/cli/test_portfolio_cli.py": _COMMANDS,
    "tests/cli/test_report_languages_cli.py": _COMMANDS,
    "tests/cli/test_results_cli.py": _COMMANDS,
    "tests/cli/test_simulate.py": _COMMANDS,
    "tests/cli/test_tables_cli.py": _COMMANDS,
}
"""Tests marked ``sqlite_only`` by where they are, with the reason their behaviour does not depend on the database.

A single test may carry ``@pytest.mark.sqlite_only(reason=...)`` itself (docs/development.md, "Speed").
"""


def _on_postgresql(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and any(callspec.params.get(name) == "postgresql" for name in DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests of :data:`XDIST_GROUPS` with their group; run ``sqlite_only`` tests on SQLite alone.

    ``@pytest.mark.sqlite_only(reason=...)`` says why the test's behaviour does not depend on the
    database (docs/development.md, "Which tests run on PostgreSQL"); its PostgreSQL copy is deselected.
    The mark without a reason, or on a test of :data:`ON_BOTH_DATABASES`, is a usage error.
    """
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        for prefix, group in XDIST_GROUPS.items():
            if item.nodeid.startswith(prefix):
                item.add_marker(pytest.mark.xdist_group(group))
        for prefix, reason in SQLITE_ONLY.items():
            if item.nodeid.startswith(prefix):
                item.add_marker(pytest.mark.sqlite_only(reason=reason))
        mark = item.get_closest_marker("sqlite_only")
        if mark is not None:
            if not mark.kwargs.get("reason"):
                raise pytest.UsageError(
                    f"{item.nodeid}: sqlite_only needs reason=... (why the database does not matter)"
                )
            if item.nodeid.startswith(ON_BOTH_DATABASES):
                raise pytest.UsageError(f"{item.nodeid}: depends on the database and runs on both (ON_BOTH_DATABASES)")
            if _on_postgresql(item):
                dropped.append(item)
                continue
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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
