"""Deleting and restoring editable records: deleting marks a record (``deleted_at``), restoring clears the mark.

Nothing is removed; both are version-checked and audited like any change
(:mod:`cpfkit.store.records.writing`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cpfkit.jsonable import jsonable
from cpfkit.store.audit import Actor, now, record
from cpfkit.store.records.reading import live_row, snapshot
from cpfkit.store.records.resource import Permit, Resource
from cpfkit.store.records.writing import check_version, write_version

__all__ = ["delete_record", "restore_record"]


def delete_record(session: Session, res: Resource[Any], key: Any, version: int, actor: Actor, permit: Permit) -> Any:
    """Mark a live record deleted (it stays in the store and can be restored)."""
    row = live_row(session, res, key)
    scope = res.scope(session, row)
    permit(set(scope.programmes))
    check_version(res, row, version)
    res.check_delete(session, row)
    before = snapshot(session, res, row)
    write_version(session, res, row, version, {"deleted_at": now()})
    record(
        session,
        actor,
        "delete",
        res.name,
        str(row.id),
        programme_id=scope.programme_id,
        project_id=scope.project_id,
        version=row.version,
        before=before,
        after={"deleted_at": jsonable(row.deleted_at)},
    )
    return row


def restore_record(session: Session, res: Resource[Any], key: Any, version: int, actor: Actor, permit: Permit) -> Any:
    """Bring a deleted record back."""
    row = live_row(session, res, key, deleted=True)
    scope = res.scope(session, row)
    permit(set(scope.programmes))
    check_version(res, row, version)
    res.check_restore(session, row)
    deleted_at = jsonable(row.deleted_at)
    write_version(session, res, row, version, {"deleted_at": None})
    res.after_restore(session, row)
    record(
        session,
        actor,
        "restore",
        res.name,
        str(row.id),
        programme_id=scope.programme_id,
        project_id=scope.project_id,
        version=row.version,
        before={"deleted_at": deleted_at},
        after={"deleted_at": None},
    )
    return row
