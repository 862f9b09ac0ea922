"""Lookups the record resources share: live parents, the programmes that count an operation, text search."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError, MissingReference
from cpfkit.store.records.resource import Scope
from cpfkit.store.repository_programme import load_programme
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import ProjectRow

__all__ = [
    "check_framework",
    "contains_text",
    "in_programme",
    "live_programme",
    "live_project",
    "project_programmes",
    "project_scope",
]


def contains_text(text: str, *columns: Any) -> ColumnElement[bool]:
    """Rows where one of ``columns`` contains ``text``, without regard to case, every character taken literally.

    ``%`` and ``_`` (and the escape character ``/``) in ``text`` are escaped, so ``q=10%`` finds "10%" and
    not "100"; the same ``LIKE … ESCAPE '/'`` on SQLite and PostgreSQL.
    """
    needle = text.lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))


def live_programme(session: Session, programme_id: str, record: str, field: str = "programme") -> ProgrammeRow:
    """The programme, which must exist and not be deleted."""
    row = session.get(ProgrammeRow, programme_id)
    if row is None or row.deleted_at is not None:
        raise MissingReference(f"no programme {programme_id!r}", record=record, field=field)
    return row


def live_project(session: Session, project_id: str, record: str, field: str = "project") -> ProjectRow:
    """The operation, which must exist and not be deleted."""
    row = session.get(ProjectRow, project_id)
    if row is None or row.deleted_at is not None:
        raise MissingReference(f"no operation {project_id!r}", record=record, field=field)
    return row


def project_programmes(session: Session, project_id: str) -> set[str]:
    """The programmes that count an operation (the one defining it included)."""
    counted = set(
        session.scalars(select(ProgrammeProjectRow.programme_id).where(ProgrammeProjectRow.project_id == project_id))
    )
    owner = session.scalar(select(ProjectRow.owner_programme_id).where(ProjectRow.id == project_id))
    if owner:
        counted.add(owner)
    return counted


def project_scope(session: Session, project_id: str) -> Scope:
    """Where a record of an operation belongs: the programmes counting it, the one defining it, the operation."""
    owner = session.scalar(select(ProjectRow.owner_programme_id).where(ProjectRow.id == project_id))
    return Scope(frozenset(project_programmes(session, project_id)), programme_id=owner, project_id=project_id)


def in_programme(column: Any, programme: str) -> ColumnElement[bool]:
    """``column`` (an operation's id) names an operation the programme counts."""
    return column.in_(select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme))


def check_framework(session: Session, programme_id: str, record: str, field: str) -> None:
    """Rebuild the programme's model from the store, so the model checks the framework as a whole.

    Codes unique across priority areas, objectives and indicators, the envelope
    within the period: whatever :class:`~cpfkit.model.Programme` demands.
    """
    session.flush()
    try:
        load_programme(session, programme_id)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        errors = getattr(exc, "errors", None)
        message = str(errors()[0]["msg"]) if callable(errors) else str(exc)
        raise DataError(message.removeprefix("Value error, "), record=record, field=field) from exc
