"""Programmes as editable records: the calendar, the envelope and the headline parameters (administrators only).

The results framework (priority areas, objectives, indicators) has its own
resources (:mod:`cpfkit.store.records.framework`); the programme's schemas
are in :mod:`cpfkit.store.records.programme_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import Conflict, DataError
from cpfkit.model import MobilisationAttribution, Money, Programme
from cpfkit.store.records.checks import check_country, check_money
from cpfkit.store.records.common import contains_text
from cpfkit.store.records.fields import MoneyIn
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.programme_schemas import (
    EnvelopeYearIn,
    ProgrammeCreate,
    ProgrammeFilters,
    ProgrammePublic,
    ProgrammeUpdate,
)
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.validation import validated
from cpfkit.store.repository_framework import envelope_rows, programme_columns
from cpfkit.store.repository_programme import envelope_of, load_programme
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_programme import EnvelopeYearRow, ProgrammeRow

__all__ = ["ProgrammeCreate", "ProgrammeFilters", "ProgrammePublic", "ProgrammeUpdate", "Programmes"]

_PENDING = "cpfkit_pending_programmes"


def _money(value: MoneyIn | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump()


def _envelope_dicts(years: list[EnvelopeYearIn]) -> list[dict[str, Any]]:
    return [
        {
            **y.model_dump(exclude={"total", "by_institution"}),
            "total": y.total.model_dump(),
            "by_institution": [
                {**s.model_dump(exclude={"amount"}), "amount": s.amount.model_dump()} for s in y.by_institution
            ],
        }
        for y in years
    ]


class Programmes(Resource[ProgrammeRow]):
    """Programmes (``/api/programmes``): written by administrators."""

    name = "programme"
    path = "programmes"
    row = ProgrammeRow
    key_type = str
    create_schema = ProgrammeCreate
    update_schema = ProgrammeUpdate
    public_schema = ProgrammePublic
    filter_schema = ProgrammeFilters
    sortable = {"id": "id", "title": "title", "period_start": "period_start", "status": "status"}
    admin_only = True

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Programmes matching the filters."""
        assert isinstance(filters, ProgrammeFilters)
        stmt = select(ProgrammeRow)
        if filters.status is not None:
            stmt = stmt.where(ProgrammeRow.status == filters.status.value)
        if filters.country is not None:
            stmt = stmt.where(ProgrammeRow.country == filters.country)
        if filters.q:
            stmt = stmt.where(contains_text(filters.q, ProgrammeRow.id, ProgrammeRow.title))
        return stmt.options(selectinload(ProgrammeRow.envelope).selectinload(EnvelopeYearRow.shares))

    def to_public(self, session: Session, rows: Sequence[ProgrammeRow]) -> list[BaseModel]:
        """Programmes with their envelopes."""
        return [
            ProgrammePublic(
                id=r.id,
                country=r.country,
                title=r.title,
                period_start=r.period_start,
                period_end=r.period_end,
                fy_start_month=r.fy_start_month,
                status=r.status,
                description=r.description,
                envelope=list(envelope_of(r)),
                ibrd_exposure_limit=Money(
                    amount=r.ibrd_exposure_limit, currency=r.ibrd_exposure_limit_currency or "USD"
                )
                if r.ibrd_exposure_limit is not None
                else None,
                discount_rate=r.discount_rate,
                mobilisation_attribution=r.mobilisation_attribution or MobilisationAttribution.PRO_RATA.value,
                **metadata_of(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: ProgrammeRow) -> Scope:
        """The programme itself."""
        return Scope(frozenset({row.id}), programme_id=row.id)

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The new programme."""
        assert isinstance(payload, ProgrammeCreate)
        return {payload.id}

    def _check(self, model: Programme, label: str) -> None:
        check_country(model.country, label)
        for i, year in enumerate(model.envelope):
            check_money(year.total, model.period_start, label, f"envelope.{i}.total")
            for j, share in enumerate(year.by_institution):
                check_money(share.amount, model.period_start, label, f"envelope.{i}.by_institution.{j}.amount")
        if model.ibrd_exposure_limit is not None:
            check_money(model.ibrd_exposure_limit, model.period_start, label, "ibrd_exposure_limit")

    def create(self, session: Session, payload: BaseModel) -> ProgrammeRow:
        """A new programme with its envelope."""
        assert isinstance(payload, ProgrammeCreate)
        label = f"programme {payload.id}"
        existing = session.get(ProgrammeRow, payload.id)
        if existing is not None:
            hint = " (it is deleted: restore it instead)" if existing.deleted_at is not None else ""
            raise Conflict(f"programme {payload.id} already exists{hint}", record=label, field="id")
        data = payload.model_dump(exclude={"envelope", "ibrd_exposure_limit"})
        data["envelope"] = _envelope_dicts(payload.envelope)
        data["ibrd_exposure_limit"] = _money(payload.ibrd_exposure_limit)
        model = validated(Programme, data, label)
        self._check(model, label)
        row = ProgrammeRow(id=model.id, version=1, **programme_columns(model))
        row.envelope = envelope_rows(model)
        session.add(row)
        return row

    def changes(self, session: Session, row: ProgrammeRow, payload: BaseModel) -> dict[str, Any]:
        """The programme after the change, checked by the model with its whole framework."""
        assert isinstance(payload, ProgrammeUpdate)
        label = f"programme {row.id}"
        current = load_programme(session, row.id).model_dump()
        given = payload.model_dump(exclude_unset=True, exclude={"envelope", "ibrd_exposure_limit"})
        if "mobilisation_attribution" in given and given["mobilisation_attribution"] is None:
            given["mobilisation_attribution"] = MobilisationAttribution.PRO_RATA  # cleared: back to the default
        data = {**current, **given}
        if "envelope" in payload.model_fields_set:
            data["envelope"] = _envelope_dicts(payload.envelope or [])
        if "ibrd_exposure_limit" in payload.model_fields_set:
            data["ibrd_exposure_limit"] = _money(payload.ibrd_exposure_limit)
        if "illustrative_fields" in payload.model_fields_set and payload.illustrative_fields is None:
            data["illustrative_fields"] = []
        model = validated(Programme, data, label)
        self._check(model, label)
        outside = session.scalar(
            select(MeasurementRow.date)
            .join(IndicatorRow, IndicatorRow.id == MeasurementRow.indicator_id)
            .where(
                IndicatorRow.programme_id == row.id,
                MeasurementRow.deleted_at.is_(None),
                or_(MeasurementRow.date < model.period_start, MeasurementRow.date > model.period_end),
            )
            .limit(1)
        )
        if outside is not None:
            raise DataError(
                f"a measurement of {outside} would fall outside the period {model.period_start} – {model.period_end}",
                record=label,
                field="period_start" if outside < model.period_start else "period_end",
            )
        session.info.setdefault(_PENDING, {})[row.id] = model
        return programme_columns(model)

    def after_change(self, session: Session, row: ProgrammeRow, payload: BaseModel) -> None:
        """Replace the envelope, when one is given."""
        model = session.info.get(_PENDING, {}).pop(row.id)
        if "envelope" in payload.model_fields_set:
            row.envelope.clear()
            session.flush()  # the old years go before the new ones arrive (one row per FY)
            row.envelope = envelope_rows(model)
