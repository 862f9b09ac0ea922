"""Migration 0014: a measurement keeps its published bound and its quote; old verified values lose the mark."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.conftest import DEMO


def _verified(store: Store) -> list[tuple[str, bool]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT value, verified FROM measurements ORDER BY id")).all()
    return [(str(v), bool(flag)) for v, flag in rows]


def test_values_stored_as_verified_without_a_quote_become_unverified(demo_store: Store) -> None:
    assert sum(flag for _, flag in _verified(demo_store)) == 2  # xx-demo: two values quoted in sources.yaml
    config = demo_store._alembic_config()
    with demo_store.engine.begin() as conn:  # back to the schema before quotes: the marks stay, the quotes go
        config.attributes["connection"] = conn
        command.downgrade(config, "0011_data_version_triggers")
    assert sum(flag for _, flag in _verified(demo_store)) == 2
    demo_store.migrate()
    assert not any(flag for _, flag in _verified(demo_store))
    with demo_store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM measurements WHERE quote IS NOT NULL")).scalar_one() == 0
    services.load_folders(demo_store, [DEMO], replace=True)  # loading the folder again brings the quotes back
    assert sum(flag for _, flag in _verified(demo_store)) == 2
