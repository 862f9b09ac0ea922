"""Programmes as editable records: the calendar, the envelope and the headline parameters (administrators only).

The results framework (priority areas, objectives, indicators) has its own
resources in :mod:`cpfkit.store.records.framework`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import Conflict, DataError
from cpfkit.model import EnvelopeYear, Institution, MobilisationAttribution, Money, Programme, ProgrammeStatus
from cpfkit.model.base import Num
from cpfkit.store.records.base import Resource, Scope, record_stamps, validated
from cpfkit.store.records.checks import check_country, check_money
from cpfkit.store.records.common import contains_text
from cpfkit.store.records.fields import Day, Figure, Filters, Label, MoneyIn, Note, Provenance, Public, Schema, Slug
from cpfkit.store.repository_programme import load_programme
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_programme import EnvelopeShareRow, EnvelopeYearRow, ProgrammeRow

__all__ = ["ProgrammeCreate", "ProgrammeFilters", "ProgrammePublic", "ProgrammeUpdate", "Programmes"]

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
_PENDING = "cpfkit_pending_programmes"


class EnvelopeShareIn(Provenance):
    """One institution's part of a year's envelope."""

    institution: Institution
    amount: MoneyIn


class EnvelopeYearIn(Provenance):
    """The envelope of one fiscal year (named by the year it ends), optionally split by institution."""

    fy: int = Field(ge=1900, le=2200)
    total: MoneyIn
    by_institution: list[EnvelopeShareIn] = Field(default_factory=list, max_length=20)


class ProgrammeCreate(Provenance):
    """A new programme (its results framework is added through the priority-area, objective and indicator resources)."""

    id: Slug
    country: Country
    title: Label
    period_start: Day
    period_end: Day
    fy_start_month: int = Field(
        ge=1,
        le=12,
        description="First month of the programme's fiscal year (7 for the World Bank's July-June; required).",
    )
    status: ProgrammeStatus
    description: Note | None = None
    envelope: list[EnvelopeYearIn] = Field(default_factory=list, max_length=50)
    ibrd_exposure_limit: MoneyIn | None = None
    discount_rate: Figure | None = Field(default=None, ge=0, le=1)
    mobilisation_attribution: MobilisationAttribution = Field(
        default=MobilisationAttribution.PRO_RATA,
        description="How private direct mobilisation shared with other MDBs is attributed: pro-rata or full.",
    )


class ProgrammeUpdate(Schema):
    """Fields to change; an envelope given replaces the stored one."""

    country: Country | None = None
    title: Label | None = None
    period_start: Day | None = None
    period_end: Day | None = None
    fy_start_month: int | None = Field(default=None, ge=1, le=12)
    status: ProgrammeStatus | None = None
    description: Note | None = None
    envelope: list[EnvelopeYearIn] | None = Field(default=None, max_length=50)
    ibrd_exposure_limit: MoneyIn | None = None
    discount_rate: Figure | None = Field(default=None, ge=0, le=1)
    mobilisation_attribution: MobilisationAttribution | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: list[Annotated[str, StringConstraints(max_length=64)]] | None = Field(
        default=None, max_length=50
    )


class ProgrammePublic(Public):
    """A programme as stored, with its version for ``If-Match``."""

    id: str
    country: str
    title: str
    period_start: date
    period_end: date
    fy_start_month: int
    status: str
    description: str | None
    envelope: list[EnvelopeYear]
    ibrd_exposure_limit: Money | None
    discount_rate: Num | None
    mobilisation_attribution: str
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class ProgrammeFilters(Filters):
    """Filters of the list of programmes."""

    status: ProgrammeStatus | None = None
    country: Country | None = None
    q: Label | None = Field(default=None, description="Text in the id or the title.")


def _envelope_models(row: ProgrammeRow) -> list[EnvelopeYear]:
    return [
        EnvelopeYear.model_validate(
            {
                "fy": y.fy,
                "total": {"amount": y.total, "currency": y.currency},
                "by_institution": [
                    {
                        "institution": s.institution,
                        "amount": {"amount": s.amount, "currency": s.currency},
                        "source": s.source,
                        "illustrative": s.illustrative,
                        "illustrative_fields": s.illustrative_fields or [],
                    }
                    for s in y.shares
                ],
                "source": y.source,
                "illustrative": y.illustrative,
                "illustrative_fields": y.illustrative_fields or [],
            }
        )
        for y in row.envelope
    ]


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
                envelope=_envelope_models(r),
                ibrd_exposure_limit=Money(
                    amount=r.ibrd_exposure_limit, currency=r.ibrd_exposure_limit_currency or "USD"
                )
                if r.ibrd_exposure_limit is not None
                else None,
                discount_rate=r.discount_rate,
                mobilisation_attribution=r.mobilisation_attribution or MobilisationAttribution.PRO_RATA.value,
                source=r.source,
                illustrative=r.illustrative,
                illustrative_fields=list(r.illustrative_fields or []),
                **record_stamps(r),
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
        row = ProgrammeRow(id=model.id, version=1, **_columns(model))
        row.envelope = _envelope_rows(model)
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
        return _columns(model)

    def after_change(self, session: Session, row: ProgrammeRow, payload: BaseModel) -> None:
        """Replace the envelope, when one is given."""
        model = session.info.get(_PENDING, {}).pop(row.id)
        if "envelope" in payload.model_fields_set:
            row.envelope.clear()
            session.flush()  # the old years go before the new ones arrive (one row per FY)
            row.envelope = _envelope_rows(model)


def _columns(model: Programme) -> dict[str, Any]:
    return {
        "country": model.country,
        "title": model.title,
        "period_start": model.period_start,
        "period_end": model.period_end,
        "fy_start_month": model.fy_start_month,
        "status": model.status.value,
        "description": model.description,
        "ibrd_exposure_limit": model.ibrd_exposure_limit.amount if model.ibrd_exposure_limit else None,
        "ibrd_exposure_limit_currency": model.ibrd_exposure_limit.currency if model.ibrd_exposure_limit else None,
        "discount_rate": model.discount_rate,
        "mobilisation_attribution": model.mobilisation_attribution.value,
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
    }


def _envelope_rows(model: Programme) -> list[EnvelopeYearRow]:
    rows = []
    for year in model.envelope:
        yrow = EnvelopeYearRow(
            fy=year.fy,
            total=year.total.amount,
            currency=year.total.currency,
            source=year.source,
            illustrative=year.illustrative,
            illustrative_fields=sorted(year.illustrative_fields),
        )
        yrow.shares = [
            EnvelopeShareRow(
                institution=s.institution.value,
                amount=s.amount.amount,
                currency=s.amount.currency,
                source=s.source,
                illustrative=s.illustrative,
                illustrative_fields=sorted(s.illustrative_fields),
            )
            for s in year.by_institution
        ]
        rows.append(yrow)
    return rows
