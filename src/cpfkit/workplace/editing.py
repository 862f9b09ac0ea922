"""Use cases of the editable records: each write in one transaction, with its permission check and audit entry.

Interfaces (API, pages, scripts) call these; the rules of each resource live
in :mod:`cpfkit.store.records`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cpfkit.model import ProgrammeData
from cpfkit.store import Store
from cpfkit.store.audit import Actor, AuditQuery, as_utc, record, select_entries
from cpfkit.store.records import base
from cpfkit.store.records.base import Deleted, Resource
from cpfkit.workplace.roles import Principal, login_name, permit

__all__ = [
    "AuditEntry",
    "record_load",
    "audit_entries",
    "create",
    "delete",
    "get",
    "list_records",
    "restore",
    "update",
    "version_of",
]


def list_records(
    store: Store,
    res: Resource[Any],
    filters: BaseModel,
    *,
    sort: Sequence[tuple[str, bool]] = (),
    limit: int | None = None,
    offset: int = 0,
    deleted: str = Deleted.EXCLUDE,
) -> tuple[list[BaseModel], int]:
    """A page of records and how many match (see :func:`cpfkit.store.records.base.list_records`)."""
    with store.reader() as session:
        return base.list_records(session, res, filters, sort=sort, limit=limit, offset=offset, deleted=deleted)


def get(store: Store, res: Resource[Any], key: Any, *, include_deleted: bool = False) -> BaseModel:
    """One record."""
    with store.reader() as session:
        return base.get_record(session, res, key, include_deleted=include_deleted)


def version_of(store: Store, res: Resource[Any], key: Any) -> int:
    """The version of a live record."""
    with store.reader() as session:
        return base.current_version(session, res, key)


def create(store: Store, res: Resource[Any], payload: BaseModel, principal: Principal) -> BaseModel:
    """Create a record, with its audit entry, in one transaction."""
    with store.transaction() as session:
        row = base.create_record(session, res, payload, principal.actor(), permit(principal, res))
        return res.to_public(session, [row])[0]


def update(
    store: Store, res: Resource[Any], key: Any, payload: BaseModel, version: int, principal: Principal
) -> BaseModel:
    """Change a record still at ``version``, with its audit entry, in one transaction."""
    with store.transaction() as session:
        row = base.update_record(session, res, key, payload, version, principal.actor(), permit(principal, res))
        return res.to_public(session, [row])[0]


def delete(store: Store, res: Resource[Any], key: Any, version: int, principal: Principal) -> BaseModel:
    """Mark a record deleted (it can be restored), with its audit entry, in one transaction."""
    with store.transaction() as session:
        row = base.delete_record(session, res, key, version, principal.actor(), permit(principal, res))
        return res.to_public(session, [row])[0]


def restore(store: Store, res: Resource[Any], key: Any, version: int, principal: Principal) -> BaseModel:
    """Bring a deleted record back, with its audit entry, in one transaction."""
    with store.transaction() as session:
        row = base.restore_record(session, res, key, version, principal.actor(), permit(principal, res))
        return res.to_public(session, [row])[0]


def record_load(session: Session, data: ProgrammeData, folder: str, *, replaced: bool = False) -> None:
    """The audit entry of a programme folder load, in the load's transaction (what came in, from where).

    A reload replaces the programme and what its folder brought; the entry says so.
    """
    after = {
        "folder": folder,
        "projects": len(data.projects),
        "carried_over": sum(1 for link in data.links if link.carried_from),
        "transactions": len(data.transactions),
        "measurements": len(data.measurements),
        "ratings": len(data.ratings),
        "sort_ratings": len(data.sort_ratings),
    }
    actor = Actor(f"load:{login_name()}", via="load")
    pid = data.programme.id
    record(session, actor, "reload" if replaced else "load", "programme", pid, programme_id=pid, after=after)


class AuditEntry(BaseModel):
    """One change: who, when, what, and the values before and after."""

    id: int
    at: datetime
    actor: str
    via: str
    action: str
    entity: str
    entity_id: str
    programme: str | None
    project: str | None
    version: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def audit_entries(
    store: Store, query: AuditQuery, *, limit: int | None = None, offset: int = 0, oldest_first: bool = False
) -> tuple[list[AuditEntry], int]:
    """The entries matching ``query``, newest first (or oldest first), and how many there are."""
    stmt = select_entries(query, oldest_first=oldest_first)
    with store.reader() as session:
        total = int(session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
        stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = session.scalars(stmt).all()
        return [
            AuditEntry(
                id=r.id,
                at=as_utc(r.at) or r.at,
                actor=r.actor,
                via=r.via,
                action=r.action,
                entity=r.entity,
                entity_id=r.entity_id,
                programme=r.programme_id,
                project=r.project_id,
                version=r.version,
                before=r.before,
                after=r.after,
            )
            for r in rows
        ], total
