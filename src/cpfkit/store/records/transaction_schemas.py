"""What the ledger's API takes and gives: a new transaction, a change, a transaction as stored, the filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from cpfkit.model import Institution, Money, TransactionType
from cpfkit.model.base import Num
from cpfkit.store.records.fields import Day, Filters, MoneyIn, Note, ProjectId, Provenance, Slug
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata

__all__ = ["TransactionCreate", "TransactionFilters", "TransactionPublic", "TransactionUpdate"]


class TransactionCreate(Provenance):
    """A new ledger event of an operation (amounts are never negative here: a cancellation is its own type)."""

    project: ProjectId
    type: TransactionType
    date: Day
    amount: MoneyIn
    note: Note | None = None


class TransactionUpdate(ProvenanceUpdate):
    """Fields to change."""

    type: TransactionType | None = None
    date: Day | None = None
    amount: MoneyIn | None = None
    note: Note | None = None


class TransactionFields(BaseModel):
    """A transaction's identity and own fields."""

    id: int
    project: str
    type: str
    date: date
    amount: Money
    amount_usd: Num
    fx_rate: Num
    fx_period: str
    note: str | None


class TransactionPublic(RecordMetadata, TransactionFields):
    """A transaction as stored, with the rate that converted it."""


class TransactionFilters(Filters):
    """Filters of the ledger."""

    project: ProjectId | None = None
    programme: Slug | None = Field(default=None, description="Transactions of the operations this programme counts.")
    type: TransactionType | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    institution: Institution | None = None
    date_from: Day | None = None
    date_to: Day | None = None
