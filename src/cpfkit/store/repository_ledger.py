"""What a programme's folder records over time, between model objects and rows: ledger, measurements, ratings.

Rows a folder loads note its programme in ``origin``, so reloading the folder
replaces exactly what it brought (:func:`cpfkit.store.repository.delete_programme`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.model import FxRates, Measurement, Money, ProgrammeData, ProjectRating, SortRating, Transaction
from cpfkit.store.conversion import usd_at
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow

__all__ = ["load_ledger", "save_ledger", "transaction_of"]


def save_ledger(
    session: Session, data: ProgrammeData, fx: FxRates, origin: str, indicator_ids: Mapping[str, int]
) -> None:
    """Add the folder's transactions (with their US-dollar values), measurements, ISR and SORT ratings.

    Args:
        session: a session inside the caller's transaction.
        data: the validated programme.
        fx: the rates table that converts every amount to US dollars.
        origin: where the data came from (a folder path), for error messages.
        indicator_ids: the stored indicators' keys by code.
    """
    programme_id = data.programme.id
    for tx in data.transactions:
        usd, used = usd_at(tx.amount, fx, tx.date, origin, f"transaction of {tx.project} on {tx.date}")
        session.add(
            TransactionRow(
                project_id=tx.project,
                type=tx.type.value,
                date=tx.date,
                amount=tx.amount.amount,
                currency=tx.amount.currency,
                amount_usd=usd,
                fx_rate=used[0],
                fx_period=used[1],
                note=tx.note,
                origin=programme_id,
                **provenance_columns(tx),
            )
        )
    for m in data.measurements:
        session.add(
            MeasurementRow(
                indicator_id=indicator_ids[m.indicator],
                project_id=m.project,
                date=m.date,
                value=m.value,
                weight=m.weight,
                qualifier=m.qualifier.value if m.qualifier else None,
                verified=m.verified,
                quote=m.quote,
                note=m.note,
                **provenance_columns(m),
            )
        )
    for r in data.ratings:
        session.add(
            ProjectRatingRow(
                project_id=r.project,
                kind=r.kind.value,
                date=r.date,
                rating=r.rating.value,
                note=r.note,
                origin=programme_id,
                **provenance_columns(r),
            )
        )
    for s in data.sort_ratings:
        is_programme = s.subject == programme_id
        session.add(
            SortRatingRow(
                programme_id=programme_id if is_programme else None,
                project_id=None if is_programme else s.subject,
                category=s.category.value,
                date=s.date,
                rating=s.rating.value,
                note=s.note,
                origin=programme_id,
                **provenance_columns(s),
            )
        )


def transaction_of(row: TransactionRow) -> Transaction:
    """The model transaction of a stored one."""
    return Transaction(
        project=row.project_id,
        type=row.type,
        date=row.date,
        amount=Money(amount=row.amount, currency=row.currency),
        note=row.note,
        **provenance_of(row),
    )


def load_ledger(session: Session, programme_id: str, live: Collection[str]) -> dict[str, Any]:
    """The live transactions, measurements, ISR and SORT ratings of a programme's live operations.

    Returns:
        The ``transactions``, ``measurements``, ``ratings`` and ``sort_ratings`` of
        :class:`~cpfkit.model.ProgrammeData`, each in date order.
    """
    transactions = session.scalars(
        select(TransactionRow)
        .where(TransactionRow.project_id.in_(live), TransactionRow.deleted_at.is_(None))
        .order_by(TransactionRow.date, TransactionRow.id)
    ).all()
    ratings = session.scalars(
        select(ProjectRatingRow)
        .where(ProjectRatingRow.project_id.in_(live), ProjectRatingRow.deleted_at.is_(None))
        .order_by(ProjectRatingRow.date, ProjectRatingRow.id)
    ).all()
    sort_rows = session.scalars(
        select(SortRatingRow)
        .where(
            ((SortRatingRow.programme_id == programme_id) | SortRatingRow.project_id.in_(live)),
            SortRatingRow.deleted_at.is_(None),
        )
        .order_by(SortRatingRow.date, SortRatingRow.id)
    ).all()
    indicator_codes = dict(
        session.execute(
            select(IndicatorRow.id, IndicatorRow.code).where(
                IndicatorRow.programme_id == programme_id, IndicatorRow.deleted_at.is_(None)
            )
        ).all()
    )
    measurements = session.scalars(
        select(MeasurementRow)
        .where(MeasurementRow.indicator_id.in_(indicator_codes), MeasurementRow.deleted_at.is_(None))
        .order_by(MeasurementRow.date, MeasurementRow.id)
    ).all()
    return {
        "transactions": tuple(transaction_of(t) for t in transactions),
        "measurements": tuple(
            Measurement(
                indicator=indicator_codes[m.indicator_id],
                project=m.project_id,
                date=m.date,
                value=m.value,
                weight=m.weight,
                qualifier=m.qualifier,
                verified=m.verified,
                quote=m.quote,
                note=m.note,
                **provenance_of(m),
            )
            for m in measurements
        ),
        "ratings": tuple(
            ProjectRating(
                project=r.project_id,
                kind=r.kind,
                date=r.date,
                rating=r.rating,
                note=r.note,
                **provenance_of(r),
            )
            for r in ratings
        ),
        "sort_ratings": tuple(
            SortRating(
                subject=s.project_id or programme_id,
                category=s.category,
                date=s.date,
                rating=s.rating,
                note=s.note,
                **provenance_of(s),
            )
            for s in sort_rows
        ),
    }
