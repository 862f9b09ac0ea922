"""The declarative base of every table, and the columns that records share.

Natural identifiers are kept where the field has them (programme slugs,
World Bank/IFC/MIGA project ids); child rows have integer keys.  Every row
that holds a figure has the provenance columns ``source``, ``illustrative``
and ``illustrative_fields``.  Ledger and rating rows note in ``origin`` the
programme folder that loaded them (empty for edits and imports), so that
reloading a folder replaces exactly what it brought.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, MetaData, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

__all__ = [
    "NAMING",
    "Base",
    "Provenance",
    "Versioned",
    "deleted_at_column",
    "origin_column",
    "version_column",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints alike everywhere."""

    metadata = MetaData(naming_convention=NAMING)


class Provenance:
    """Columns of a sourced record."""

    source: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    illustrative_fields: Mapped[list[str]] = mapped_column(JSON, default=list)


def version_column(*, server_default: str | None = None) -> MappedColumn[Any]:
    """The optimistic-lock ``version`` of an editable record (1 when created)."""
    return mapped_column(Integer, default=1, server_default=server_default)


def deleted_at_column() -> MappedColumn[Any]:
    """The soft-delete mark ``deleted_at`` (None while the record is live)."""
    return mapped_column(DateTime(timezone=True))


def origin_column(*, index: bool = True) -> MappedColumn[Any]:
    """The ``origin`` of a row a programme folder loaded: that programme (None for edits and imports)."""
    return mapped_column(String(64), index=index)


class Versioned:
    """Columns of an editable record: an optimistic-lock version, timestamps and a soft-delete mark."""

    version: Mapped[int] = version_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    deleted_at: Mapped[datetime | None] = deleted_at_column()
