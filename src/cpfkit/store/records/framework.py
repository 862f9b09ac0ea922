"""What the results framework's resources share: positions in the framework, and the refusal to orphan records.

The framework is edited through three resources: priority areas
(:mod:`cpfkit.store.records.priority_areas`), objectives
(:mod:`cpfkit.store.records.objectives`) and indicators
(:mod:`cpfkit.store.records.indicators`), all written by administrators but
indicators.  After every change the programme is rebuilt from the store so
that the model checks the framework as a whole (codes unique across areas,
objectives and indicators).  A priority area or objective that still holds
live records is not deleted: its objectives, indicators or operations would
lose their place.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict

__all__ = ["Position", "in_use", "next_position"]

Position = Annotated[int, Field(ge=0, le=10_000)]


def next_position(session: Session, column: Any, where: Any) -> int:
    """The position after the last of the rows ``where`` selects (0 for the first)."""
    return int(session.scalar(select(func.coalesce(func.max(column), -1)).where(where)) or 0) + 1


def in_use(session: Session, label: str, what: str, count: int) -> None:
    """Refuse to delete a record that still holds ``count`` live records of another kind (Conflict)."""
    if count:
        raise Conflict(f"still holds {count} live {what}: delete or move them first", record=label, field="id")
