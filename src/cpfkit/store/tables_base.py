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

from sqlalchemy import JSON, Boolean, DateTime, Integer, MetaData, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["NAMING", "Base", "Provenance", "Versioned"]

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


class Versioned:
    """Columns of an editable record: an optimistic-lock version, timestamps and a soft-delete mark."""

    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
