"""Per-operation money arithmetic in US dollars: commitment, cancellations, disbursements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from cpfkit import clock
from cpfkit.model.enums import ProjectStatus, TransactionType
from cpfkit.model.money import FxRates, Money, to_usd

if TYPE_CHECKING:
    from cpfkit.model import ProgrammeData, Project, Transaction

__all__ = [
    "LedgerTotals",
    "commitment_usd",
    "commitment_usd_of",
    "delivered_operations",
    "in_pipeline",
    "is_delivered",
    "ledger_totals",
]

_ZERO = Decimal(0)


def commitment_usd(project: Project, fx: FxRates) -> Decimal:
    """The operation's approved (or, for pipeline, planned) amount in US dollars, at its approval date.

    Examples:
        >>> from cpfkit.model import Money, KeyDates, Project
        >>> p = Project(id="P1", name="Roads", country="KZ", institution="IBRD", instrument="IPF",
        ...     status="active", dates=KeyDates(approval=date(2024, 11, 15)), commitment=Money(amount=650),
        ...     source="s")
        >>> commitment_usd(p, FxRates({}))
        Decimal('650.00')
    """
    return commitment_usd_of(project.commitment, project.dates.approval, project.dates.concept, fx)


def commitment_usd_of(commitment: Money | None, approval: date | None, concept: date | None, fx: FxRates) -> Decimal:
    """:func:`commitment_usd` of an operation given by its amount and dates.

    At the approval date, else the concept date, else today; nothing without an amount.
    """
    if commitment is None:
        return _ZERO
    on = approval or concept or clock.today()
    return to_usd(commitment, fx, on)[0].amount


def is_delivered(status: ProjectStatus, approval: date | None, carried: bool, as_of: date) -> bool:
    """Whether a programme itself delivered an operation by a date (:func:`delivered_operations`)."""
    return (
        not carried
        and status not in (ProjectStatus.DROPPED, ProjectStatus.PIPELINE)
        and approval is not None
        and approval <= as_of
    )


def in_pipeline(status: ProjectStatus, approval: date | None, on: date) -> bool:
    """Whether an operation is not yet approved on a date.

    Status pipeline, or not dropped with no approval by then (as the envelope counts).
    """
    if status is ProjectStatus.PIPELINE:
        return True
    return status is not ProjectStatus.DROPPED and (approval is None or approval > on)


class LedgerTotals:
    """Cumulative US-dollar totals of each operation's ledger up to a date (inclusive)."""

    def __init__(self) -> None:
        self.by_project: dict[str, dict[TransactionType, Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def total(self, project: str, kind: TransactionType) -> Decimal:
        """The cumulative amount of one transaction type for one operation."""
        return self.by_project.get(project, {}).get(kind, _ZERO)

    def net_commitment(self, project: Project, fx: FxRates) -> Decimal:
        """Approved amount, plus extra commitments, less cancellations.

        See docs/definitions.md, 'Commitments, cancellations, disbursements'.
        """
        extra = self.total(project.id, TransactionType.COMMITMENT)
        cancelled = self.total(project.id, TransactionType.CANCELLATION)
        return commitment_usd(project, fx) + extra - cancelled

    def disbursed(self, project: str) -> Decimal:
        """Cumulative disbursements (net of any negative, returned amounts)."""
        return self.total(project, TransactionType.DISBURSEMENT)

    def undisbursed(self, project: Project, fx: FxRates) -> Decimal:
        """Net commitment less disbursements; nothing for a pipeline operation."""
        if project.status is ProjectStatus.PIPELINE:
            return _ZERO
        return self.net_commitment(project, fx) - self.disbursed(project.id)


def delivered_operations(data: ProgrammeData, as_of: date) -> list[Project]:
    """The operations a programme itself delivered by a date.

    Those it defines (not those carried over from another programme), approved on
    or before ``as_of``, and neither dropped nor still in the pipeline.
    """
    carried = {link.project for link in data.links if link.carried_from}
    return [p for p in data.projects if is_delivered(p.status, p.dates.approval, p.id in carried, as_of)]


def ledger_totals(transactions: Iterable[Transaction], fx: FxRates, as_of: date | None = None) -> LedgerTotals:
    """Sum each operation's transactions by type, in US dollars, up to ``as_of``."""
    totals = LedgerTotals()
    for tx in transactions:
        if as_of is not None and tx.date > as_of:
            continue
        totals.by_project[tx.project][tx.type] += to_usd(tx.amount, fx, tx.date)[0].amount
    return totals
