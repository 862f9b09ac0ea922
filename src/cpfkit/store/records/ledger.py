"""Ledger transactions as editable records, each kept with its US-dollar value at the rate of its date.

Their schemas are in :mod:`cpfkit.store.records.transaction_schemas`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from cpfkit.errors import DataError
from cpfkit.model import Money, Transaction
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.records.checks import check_money, usd
from cpfkit.store.records.common import in_programme, live_project, project_programmes, project_scope
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.transaction_schemas import (
    TransactionCreate,
    TransactionFilters,
    TransactionPublic,
    TransactionUpdate,
)
from cpfkit.store.records.validation import validated
from cpfkit.store.tables_ledger import TransactionRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["Transactions"]


def _data(row: TransactionRow) -> dict[str, Any]:
    return {
        "project": row.project_id,
        "type": row.type,
        "date": row.date,
        "amount": {"amount": row.amount, "currency": row.currency},
        "note": row.note,
        **provenance_of(row),
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
        **provenance_columns(model),
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
            stmt = stmt.where(in_programme(TransactionRow.project_id, filters.programme))
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
                **metadata_of(r),
            )
            for r in rows
        ]

    def scope(self, session: Session, row: TransactionRow) -> Scope:
        """The programmes counting the operation."""
        return project_scope(session, row.project_id)

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
