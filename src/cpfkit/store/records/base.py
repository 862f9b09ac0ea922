"""How every editable record is listed, read, created, changed, deleted and restored.

A resource (projects, transactions, ...) is a :class:`Resource` subclass that
says what its schemas are, how a payload becomes validated column values, and
which programmes a record belongs to.  The functions here do the rest, the
same way for every resource, each inside the caller's transaction:

* a change is written only if the record is still at the version the caller
  read — an ``UPDATE ... WHERE version = :v`` that also moves the version on,
  so two concurrent writers can never both succeed (the second gets
  :class:`~cpfkit.errors.VersionMismatch` and nothing is overwritten);
* every change adds an audit entry with the values before and after, in the
  same transaction;
* deleting marks the record (``deleted_at``) and restoring clears the mark:
  nothing is removed.

Adding a resource is one subclass and one line in
:data:`cpfkit.store.records.RESOURCES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Float, Select, cast, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from cpfkit.errors import Conflict, DataError, NotFound, UnknownCode, VersionMismatch
from cpfkit.jsonable import jsonable
from cpfkit.store.audit import Actor, changed_fields, now, record
from cpfkit.store.types import ExactDecimal

__all__ = [
    "Deleted",
    "Permit",
    "Resource",
    "Scope",
    "create_record",
    "delete_record",
    "get_record",
    "list_records",
    "record_stamps",
    "restore_record",
    "update_record",
    "validated",
]

RowT = TypeVar("RowT")
M = TypeVar("M", bound=BaseModel)

Permit = Callable[[set[str]], None]
"""Raises PermissionDenied unless the caller may write records of these programmes."""


@dataclass(frozen=True)
class Scope:
    """Where a record belongs: the programmes that count it, and its operation if any."""

    programmes: frozenset[str]
    programme_id: str | None = None
    project_id: str | None = None


class Deleted:
    """Which records a list shows: live ones (default), deleted ones, or both."""

    EXCLUDE = "exclude"
    ONLY = "only"
    INCLUDE = "include"


def record_stamps(row: Any) -> dict[str, Any]:
    """What every stored record shows of its life: its version and when it was created, changed and deleted."""
    return {
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "deleted_at": row.deleted_at,
    }


def validated(model: type[M], data: Mapping[str, Any], record_label: str, prefix: str = "") -> M:
    """``model`` built from ``data``; a validation error becomes a DataError naming the field.

    Args:
        model: the domain model that checks the values.
        data: the values.
        record_label: the record, for the message (``project P1``).
        prefix: prepended to the field path (when ``data`` is part of a larger payload).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(p) for p in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if not path and "needs a source" in message:
            path = "source"
        field = ".".join(p for p in (prefix, path) if p) or "record"
        cls = UnknownCode if error["type"] in ("enum", "literal_error") else DataError
        raise cls(message, record=record_label, field=field) from exc


class Resource(Generic[RowT]):
    """One kind of editable record.  Subclasses fill in the class attributes and the hooks."""

    name: ClassVar[str]
    """Singular name, used in the audit trail and messages (``project``)."""
    path: ClassVar[str]
    """URL segment of the collection (``projects``)."""
    row: ClassVar[type[Any]]
    key_type: ClassVar[type] = int
    create_schema: ClassVar[type[BaseModel]]
    update_schema: ClassVar[type[BaseModel]]
    public_schema: ClassVar[type[BaseModel]]
    filter_schema: ClassVar[type[BaseModel]]
    sortable: ClassVar[Mapping[str, str]]
    """Sort keys the list accepts, each naming a column attribute of the row."""
    default_sort: ClassVar[tuple[str, ...]] = ("id",)
    admin_only: ClassVar[bool] = False
    """Only administrators write this resource (editors write the others for their programmes)."""
    conflict_field: ClassVar[str] = "id"
    """The field a clash with a stored record is about (a duplicate identifier or code)."""

    # -- reading ------------------------------------------------------------------------------

    def key_column(self) -> InstrumentedAttribute[Any]:
        """The primary-key attribute."""
        column: InstrumentedAttribute[Any] = self.row.id
        return column

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """The rows matching the list filters (deleted or not: the caller adds that)."""
        raise NotImplementedError

    def to_public(self, session: Session, rows: Sequence[RowT]) -> list[BaseModel]:
        """The public form of rows (in one go, so lists cost a fixed number of queries)."""
        raise NotImplementedError

    def scope(self, session: Session, row: RowT) -> Scope:
        """Where the record belongs."""
        raise NotImplementedError

    def label(self, row: RowT) -> str:
        """How messages name the record."""
        return f"{self.name} {row.id}"  # type: ignore[attr-defined]

    # -- writing ------------------------------------------------------------------------------

    def create(self, session: Session, payload: BaseModel) -> RowT:
        """Validate a new record and add it to the session (not yet flushed)."""
        raise NotImplementedError

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programmes a new record would belong to (for the permission check)."""
        raise NotImplementedError

    def changes(self, session: Session, row: RowT, payload: BaseModel) -> dict[str, Any]:
        """Validate the record as it would be after the change; return the column values to write."""
        raise NotImplementedError

    def after_change(self, session: Session, row: RowT, payload: BaseModel) -> None:
        """Write what lives outside the row (child tables), once the row's version check has passed."""

    def check_delete(self, session: Session, row: RowT) -> None:
        """Refuse to delete a record that others still depend on."""

    def check_restore(self, session: Session, row: RowT) -> None:
        """Refuse to restore a record whose parent is deleted."""

    def after_restore(self, session: Session, row: RowT) -> None:
        """Check what the restored record must fit (a code no other record has taken meanwhile)."""


