"""Alembic environment: migrations run on the connection cpfkit hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from cpfkit.store.schema import Base

target_metadata = Base.metadata
config = context.config


def run() -> None:
    """Run migrations on the given connection, or on ``sqlalchemy.url`` when there is none."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _migrate(conn)
        return
    _migrate(connection)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
