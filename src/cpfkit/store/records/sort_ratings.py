"""SORT risk ratings of operations or programmes as editable records (``/api/sort-ratings``).

Their schemas are in :mod:`cpfkit.store.records.rating_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.model import SortRating
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.records.common import in_programme, live_programme, live_project, project_programmes, project_scope
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.rating_schemas import SortRatingCreate, SortRatingFilters, SortRatingPublic, SortRatingUpdate
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.validation import merged, validated
from cpfkit.store.tables_ledger import SortRatingRow

__all__ = ["SortRatings"]


def _sort_data(row: SortRatingRow) -> dict[str, Any]:
    return {
        "subject": row.project_id or row.programme_id,
        "category": row.category,
        "date": row.date,
        "rating": row.rating,
        "note": row.note,
        **provenance_of(row),
    }


def _sort_columns(model: SortRating) -> dict[str, Any]:
    return {
        "category": model.category.value,
        "date": model.date,
        "rating": model.rating.value,
        "note": model.note,
        **provenance_columns(model),
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
                    in_programme(SortRatingRow.project_id, filters.programme),
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
        return [
            SortRatingPublic(
                id=r.id,
                programme=r.programme_id,
                project=r.project_id,
                category=r.category,
                date=r.date,
                rating=r.rating,
                note=r.note,
                **metadata_of(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: SortRatingRow) -> Scope:
        """The programme rated, or the programmes counting the operation rated."""
        if row.project_id:
            return project_scope(session, row.project_id)
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
        data = merged(_sort_data(row), payload, ("category", "date", "rating", "illustrative"), label)
        return _sort_columns(validated(SortRating, data, label))

    def check_restore(self, session: Session, row: SortRatingRow) -> None:
        """Its subject must be live."""
        if row.project_id:
            live_project(session, row.project_id, self.label(row))
        else:
            live_programme(session, row.programme_id or "", self.label(row))
