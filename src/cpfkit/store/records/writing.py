"""Creating and changing editable records, each change version-checked and audited in the caller's transaction.

A change is written only if the record is still at the version the caller
read: an ``UPDATE ... WHERE version = :v`` that also moves the version on, so
two concurrent writers can never both succeed (the second gets
:class:`~cpfkit.errors.VersionMismatch` and nothing is overwritten).  Every
change adds an audit entry with the values before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, VersionMismatch
from cpfkit.store.audit import Actor, changed_fields, record
from cpfkit.store.records.reading import live_row, snapshot
from cpfkit.store.records.resource import Permit, Resource
from cpfkit.store.repository_translations import forget_edited

__all__ = ["check_version", "clashes", "create_record", "update_record", "write_version"]


@contextmanager
def clashes(res: Resource[Any], label: str) -> Iterator[None]:
    """Turn a unique-constraint violation into a Conflict naming the field."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(
            f"clashes with a stored {res.name.replace('_', ' ')} (an identifier or code already used, "
            "perhaps by a deleted one)",
            record=label,
            field=res.conflict_field,
        ) from exc


def create_record(session: Session, res: Resource[Any], payload: BaseModel, actor: Actor, permit: Permit) -> Any:
    """Create a record; return its row (flushed, with its key)."""
    permit(res.create_scope(session, payload))
    with clashes(res, f"new {res.name.replace('_', ' ')}"):
        row = res.create(session, payload)
        session.flush()
    scope = res.scope(session, row)
    record(
        session,
        actor,
        "create",
        res.name,
        str(row.id),
        programme_id=scope.programme_id,
        project_id=scope.project_id,
        version=row.version,
        after=snapshot(session, res, row),
    )
    return row


def write_version(session: Session, res: Resource[Any], row: Any, version: int, values: dict[str, Any]) -> None:
    """The version-checked UPDATE: changes the row only if it is still at ``version``."""
    stmt = (
        update(res.row)
        .where(res.key_column() == row.id, res.row.version == version)
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(stmt)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = session.scalar(select(res.row.version).where(res.key_column() == row.id))
        raise VersionMismatch(res.name, str(row.id), version, current)
    session.expire(row)


def check_version(res: Resource[Any], row: Any, version: int) -> None:
    """Refuse a change made to another version than the record's (VersionMismatch)."""
    if row.version != version:
        raise VersionMismatch(res.name, str(row.id), version, row.version)


def update_record(
    session: Session, res: Resource[Any], key: Any, payload: BaseModel, version: int, actor: Actor, permit: Permit
) -> Any:
    """Change a live record that is still at ``version``; return its row (unchanged for an empty change)."""
    row = live_row(session, res, key)
    scope = res.scope(session, row)
    permit(set(scope.programmes))
    check_version(res, row, version)
    if not payload.model_fields_set:  # nothing to change: no new version, no audit entry
        return row
    before = snapshot(session, res, row)
    values = res.changes(session, row, payload)
    with clashes(res, res.label(row)):
        write_version(session, res, row, version, values)
        res.after_change(session, row, payload)
        session.flush()
    after = snapshot(session, res, row)
    old, new = changed_fields(before, after)
    scope = res.scope(session, row)
    forget_edited(session, res.name, before, new.keys(), scope.programmes)  # translations of the old English texts
    record(
        session,
        actor,
        "update",
        res.name,
        str(row.id),
        programme_id=scope.programme_id,
        project_id=scope.project_id,
        version=row.version,
        before=old,
        after=new,
    )
    return row
