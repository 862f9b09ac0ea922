"""Whether a database is whole: SQLite's ``PRAGMA integrity_check``, and amcheck's checks on PostgreSQL."""

from __future__ import annotations

from cpfkit.store import Store

__all__ = ["integrity"]

_BTREES = (
    "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relnamespace = current_schema()::regnamespace"
)
_TABLES = (
    "SELECT c.oid::regclass::text FROM pg_class c "
    "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace"
)


def integrity(store: Store) -> str:
    """``ok``, or what the database's own check found wrong.

    SQLite checks every page, index and constraint (``PRAGMA integrity_check``). On PostgreSQL the
    amcheck extension checks every table's heap (``verify_heapam``) and every B-tree index against its
    table (``bt_index_check`` with ``heapallindexed``).
    """
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            return "; ".join(str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check"))
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        problems = []
        for (table,) in conn.exec_driver_sql(_TABLES).all():
            for row in conn.exec_driver_sql(f"SELECT blkno, offnum, msg FROM verify_heapam('{table}')"):
                problems.append(f"{table}: {tuple(row)}")
        for (index,) in conn.exec_driver_sql(_BTREES).all():
            conn.exec_driver_sql(f"SELECT bt_index_check('{index}', true)")  # raises on a damaged index
        conn.commit()
        return "; ".join(problems) or "ok"
