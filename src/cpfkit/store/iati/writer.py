"""Storing imported IATI activities in bulk.

:class:`IatiWriter` upserts batches of :class:`~cpfkit.store.iati.rows.ActivityRows`
by IATI identifier inside the caller's transaction: an activity whose content
hash is already stored is left alone (so importing a file twice changes
nothing), a changed one has its rows replaced, a new one is inserted.  Rows
go in with one ``executemany`` per table through the driver, the fastest path
SQLAlchemy offers for plain tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, delete, insert, select, text

from cpfkit.store.iati.columns import COLUMNS, IATI_ORIGIN
from cpfkit.store.iati.rows import ActivityRows
from cpfkit.store.tables import ProgrammeProjectRow, ProjectRow, TransactionRow
from cpfkit.store.tables_iati import (
    IatiActivityRow,
)

__all__ = ["IatiWriter", "Outcome", "bulk_insert"]

Outcome = Literal["new", "updated", "unchanged", "conflict"]
"""What happened to one activity of a batch."""

_IATI_TABLES = (
    "iati_participating_orgs",
    "iati_recipients",
    "iati_sectors",
    "iati_locations",
    "iati_budgets",
    "iati_results",
    "iati_indicators",
    "iati_periods",
    "project_sectors",
    "project_locations",
    "iati_activities",
)
_INSERT_ORDER = (
    "iati_activities",
    "iati_participating_orgs",
    "iati_recipients",
    "iati_sectors",
    "iati_locations",
    "iati_budgets",
    "iati_results",
    "iati_indicators",
    "iati_periods",
    "project_sectors",
    "project_locations",
    "transactions",
)


def _insert_sql(conn: Connection, table: str, columns: Sequence[str]) -> str:
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join([mark] * len(columns))})"


def bulk_insert(conn: Connection, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert row tuples (in the column order of ``COLUMNS[table]``) with one executemany."""
    if rows:
        conn.exec_driver_sql(_insert_sql(conn, table, COLUMNS[table]), list(rows))


@dataclass
class IatiWriter:
    """Upserts activities in the caller's transaction; optionally links them to a programme.

    With ``dry_run`` it only says what would happen.  The database's own
    triggers move the data version on for whatever is written.
    """

    conn: Connection
    programme: str | None = None
    dry_run: bool = False
    _update_sql: str = field(init=False, default="")

    def __post_init__(self) -> None:
        quote = self.conn.dialect.identifier_preparer.quote
        mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        columns = COLUMNS["projects"][1:-1]
        sets = ", ".join(f"{quote(c)} = {mark}" for c in columns)
        self._update_sql = (
            f"UPDATE projects SET {sets}, version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = {mark}"
        )

    def write(self, batch: Sequence[ActivityRows]) -> list[Outcome]:
        """Store a batch of activities (identifiers unique within the batch); return what happened to each."""
        if not batch:
            return []
        ids = [rows.project_id for rows in batch]
        stored = dict(
            self.conn.execute(
                select(IatiActivityRow.project_id, IatiActivityRow.content_hash).where(
                    IatiActivityRow.project_id.in_(ids)
                )
            ).all()
        )
        projects = set(self.conn.scalars(select(ProjectRow.id).where(ProjectRow.id.in_(ids))))
        outcomes: list[Outcome] = []
        for rows in batch:
            if rows.project_id in stored:
                outcomes.append("unchanged" if stored[rows.project_id] == rows.content_hash else "updated")
            elif rows.project_id in projects:
                outcomes.append("conflict")
            else:
                outcomes.append("new")
        if self.dry_run:
            return outcomes
        new = [rows for rows, o in zip(batch, outcomes, strict=True) if o == "new"]
        updated = [rows for rows, o in zip(batch, outcomes, strict=True) if o == "updated"]
        if updated:
            self._clear([rows.project_id for rows in updated])
            params = [(*rows.project[1:-1], rows.project_id) for rows in updated]
            self.conn.exec_driver_sql(self._update_sql, params)
        bulk_insert(self.conn, "projects", [rows.project for rows in new])
        changed = new + updated
        for table in _INSERT_ORDER:
            if table == "iati_activities":
                bulk_insert(self.conn, table, [rows.activity for rows in changed])
            else:
                bulk_insert(self.conn, table, [row for rows in changed for row in rows.children[table]])
        if self.programme is not None:
            self._link([rows.project_id for rows, o in zip(batch, outcomes, strict=True) if o != "conflict"])
        return outcomes

    def _clear(self, ids: list[str]) -> None:
        """Remove the rows an earlier import of these activities brought (not the project, not its links)."""
        for table in _IATI_TABLES:
            self.conn.execute(
                text(f"DELETE FROM {table} WHERE project_id IN :ids").bindparams(bindparam("ids", expanding=True)),
                {"ids": ids},
            )
        self.conn.execute(
            delete(TransactionRow).where(TransactionRow.project_id.in_(ids), TransactionRow.origin == IATI_ORIGIN)
        )

    def _link(self, ids: list[str]) -> None:
        linked = set(
            self.conn.scalars(
                select(ProgrammeProjectRow.project_id).where(
                    ProgrammeProjectRow.programme_id == self.programme, ProgrammeProjectRow.project_id.in_(ids)
                )
            )
        )
        missing = [{"programme_id": self.programme, "project_id": pid} for pid in ids if pid not in linked]
        if missing:
            self.conn.execute(insert(ProgrammeProjectRow), missing)
