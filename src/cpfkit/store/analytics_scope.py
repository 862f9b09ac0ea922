"""What the queries of the portfolio engine's tables share: the programme they read, and the casts they use.

Each query selects its columns with dates and money as text and flags as
integers, so that nothing is converted row by row on the way, and leaves
soft-deleted rows out.  A :class:`Scope` limits them to one programme (or
none: every programme).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, String, cast, select
from sqlalchemy.sql import ColumnElement

from cpfkit.store.tables_links import ProgrammeProjectRow

__all__ = ["Query", "Scope", "int_of", "text_of"]

Query = tuple[Sequence[Any], Sequence[str], Sequence[Any]]
"""What one table reads: the selected columns, the names they take in the copy, and the conditions."""


@dataclass(frozen=True)
class Scope:
    """The programme whose tables are read (None: every programme), and the operations it counts."""

    programme_id: str | None

    @property
    def members(self) -> Select[Any] | None:
        """The ids of the operations the programme counts (None for every programme)."""
        if self.programme_id is None:
            return None
        return select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == self.programme_id)

    def of_programme(self, column: Any) -> list[Any]:
        """``column`` names the programme (nothing to add for every programme)."""
        return [column == self.programme_id] if self.programme_id is not None else []

    def of_members(self, row: Any) -> list[Any]:
        """The row is live and belongs to an operation the programme counts."""
        conditions: list[Any] = [row.deleted_at.is_(None)] if hasattr(row, "deleted_at") else []
        members = self.members
        if members is not None:
            conditions.append(row.project_id.in_(members))
        return conditions


def text_of(column: Any) -> ColumnElement[Any]:
    """The column as text (dates and decimals, which DuckDB then casts exactly)."""
    return cast(column, String)


def int_of(column: Any) -> ColumnElement[Any]:
    """The column as an integer (flags)."""
    return cast(column, Integer)
