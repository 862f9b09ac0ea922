"""Ledger transactions as editable records, each kept with its US-dollar value at the rate of its date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.model import Institution, Money, Transaction, TransactionType
from cpfkit.model.base import Num
from cpfkit.store.records.base import Resource, Scope, record_stamps, validated
from cpfkit.store.records.checks import check_money, usd
from cpfkit.store.records.common import live_project, project_programmes
from cpfkit.store.records.fields import Day, Filters, MoneyIn, Note, ProjectId, Provenance, Public, Schema, Slug
from cpfkit.store.tables_ledger import TransactionRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["TransactionCreate", "TransactionFilters", "TransactionPublic", "TransactionUpdate", "Transactions"]


class TransactionCreate(Provenance):
    """A new ledger event of an operation (amounts are never negative here: a cancellation is its own type)."""

    project: ProjectId
    type: TransactionType
    date: Day
    amount: MoneyIn
    note: Note | None = None


class TransactionUpdate(Schema):
    """Fields to change."""

    type: TransactionType | None = None
    date: Day | None = None
    amount: MoneyIn | None = None
    note: Note | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: list[Annotated[str, StringConstraints(max_length=64)]] | None = Field(
        default=None, max_length=50
    )


class TransactionPublic(Public):
    """A transaction as stored, with the rate that converted it."""

    id: int
    project: str
    type: str
    date: date
    amount: Money
    amount_usd: Num
    fx_rate: Num
    fx_period: str
    note: str | None
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    origin: str | None
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class TransactionFilters(Filters):
    """Filters of the ledger."""

    project: ProjectId | None = None
    programme: Slug | None = Field(default=None, description="Transactions of the operations this programme counts.")
    type: TransactionType | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    institution: Institution | None = None
    date_from: Day | None = None
    date_to: Day | None = None


def _data(row: TransactionRow) -> dict[str, Any]:
    return {
        "project": row.project_id,
        "type": row.type,
        "date": row.date,
        "amount": {"amount": row.amount, "currency": row.currency},
        "note": row.note,
        "source": row.source,
        "illustrative": row.illustrative,
        "illustrative_fields": list(row.illustrative_fields or []),
    }


def _columns(model: Transaction, label: str) -> dict[str, Any]:
    check_money(model.amount, model.date, label, "amount")
    amount_usd, rate, period = usd(model.amount, model.date)
    return {
        "type": model.type.value,
        "date": model.date,
        "amount": model.amount.amount,
        "currency": model.amount.currency,
        "amount_usd": amount_usd,
        "fx_rate": rate,
        "fx_period": period,
        "note": model.note,
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
    }


class Transactions(Resource[TransactionRow]):
    """Ledger transactions (``/api/transactions``): written by the editors of a programme counting the operation."""

    name = "transaction"
    path = "transactions"
    row = TransactionRow
    create_schema = TransactionCreate
    update_schema = TransactionUpdate
    public_schema = TransactionPublic
    filter_schema = TransactionFilters
    sortable = {
        "id": "id",
        "project": "project_id",
        "type": "type",
        "date": "date",
        "amount_usd": "amount_usd",
        "updated_at": "updated_at",
    }
    default_sort = ("date",)

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Transactions matching the filters."""
        assert isinstance(filters, TransactionFilters)
        stmt = select(TransactionRow)
        if filters.project:
            stmt = stmt.where(TransactionRow.project_id == filters.project)
        if filters.programme:
            stmt = stmt.where(
                TransactionRow.project_id.in_(
                    select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == filters.programme)
                )
            )
        if filters.type is not None:
            stmt = stmt.where(TransactionRow.type == filters.type.value)
        if filters.currency:
            stmt = stmt.where(TransactionRow.currency == filters.currency)
        if filters.institution is not None:
            stmt = stmt.where(
                TransactionRow.project_id.in_(
                    select(ProjectRow.id).where(ProjectRow.institution == filters.institution.value)
                )
            )
        if filters.date_from:
            stmt = stmt.where(TransactionRow.date >= filters.date_from)
        if filters.date_to:
            stmt = stmt.where(TransactionRow.date <= filters.date_to)
        return stmt

    def to_public(self, session: Session, rows: Sequence[TransactionRow]) -> list[BaseModel]:
        """Transactions as stored."""
        return [
            TransactionPublic(
                id=r.id,
                project=r.project_id,
                type=r.type,
                date=r.date,
                amount=Money(amount=r.amount, currency=r.currency),
                amount_usd=r.amount_usd,
                fx_rate=r.fx_rate,
                fx_period=r.fx_period,
                note=r.note,
                source=r.source,
                illustrative=r.illustrative,
                illustrative_fields=list(r.illustrative_fields or []),
                origin=r.origin,
                **record_stamps(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: TransactionRow) -> Scope:
        """The programmes counting the operation."""
        owner = session.scalar(select(ProjectRow.owner_programme_id).where(ProjectRow.id == row.project_id))
        return Scope(
            frozenset(project_programmes(session, row.project_id)), programme_id=owner, project_id=row.project_id
        )

    def label(self, row: TransactionRow) -> str:
        """``transaction 12 of P123456``."""
        return f"transaction {row.id} of {row.project_id}"

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The programmes counting the operation."""
        assert isinstance(payload, TransactionCreate)
        return project_programmes(session, payload.project)

    def create(self, session: Session, payload: BaseModel) -> TransactionRow:
        """A new transaction of a live operation, converted at the rate of its date."""
        assert isinstance(payload, TransactionCreate)
        label = f"transaction of {payload.project} on {payload.date}"
        live_project(session, payload.project, label)
        data = {**payload.model_dump(exclude={"amount"}), "amount": payload.amount.model_dump()}
        model = validated(Transaction, data, label)
        row = TransactionRow(project_id=model.project, version=1, **_columns(model, label))
        session.add(row)
        return row

    def changes(self, session: Session, row: TransactionRow, payload: BaseModel) -> dict[str, Any]:
        """The transaction after the change, converted again at the rate of its date."""
        assert isinstance(payload, TransactionUpdate)
        label = self.label(row)
        given = payload.model_dump(exclude_unset=True, exclude={"amount"})
        for name in ("type", "date", "illustrative"):
            if name in given and given[name] is None:
                raise DataError("may not be empty", record=label, field=name)
        data = {**_data(row), **given}
        if "amount" in payload.model_fields_set:
            if payload.amount is None:
                raise DataError("may not be empty", record=label, field="amount")
            data["amount"] = payload.amount.model_dump()
        if "illustrative_fields" in given and given["illustrative_fields"] is None:
            data["illustrative_fields"] = []
        return _columns(validated(Transaction, data, label), label)

    def check_restore(self, session: Session, row: TransactionRow) -> None:
        """Its operation must be live."""
        live_project(session, row.project_id, self.label(row))
