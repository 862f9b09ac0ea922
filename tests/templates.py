"""Databases built once per test process and copied for each test that needs one.

Migrating a new database takes a fifth of a second of CPU, loading the demo programme as much again
and loading both embedded programmes over a second and a half; copying the result takes a few
milliseconds.  A template is built the first time a test asks for it, by the function the test's
fixture gives (a migration, a programme load), and kept for the rest of the test process (one per
xdist worker).  Its copies are what the fixtures hand out:

* SQLite: the template file is copied into the new file with SQLite's backup API;
* PostgreSQL: the new database is created with ``CREATE DATABASE … TEMPLATE``.

Each copy gets a data epoch of its own, as a database migrated from nothing does (the migration
draws one): no cache can take one test's database for another's.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from cpfkit.store import Store

__all__ = ["Build", "Templates"]

Build = Callable[[Store], object]
"""What makes a template out of a new, empty database (its result is ignored)."""

_NEW_EPOCH = "UPDATE data_version SET epoch = %s WHERE id = 1"


def _dsn(url: str) -> str:
    """A libpq connection string for a SQLAlchemy PostgreSQL URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Templates:
    """The templates of one test process, by name; SQLite files in ``folder``, databases on PostgreSQL servers."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._builds: dict[str, Build] = {}
        self._files: dict[str, Path] = {}
        self._databases: dict[tuple[str, str], str] = {}  # (admin URL, name) -> template database

    def fill(self, url: str, name: str, build: Build, *, admin_url: str | None = None) -> None:
        """Make the new, empty database at ``url`` a copy of the template ``name`` (built by ``build`` once).

        A SQLite file must not exist yet; a PostgreSQL database (on the server of ``admin_url``) is
        replaced by the copy, under the same name.
        """
        if self._builds.setdefault(name, build) is not build:
            raise ValueError(
                f"the template {name!r} is built by {self._builds[name].__qualname__}, not {build.__qualname__}"
            )
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            self._copy_file(self._file(name, build), Path(str(parsed.database)))
            return
        if admin_url is None:
            raise ValueError("a PostgreSQL copy needs the server's admin URL")
        template = self._database(admin_url, name, build)
        target = str(parsed.database)
        with psycopg.connect(_dsn(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{template}"')
        with psycopg.connect(_dsn(url), autocommit=True) as conn:
            conn.execute(_NEW_EPOCH, (uuid.uuid4().hex,))

    def drop(self, admin_url: str) -> None:
        """Drop the template databases made on the server of ``admin_url``."""
        for key in [k for k in self._databases if k[0] == admin_url]:
            with psycopg.connect(_dsn(admin_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self._databases.pop(key)}" WITH (FORCE)')

    def _file(self, name: str, build: Build) -> Path:
        if name not in self._files:
            path = self.folder / f"{name}.db"
            store = Store(f"sqlite:///{path}")
            try:
                build(store)
            finally:
                store.dispose()
            self._files[name] = path
        return self._files[name]

    def _database(self, admin_url: str, name: str, build: Build) -> str:
        key = (admin_url, name)
        if key not in self._databases:
            database = f"template_{name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(_dsn(admin_url), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
            store = Store(admin_url.rsplit("/", 1)[0] + f"/{database}")
            try:
                build(store)
            finally:
                store.dispose()  # no connection may stay open: CREATE DATABASE … TEMPLATE refuses a template in use
            self._databases[key] = database
        return self._databases[key]

    @staticmethod
    def _copy_file(template: Path, target: Path) -> None:
        if target.exists():
            raise FileExistsError(f"{target} exists: a template is copied into a new database only")
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(template)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute(_NEW_EPOCH.replace("%s", "?"), (uuid.uuid4().hex,))
            copy.commit()
        finally:
            copy.close()
            source.close()
