"""The ledger: commitments, disbursements, cancellations and the other IATI transaction types."""

from __future__ import annotations

from datetime import date

from cpfkit.model.base import Sourced
from cpfkit.model.enums import TransactionType
from cpfkit.model.money import Money

__all__ = ["Transaction"]


class Transaction(Sourced):
    """One ledger event of an operation.

    Amounts keep their sign as reported: IATI files carry negative
    disbursements (returns, reimbursements).  Programme data folders, which
    people write, refuse negative amounts at load time.
    """

    project: str
    type: TransactionType
    date: date
    amount: Money
    note: str | None = None
