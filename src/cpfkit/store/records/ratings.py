"""ISR ratings of operations as editable records (``/api/ratings``).

Their schemas are in :mod:`cpfkit.store.records.rating_schemas`; SORT ratings
are :mod:`cpfkit.store.records.sort_ratings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from cpfkit.model import ProjectRating
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.records.common import in_programme, live_project, project_programmes, project_scope
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.rating_schemas import RatingCreate, RatingFilters, RatingPublic, RatingUpdate
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.validation import merged, validated
from cpfkit.store.tables_ledger import ProjectRatingRow

__all__ = ["Ratings"]


def _rating_data(row: ProjectRatingRow) -> dict[str, Any]:
    return {**_own(row), **provenance_of(row)}


def _rating_columns(model: ProjectRating) -> dict[str, Any]:
    return {
        "kind": model.kind.value,
        "date": model.date,
        "rating": model.rating.value,
        "note": model.note,
        **provenance_columns(model),
    }


def _own(row: ProjectRatingRow) -> dict[str, Any]:
    return {"project": row.project_id, "kind": row.kind, "date": row.date, "rating": row.rating, "note": row.note}


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
            stmt = stmt.where(in_programme(ProjectRatingRow.project_id, filters.programme))
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
        return [RatingPublic(id=r.id, **_own(r), **metadata_of(r)) for r in rows]

    def scope(self, session: Session, row: ProjectRatingRow) -> Scope:
        """The programmes counting the operation."""
        return project_scope(session, row.project_id)

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
        data = merged(_rating_data(row), payload, ("kind", "date", "rating", "illustrative"), label)
        return _rating_columns(validated(ProjectRating, data, label))

    def check_restore(self, session: Session, row: ProjectRatingRow) -> None:
        """Its operation must be live."""
        live_project(session, row.project_id, self.label(row))
