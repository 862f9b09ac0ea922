"""The audit trail: every change to a record, with who made it, when, and the values before and after.

Entries are written by :func:`record` in the caller's transaction, so a change
and its trace are committed together or not at all.  Nothing ever updates or
deletes an entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Select, insert, select
from sqlalchemy.orm import Session

from cpfkit import clock
from cpfkit.store.tables_audit import AuditRow

__all__ = ["Actor", "AuditQuery", "as_utc", "changed_fields", "now", "record", "record_many", "select_entries"]

# Fields that change with every write and say nothing of their own.
_BOOKKEEPING = frozenset({"version", "created_at", "updated_at"})


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and through which door (``api``, ``web``, ``cli``, ``load``)."""

    name: str
    id: int | None = None
    via: str = "api"


def now() -> datetime:
    """The current time, in UTC."""
    return clock.now()


def as_utc(value: datetime | None) -> datetime | None:
    """A stored time with its zone (SQLite returns naive times; cpfkit writes them in UTC)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose values differ, as two mappings (before, after).

    Examples:
        >>> changed_fields({"a": 1, "b": 2, "version": 3}, {"a": 1, "b": 5, "version": 4})
        ({'b': 2}, {'b': 5})
    """
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in _BOOKKEEPING]
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    *,
    programme_id: str | None = None,
    project_id: str | None = None,
    version: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add one entry to the trail, in the caller's transaction."""
    session.add(
        AuditRow(
            at=now(),
            actor=actor.name,
            actor_id=actor.id,
            via=actor.via,
            action=action,
            entity=entity,
            entity_id=entity_id,
            programme_id=programme_id,
            project_id=project_id,
            version=version,
            before=before,
            after=after,
        )
    )


def record_many(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    changes: Iterable[tuple[str, str | None, dict[str, Any]]],
    *,
    programme_id: str | None = None,
) -> int:
    """Add one entry per ``(entity_id, project_id, after)`` in one statement (imports write thousands).

    Returns:
        The number of entries written.
    """
    at = now()
    rows = [
        {
            "at": at,
            "actor": actor.name,
            "actor_id": actor.id,
            "via": actor.via,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "programme_id": programme_id,
            "project_id": project_id,
            "version": None,
            "before": None,
            "after": after,
        }
        for entity_id, project_id, after in changes
    ]
    if rows:
        session.execute(insert(AuditRow), rows)
    return len(rows)


@dataclass(frozen=True)
class AuditQuery:
    """Which entries to list (every criterion optional)."""

    entity: str | None = None
    entity_id: str | None = None
    programme: str | None = None
    project: str | None = None
    actor: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def select_entries(query: AuditQuery, *, oldest_first: bool = False) -> Select[AuditRow]:
    """The entries matching ``query``, newest first (or oldest first)."""
    stmt = select(AuditRow)
    exact = {
        AuditRow.entity: query.entity,
        AuditRow.entity_id: query.entity_id,
        AuditRow.programme_id: query.programme,
        AuditRow.project_id: query.project,
        AuditRow.actor: query.actor,
        AuditRow.action: query.action,
    }
    for column, value in exact.items():
        if value is not None:
            stmt = stmt.where(column == value)
    if query.since is not None:
        stmt = stmt.where(AuditRow.at >= datetime.combine(query.since, time.min, UTC))
    if query.until is not None:
        stmt = stmt.where(AuditRow.at <= datetime.combine(query.until, time.max, UTC))
    if oldest_first:
        return stmt.order_by(AuditRow.at.asc(), AuditRow.id.asc())
    return stmt.order_by(AuditRow.at.desc(), AuditRow.id.desc())
