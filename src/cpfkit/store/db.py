"""Opening the database, migrating it, and running work in transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from cpfkit.errors import StoreError
from cpfkit.store import data_version, periods  # noqa: F401 - periods: the check of closed periods at every commit
from cpfkit.store.connection import HEAD_REVISION, open_engine, read_revision
from cpfkit.store.tables_programme import ProgrammeRow

if TYPE_CHECKING:  # Alembic is imported only to migrate: it costs a quarter of a second of every command's start
    from alembic.config import Config

__all__ = ["HEAD_REVISION", "Store"]

_MIGRATIONS = Path(__file__).parent / "migrations"


class Store:
    """A cpfkit database, reached by any SQLAlchemy URL (SQLite by default, PostgreSQL for teams).

    Every import or edit runs in :meth:`transaction`: it commits whole or not at all.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine: Engine
        self.engine, self.dialect = open_engine(url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    # -- schema -----------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        return config

    def head_revision(self) -> str | None:
        """The newest migration cpfkit ships."""
        return HEAD_REVISION

    def current_revision(self) -> str | None:
        """The migration the database is at (None for an empty database), read from Alembic's version table."""
        try:
            with self.engine.connect() as conn:
                versions = read_revision(conn)
        except OperationalError as exc:
            raise StoreError(f"cannot open the database {self!r}: {exc.orig}") from exc
        if len(versions) > 1:
            raise StoreError(f"the database {self!r} is at several migrations at once: {', '.join(sorted(versions))}")
        return versions[0] if versions else None

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest migration, in one transaction.

        Then every table of figures has the triggers of the data version (a table that a migration
        added, or rebuilt and so lost them, gets them here), and the data version moves on: a
        migration may change figures in ways no trigger sees.
        """
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        from cpfkit.store.schema import Base  # every table, for the triggers of the data version

        config = self._alembic_config()
        try:
            with self.engine.begin() as conn:
                before = MigrationContext.configure(conn).get_current_revision()
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                data_version.install(conn, data_version.watched_tables(Base.metadata))
                if before is not None and before != MigrationContext.configure(conn).get_current_revision():
                    data_version.advance(conn)
        except OperationalError as exc:
            raise StoreError(f"cannot migrate the database {self!r}: {exc.orig}") from exc

    def data_state(self) -> data_version.DataState:
        """The epoch and data version now committed, read on a bare connection (one indexed read).

        Readers that keep computed figures ask on every request: it is the cheapest read there is.
        """
        with self.engine.connect() as conn:
            return data_version.read_state(conn)

    def is_current(self) -> bool:
        """Whether the schema is at the newest migration."""
        return self.current_revision() == self.head_revision()

    def is_empty(self) -> bool:
        """Whether the database holds no programme."""
        with self.engine.connect() as conn:  # a bare read: the ORM's classes are configured on first use, not here
            return conn.scalar(select(ProgrammeRow.__table__.c.id).limit(1)) is None

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
