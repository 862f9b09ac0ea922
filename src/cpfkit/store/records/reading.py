"""Reading editable records: one record, its version, or a filtered, sorted page of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, NotFound
from cpfkit.jsonable import jsonable
from cpfkit.store.records.resource import Deleted, Resource
from cpfkit.store.types import ExactDecimal

__all__ = ["current_version", "get_record", "list_records", "live_row", "snapshot"]


def live_row(session: Session, res: Resource[Any], key: Any, *, deleted: bool | None = False) -> Any:
    """The record's row: live (default), deleted (``deleted=True``) or either (None); NotFound or Conflict else."""
    row = session.get(res.row, key, populate_existing=True)
    if row is None or (deleted is False and row.deleted_at is not None):
        raise NotFound(res.name, str(key))
    if deleted is True and row.deleted_at is None:
        raise Conflict("is not deleted", record=res.label(row), field="deleted_at")
    return row


def snapshot(session: Session, res: Resource[Any], row: Any) -> dict[str, Any]:
    """The record's public form as JSON values (what the audit trail keeps)."""
    public = res.to_public(session, [row])[0]
    data: dict[str, Any] = jsonable(public)
    return data


def get_record(session: Session, res: Resource[Any], key: Any, *, include_deleted: bool = False) -> BaseModel:
    """One record in its public form."""
    row = live_row(session, res, key, deleted=None if include_deleted else False)
    return res.to_public(session, [row])[0]


def current_version(session: Session, res: Resource[Any], key: Any) -> int:
    """The version of a live record."""
    return int(live_row(session, res, key).version)


def list_records(
    session: Session,
    res: Resource[Any],
    filters: BaseModel,
    *,
    sort: Sequence[tuple[str, bool]] = (),
    limit: int | None = None,
    offset: int = 0,
    deleted: str = Deleted.EXCLUDE,
) -> tuple[list[BaseModel], int]:
    """A page of records and the number of records matching the filters.

    Args:
        session: a session.
        res: the resource.
        filters: an instance of ``res.filter_schema``.
        sort: ``(key, descending)`` pairs, keys from ``res.sortable``; the primary key breaks ties.
        limit: at most this many records (all when None).
        offset: skip this many.
        deleted: :class:`Deleted` choice.
    """
    stmt = res.select_rows(filters)
    if deleted == Deleted.EXCLUDE:
        stmt = stmt.where(res.row.deleted_at.is_(None))
    elif deleted == Deleted.ONLY:
        stmt = stmt.where(res.row.deleted_at.is_not(None))
    total = int(session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    order = []
    for key, descending in [*sort, *((k, False) for k in res.default_sort)]:
        column = getattr(res.row, res.sortable[key])
        if isinstance(column.type, ExactDecimal):  # text on SQLite: order as numbers
            column = cast(column, Float)
        order.append(column.desc() if descending else column.asc())
    order.append(res.key_column().asc())
    stmt = stmt.order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.scalars(stmt).unique().all()
    return res.to_public(session, rows), total
