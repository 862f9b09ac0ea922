"""Entries of a programme's risk register as editable records (``/api/risks``).

An entry belongs to one programme (its code, ``R1``, ``R2`` …, is unique
within it) and may name one operation the programme counts.  Closing an
entry is a change like any other (``status``, ``closed``, ``closing_note``),
so it is version-checked and audited; the register routes of the portfolio
API and ``cpfkit risk add/close`` go through the same functions.  The schemas
are in :mod:`cpfkit.store.records.risk_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session

from cpfkit import clock
from cpfkit.errors import DuplicateIdentifier, MissingReference
from cpfkit.model import RiskEntry, RiskStatus
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.records.common import live_programme
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.risk_schemas import RiskCreate, RiskFilters, RiskPublic, RiskUpdate
from cpfkit.store.records.validation import merged, validated
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_portfolio import RiskEntryRow

__all__ = ["RiskCreate", "RiskFilters", "RiskPublic", "RiskUpdate", "Risks", "next_code", "to_entry"]


def _data(row: RiskEntryRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "title": row.title,
        "description": row.description,
        "factors": list(row.factors or []),
        "category": row.category,
        "rating": row.rating,
        "mitigation": row.mitigation,
        "owner": row.owner,
        "project": row.project_id,
        "status": row.status,
        "opened": row.opened,
        "closed": row.closed,
        "closing_note": row.closing_note,
    }


def _columns(model: RiskEntry) -> dict[str, Any]:
    return {
        "code": model.code,
        "title": model.title,
        "description": model.description,
        "factors": [f.value for f in model.factors],
        "category": model.category.value if model.category else None,
        "rating": model.rating.value,
        "mitigation": model.mitigation,
        "owner": model.owner,
        "project_id": model.project,
        "status": model.status.value,
        "opened": model.opened,
        "closed": model.closed,
        "closing_note": model.closing_note,
        **provenance_columns(model),
    }


def to_entry(record: BaseModel) -> RiskEntry:
    """The domain entry of a record's public form."""
    data = record.model_dump(include=set(RiskEntry.model_fields))
    return RiskEntry.model_validate(data)


def next_code(session: Session, programme_id: str) -> str:
    """The next free ``R<n>`` code of a programme's register (deleted entries keep theirs)."""
    codes = session.scalars(select(RiskEntryRow.code).where(RiskEntryRow.programme_id == programme_id)).all()
    numbers = [int(c[1:]) for c in codes if c.startswith("R") and c[1:].isdigit()]
    return f"R{max(numbers, default=0) + 1}"


def _check_project(session: Session, programme_id: str, project: str | None, label: str) -> None:
    if project is not None and session.get(ProgrammeProjectRow, (programme_id, project)) is None:
        raise MissingReference(
            f"programme {programme_id} does not count operation {project}", record=label, field="project"
        )


class Risks(Resource[RiskEntryRow]):
    """Risk register entries (``/api/risks``): written by the editors of the entry's programme."""

    name = "risk"
    path = "risks"
    row = RiskEntryRow
    create_schema = RiskCreate
    update_schema = RiskUpdate
    public_schema = RiskPublic
    filter_schema = RiskFilters
    sortable = {
        "id": "id",
        "programme": "programme_id",
        "code": "code",
        "rating": "rating",
        "status": "status",
        "opened": "opened",
        "closed": "closed",
        "project": "project_id",
    }
    default_sort = ("programme", "opened")
    conflict_field = "code"

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Entries matching the filters."""
        assert isinstance(filters, RiskFilters)
        stmt = select(RiskEntryRow)
        if filters.programme:
            stmt = stmt.where(RiskEntryRow.programme_id == filters.programme)
        if filters.project:
            stmt = stmt.where(RiskEntryRow.project_id == filters.project)
        if filters.status is not None:
            stmt = stmt.where(RiskEntryRow.status == filters.status.value)
        if filters.tag is not None:  # the factors are a JSON list of codes: match the quoted code in its text
            stmt = stmt.where(cast(RiskEntryRow.factors, Text).contains(f'"{filters.tag.value}"'))
        if filters.category is not None:
            stmt = stmt.where(RiskEntryRow.category == filters.category.value)
        if filters.rating is not None:
            stmt = stmt.where(RiskEntryRow.rating == filters.rating.value)
        if filters.opened_from:
            stmt = stmt.where(RiskEntryRow.opened >= filters.opened_from)
        if filters.opened_to:
            stmt = stmt.where(RiskEntryRow.opened <= filters.opened_to)
        return stmt

    def to_public(self, session: Session, rows: Sequence[RiskEntryRow]) -> list[BaseModel]:
        """Entries as stored."""
        return [RiskPublic(id=r.id, programme=r.programme_id, **_data(r), **metadata_of(r)) for r in rows]

    def scope(self, session: Session, row: RiskEntryRow) -> Scope:
        """The entry's programme (and its operation, if it names one)."""
        return Scope(frozenset({row.programme_id}), programme_id=row.programme_id, project_id=row.project_id)

    def label(self, row: RiskEntryRow) -> str:
        """``risk R3 of kz-2026-2031``."""
        return f"risk {row.code} of {row.programme_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The entry's programme."""
        assert isinstance(payload, RiskCreate)
        return {payload.programme}

    def create(self, session: Session, payload: BaseModel) -> RiskEntryRow:
        """A new open entry of a live programme, under a code not yet used in its register."""
        assert isinstance(payload, RiskCreate)
        live_programme(session, payload.programme, f"risk of {payload.programme}")
        code = payload.code or next_code(session, payload.programme)
        label = f"risk {code} of {payload.programme}"
        taken = session.scalar(
            select(func.count())
            .select_from(RiskEntryRow)
            .where(RiskEntryRow.programme_id == payload.programme, RiskEntryRow.code == code)
        )
        if taken:
            raise DuplicateIdentifier(f"risk {code} already exists (perhaps deleted)", record=label, field="code")
        _check_project(session, payload.programme, payload.project, label)
        data = {**payload.model_dump(exclude={"programme", "code", "opened"}), "code": code}
        data["opened"] = payload.opened or clock.today()
        model = validated(RiskEntry, data, label)
        row = RiskEntryRow(programme_id=payload.programme, version=1, **_columns(model))
        session.add(row)
        return row

    def changes(self, session: Session, row: RiskEntryRow, payload: BaseModel) -> dict[str, Any]:
        """The entry after the change, checked by the model (a closed entry has its closing date)."""
        label = self.label(row)
        required = ("title", "category", "rating", "owner", "status", "opened", "illustrative", "factors")
        data = merged({**_data(row), **provenance_of(row)}, payload, required, label)
        given = payload.model_fields_set
        if data["status"] == RiskStatus.OPEN and "status" in given and "closed" not in given:
            data["closed"] = None  # reopening clears the closing date
        if "project" in given:
            _check_project(session, row.programme_id, data["project"], label)
        return _columns(validated(RiskEntry, data, label))

    def check_restore(self, session: Session, row: RiskEntryRow) -> None:
        """Its programme must be live."""
        live_programme(session, row.programme_id, self.label(row))
