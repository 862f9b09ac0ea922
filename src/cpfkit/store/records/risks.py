"""Entries of a programme's risk register as editable records (``/api/risks``).

An entry belongs to one programme (its code, ``R1``, ``R2`` …, is unique
within it) and may name one operation the programme counts.  Closing an
entry is a change like any other (``status``, ``closed``, ``closing_note``),
so it is version-checked and audited; the register routes of the portfolio
API and ``cpfkit risk add/close`` go through the same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session

from cpfkit import clock
from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference
from cpfkit.model import RiskEntry, RiskFactor, RiskLevel, RiskStatus, SortCategory
from cpfkit.store.records.base import Resource, Scope, record_stamps, validated
from cpfkit.store.records.common import live_programme
from cpfkit.store.records.fields import Day, Filters, Label, Note, ProjectId, Provenance, Public, Schema, Slug
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_portfolio import RiskEntryRow

__all__ = ["RiskCreate", "RiskFilters", "RiskPublic", "RiskUpdate", "Risks", "next_code", "to_entry"]

RiskCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
_Factors = Annotated[list[RiskFactor], Field(max_length=len(RiskFactor))]
_Fields = Annotated[list[Annotated[str, StringConstraints(max_length=64)]] | None, Field(default=None, max_length=50)]


class RiskCreate(Provenance):
    """A new entry of a programme's register (open; ``code`` defaults to the next ``R<n>``).

    Its SORT category, rating and owner are chosen by the person who adds it: none has a default.
    """

    programme: Slug
    code: RiskCode | None = Field(default=None, description="Entry code (default: the next R<n>).")
    title: Label
    description: Note | None = None
    factors: _Factors = Field(default_factory=list)
    category: SortCategory = Field(description="The SORT category the risk belongs to (required).")
    rating: RiskLevel = Field(description="The SORT level of the risk (required).")
    mitigation: Note | None = None
    owner: Label = Field(description="Who is accountable for the mitigation (required).")
    project: ProjectId | None = None
    opened: Day | None = Field(default=None, description="Date opened (default: today).")


class RiskUpdate(Schema):
    """Fields to change (the programme and code stay); closing is ``status: closed`` with ``closed``."""

    title: Label | None = None
    description: Note | None = None
    factors: _Factors | None = None
    category: SortCategory | None = None
    rating: RiskLevel | None = None
    mitigation: Note | None = None
    owner: Label | None = None
    project: ProjectId | None = None
    status: RiskStatus | None = None
    opened: Day | None = None
    closed: Day | None = None
    closing_note: Note | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: _Fields = None


class RiskPublic(Public):
    """A register entry as stored."""

    id: int
    programme: str
    code: str
    title: str
    description: str | None
    factors: list[str]
    category: str | None
    rating: str
    mitigation: str | None
    owner: str | None
    project: str | None
    status: str
    opened: date
    closed: date | None
    closing_note: str | None
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    origin: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class RiskFilters(Filters):
    """Filters of the list of register entries."""

    programme: Slug | None = None
    project: ProjectId | None = None
    status: RiskStatus | None = None
    tag: RiskFactor | None = Field(default=None, description="Entries tagged with this risk factor.")
    category: SortCategory | None = None
    rating: RiskLevel | None = None
    opened_from: Day | None = None
    opened_to: Day | None = None


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
        "source": row.source,
        "illustrative": bool(row.illustrative),
        "illustrative_fields": list(row.illustrative_fields or []),
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
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
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
        return [
            RiskPublic(
                id=r.id,
                programme=r.programme_id,
                origin=r.origin,
                **record_stamps(r),
                **_data(r),
            )
            for r in rows
        ]

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
        given = payload.model_dump(exclude_unset=True)
        for required in ("title", "category", "rating", "owner", "status", "opened", "illustrative", "factors"):
            if required in given and given[required] is None:
                raise DataError("may not be empty", record=label, field=required)
        data = {**_data(row), **given}
        if given.get("status") == RiskStatus.OPEN and "closed" not in given:
            data["closed"] = None  # reopening clears the closing date
        if "illustrative_fields" in given and given["illustrative_fields"] is None:
            data["illustrative_fields"] = []
        if "project" in given:
            _check_project(session, row.programme_id, given["project"], label)
        return _columns(validated(RiskEntry, data, label))

    def check_restore(self, session: Session, row: RiskEntryRow) -> None:
        """Its programme must be live."""
        live_programme(session, row.programme_id, self.label(row))
