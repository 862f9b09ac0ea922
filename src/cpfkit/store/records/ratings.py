"""Ratings as editable records: ISR ratings of operations and SORT risk ratings of operations or programmes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.model import OutcomeRating, ProjectRating, RatingKind, RiskLevel, SortCategory, SortRating
from cpfkit.store.records.base import Resource, Scope, record_stamps, validated
from cpfkit.store.records.common import live_programme, live_project, project_programmes
from cpfkit.store.records.fields import Day, Filters, Note, ProjectId, Provenance, Public, Schema, Slug
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["Ratings", "SortRatings"]

_Fields = Annotated[list[Annotated[str, StringConstraints(max_length=64)]] | None, Field(default=None, max_length=50)]


def _sourced(row: Any) -> dict[str, Any]:
    return {
        "source": row.source,
        "illustrative": row.illustrative,
        "illustrative_fields": list(row.illustrative_fields or []),
    }


def _merge(row_data: dict[str, Any], payload: BaseModel, required: Sequence[str], label: str) -> dict[str, Any]:
    given = payload.model_dump(exclude_unset=True)
    for name in required:
        if name in given and given[name] is None:
            raise DataError("may not be empty", record=label, field=name)
    data = {**row_data, **given}
    if "illustrative_fields" in given and given["illustrative_fields"] is None:
        data["illustrative_fields"] = []
    return data


def _project_scope(session: Session, project_id: str) -> Scope:
    owner = session.scalar(select(ProjectRow.owner_programme_id).where(ProjectRow.id == project_id))
    return Scope(frozenset(project_programmes(session, project_id)), programme_id=owner, project_id=project_id)


def _in_programme(column: Any, programme: str) -> Any:
    return column.in_(select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme))


# -- ISR ratings ----------------------------------------------------------------------------------


class RatingCreate(Provenance):
    """A new ISR rating of an operation (six-point scale HS…HU)."""

    project: ProjectId
    kind: RatingKind
    date: Day
    rating: OutcomeRating
    note: Note | None = None


class RatingUpdate(Schema):
    """Fields to change."""

    kind: RatingKind | None = None
    date: Day | None = None
    rating: OutcomeRating | None = None
    note: Note | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: _Fields = None


class RatingPublic(Public):
    """An ISR rating as stored."""

    id: int
    project: str
    kind: str
    date: date
    rating: str
    note: str | None
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    origin: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class RatingFilters(Filters):
    """Filters of the list of ISR ratings."""

    project: ProjectId | None = None
    programme: Slug | None = Field(default=None, description="Ratings of the operations this programme counts.")
    kind: RatingKind | None = None
    rating: OutcomeRating | None = None
    date_from: Day | None = None
    date_to: Day | None = None


def _rating_data(row: ProjectRatingRow) -> dict[str, Any]:
    return {
        "project": row.project_id,
        "kind": row.kind,
        "date": row.date,
        "rating": row.rating,
        "note": row.note,
        **_sourced(row),
    }


def _rating_columns(model: ProjectRating) -> dict[str, Any]:
    return {
        "kind": model.kind.value,
        "date": model.date,
        "rating": model.rating.value,
        "note": model.note,
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
    }


class Ratings(Resource[ProjectRatingRow]):
    """ISR ratings (``/api/ratings``): written by the editors of a programme counting the operation."""

    name = "rating"
    path = "ratings"
    row = ProjectRatingRow
    create_schema = RatingCreate
    update_schema = RatingUpdate
    public_schema = RatingPublic
    filter_schema = RatingFilters
    sortable = {"id": "id", "project": "project_id", "kind": "kind", "date": "date", "rating": "rating"}
    default_sort = ("date",)

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Ratings matching the filters."""
        assert isinstance(filters, RatingFilters)
        stmt = select(ProjectRatingRow)
        if filters.project:
            stmt = stmt.where(ProjectRatingRow.project_id == filters.project)
        if filters.programme:
            stmt = stmt.where(_in_programme(ProjectRatingRow.project_id, filters.programme))
        if filters.kind is not None:
            stmt = stmt.where(ProjectRatingRow.kind == filters.kind.value)
        if filters.rating is not None:
            stmt = stmt.where(ProjectRatingRow.rating == filters.rating.value)
        if filters.date_from:
            stmt = stmt.where(ProjectRatingRow.date >= filters.date_from)
        if filters.date_to:
            stmt = stmt.where(ProjectRatingRow.date <= filters.date_to)
        return stmt

    def to_public(self, session: Session, rows: Sequence[ProjectRatingRow]) -> list[BaseModel]:
        """Ratings as stored."""
        return [
            RatingPublic(
                id=r.id,
                origin=r.origin,
                **record_stamps(r),
                **_rating_data(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: ProjectRatingRow) -> Scope:
        """The programmes counting the operation."""
        return _project_scope(session, row.project_id)

    def label(self, row: ProjectRatingRow) -> str:
        """``rating 3 of P123456``."""
        return f"rating {row.id} of {row.project_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programmes counting the operation."""
        assert isinstance(payload, RatingCreate)
        return project_programmes(session, payload.project)

    def create(self, session: Session, payload: BaseModel) -> ProjectRatingRow:
        """A new rating of a live operation."""
        assert isinstance(payload, RatingCreate)
        label = f"{payload.kind} rating of {payload.project} on {payload.date}"
        live_project(session, payload.project, label)
        model = validated(ProjectRating, payload.model_dump(), label)
        row = ProjectRatingRow(project_id=model.project, version=1, **_rating_columns(model))
        session.add(row)
        return row

    def changes(self, session: Session, row: ProjectRatingRow, payload: BaseModel) -> dict[str, Any]:
        """The rating after the change, checked by the model."""
        label = self.label(row)
        data = _merge(_rating_data(row), payload, ("kind", "date", "rating", "illustrative"), label)
        return _rating_columns(validated(ProjectRating, data, label))

    def check_restore(self, session: Session, row: ProjectRatingRow) -> None:
        """Its operation must be live."""
        live_project(session, row.project_id, self.label(row))


# -- SORT ratings ---------------------------------------------------------------------------------


class SortRatingCreate(Provenance):
    """A new SORT risk rating, of an operation (``project``) or of a programme (``programme``): give one."""

    programme: Slug | None = None
    project: ProjectId | None = None
    category: SortCategory
    date: Day
    rating: RiskLevel
    note: Note | None = None


class SortRatingUpdate(Schema):
    """Fields to change (the subject stays)."""

    category: SortCategory | None = None
    date: Day | None = None
    rating: RiskLevel | None = None
    note: Note | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: _Fields = None


class SortRatingPublic(Public):
    """A SORT rating as stored."""

    id: int
    programme: str | None
    project: str | None
    category: str
    date: date
    rating: str
    note: str | None
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    origin: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class SortRatingFilters(Filters):
    """Filters of the list of SORT ratings."""

    programme: Slug | None = Field(
        default=None, description="Ratings of this programme and of the operations it counts."
    )
    project: ProjectId | None = None
    category: SortCategory | None = None
    rating: RiskLevel | None = None
    date_from: Day | None = None
    date_to: Day | None = None


def _sort_data(row: SortRatingRow) -> dict[str, Any]:
    return {
        "subject": row.project_id or row.programme_id,
        "category": row.category,
        "date": row.date,
        "rating": row.rating,
        "note": row.note,
        **_sourced(row),
    }


def _sort_columns(model: SortRating) -> dict[str, Any]:
    return {
        "category": model.category.value,
        "date": model.date,
        "rating": model.rating.value,
        "note": model.note,
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
    }


class SortRatings(Resource[SortRatingRow]):
    """SORT ratings (``/api/sort-ratings``): written by the programme's editors."""

    name = "sort_rating"
    path = "sort-ratings"
    row = SortRatingRow
    create_schema = SortRatingCreate
    update_schema = SortRatingUpdate
    public_schema = SortRatingPublic
    filter_schema = SortRatingFilters
    sortable = {"id": "id", "category": "category", "date": "date", "rating": "rating", "project": "project_id"}
    default_sort = ("date",)

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Ratings matching the filters."""
        assert isinstance(filters, SortRatingFilters)
        stmt = select(SortRatingRow)
        if filters.programme:
            stmt = stmt.where(
                or_(
                    SortRatingRow.programme_id == filters.programme,
                    _in_programme(SortRatingRow.project_id, filters.programme),
                )
            )
        if filters.project:
            stmt = stmt.where(SortRatingRow.project_id == filters.project)
        if filters.category is not None:
            stmt = stmt.where(SortRatingRow.category == filters.category.value)
        if filters.rating is not None:
            stmt = stmt.where(SortRatingRow.rating == filters.rating.value)
        if filters.date_from:
            stmt = stmt.where(SortRatingRow.date >= filters.date_from)
        if filters.date_to:
            stmt = stmt.where(SortRatingRow.date <= filters.date_to)
        return stmt

    def to_public(self, session: Session, rows: Sequence[SortRatingRow]) -> list[BaseModel]:
        """Ratings as stored."""
        out: list[BaseModel] = []
        for r in rows:
            data = _sort_data(r)
            del data["subject"]
            out.append(
                SortRatingPublic(
                    id=r.id,
                    programme=r.programme_id,
                    project=r.project_id,
                    origin=r.origin,
                    **record_stamps(r),
                    **data,
                )
            )
        return out

    def scope(self, session: Session, row: SortRatingRow) -> Scope:
        """The programme rated, or the programmes counting the operation rated."""
        if row.project_id:
            return _project_scope(session, row.project_id)
        return Scope(frozenset({row.programme_id or ""}), programme_id=row.programme_id)

    def label(self, row: SortRatingRow) -> str:
        """``SORT rating 4 of P123456``."""
        return f"SORT rating {row.id} of {row.project_id or row.programme_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programme rated, or the programmes counting the operation rated."""
        assert isinstance(payload, SortRatingCreate)
        if payload.project:
            return project_programmes(session, payload.project)
        return {payload.programme or ""}

    def create(self, session: Session, payload: BaseModel) -> SortRatingRow:
        """A new rating of a live operation or programme."""
        assert isinstance(payload, SortRatingCreate)
        subject = payload.project or payload.programme
        label = f"SORT {payload.category} rating of {subject} on {payload.date}"
        if (payload.project is None) == (payload.programme is None):
            raise DataError(
                "give either project or programme (the subject rated), not both", record=label, field="project"
            )
        if payload.project:
            live_project(session, payload.project, label)
        else:
            live_programme(session, payload.programme or "", label)
        data = {**payload.model_dump(exclude={"programme", "project"}), "subject": subject}
        model = validated(SortRating, data, label)
        row = SortRatingRow(
            programme_id=payload.programme, project_id=payload.project, version=1, **_sort_columns(model)
        )
        session.add(row)
        return row

    def changes(self, session: Session, row: SortRatingRow, payload: BaseModel) -> dict[str, Any]:
        """The rating after the change, checked by the model."""
        label = self.label(row)
        data = _merge(_sort_data(row), payload, ("category", "date", "rating", "illustrative"), label)
        return _sort_columns(validated(SortRating, data, label))

    def check_restore(self, session: Session, row: SortRatingRow) -> None:
        """Its subject must be live."""
        if row.project_id:
            live_project(session, row.project_id, self.label(row))
        else:
            live_programme(session, row.programme_id or "", self.label(row))