# -- operations ---------------------------------------------------------------------------------


def _row(session: Session, res: Resource[Any], key: Any, *, deleted: bool | None = False) -> Any:
    row = session.get(res.row, key, populate_existing=True)
    if row is None or (deleted is False and row.deleted_at is not None):
        raise NotFound(res.name, str(key))
    if deleted is True and row.deleted_at is None:
        raise Conflict("is not deleted", record=res.label(row), field="deleted_at")
    return row


def _snapshot(session: Session, res: Resource[Any], row: Any) -> dict[str, Any]:
    public = res.to_public(session, [row])[0]
    data: dict[str, Any] = jsonable(public)
    return data


def get_record(session: Session, res: Resource[Any], key: Any, *, include_deleted: bool = False) -> BaseModel:
    """One record in its public form."""
    row = _row(session, res, key, deleted=None if include_deleted else False)
    return res.to_public(session, [row])[0]


def current_version(session: Session, res: Resource[Any], key: Any) -> int:
    """The version of a live record."""
    return int(_row(session, res, key).version)


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


@contextmanager
def _clashes(res: Resource[Any], label: str) -> Iterator[None]:
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
    with _clashes(res, f"new {res.name.replace('_', ' ')}"):
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
        after=_snapshot(session, res, row),
    )
    return row


def _write(session: Session, res: Resource[Any], row: Any, version: int, values: dict[str, Any]) -> None:
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


def _check_version(res: Resource[Any], row: Any, version: int) -> None:
    if row.version != version:
        raise VersionMismatch(res.name, str(row.id), version, row.version)


def update_record(
    session: Session, res: Resource[Any], key: Any, payload: BaseModel, version: int, actor: Actor, permit: Permit
) -> Any:
    """Change a live record that is still at ``version``; return its row (unchanged for an empty change)."""
    row = _row(session, res, key)
    scope = res.scope(session, row)
    permit(set(scope.programmes))
    _check_version(res, row, version)
    if not payload.model_fields_set:  # nothing to change: no new version, no audit entry
        return row
    before = _snapshot(session, res, row)
    values = res.changes(session, row, payload)
    with _clashes(res, res.label(row)):
        _write(session, res, row, version, values)
        res.after_change(session, row, payload)
        session.flush()
    after = _snapshot(session, res, row)
    old, new = changed_fields(before, after)
    scope = res.scope(session, row)
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


def delete_record(session: Session, res: Resource[Any], key: Any, version: int, actor: Actor, permit: Permit) -> Any:
    """Mark a live record deleted (it stays in the store and can be restored)."""
    row = _row(session, res, key)
    scope = res.scope(session, row)
    permit(set(scope.programmes))
    _check_version(res, row, version)
    res.check_delete(session, row)
    before = _snapshot(session, res, row)
    _write(session, res, row, version, {"deleted_at": now()})
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
    row = _row(session, res, key, deleted=True)
    scope = res.scope(session, row)
    permit(set(scope.programmes))
    _check_version(res, row, version)
    res.check_restore(session, row)
    deleted_at = jsonable(row.deleted_at)
    _write(session, res, row, version, {"deleted_at": None})
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
