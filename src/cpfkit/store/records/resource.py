"""What an editable resource is: its schemas, its hooks, and where each of its records belongs.

A resource (projects, transactions, ...) is a :class:`Resource` subclass that
says what its schemas are, how a payload becomes validated column values, and
which programmes a record belongs to; :mod:`cpfkit.store.records.base` lists,
reads, writes, deletes and restores the records of every resource the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

__all__ = ["Deleted", "Permit", "Resource", "Scope"]

RowT = TypeVar("RowT")

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
