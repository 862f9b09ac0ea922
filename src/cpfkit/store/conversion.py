"""Amounts in US dollars at the rate of their date, as the store keeps them beside the amounts as given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.errors import DataError
from cpfkit.model import FxRates, Money, to_usd

__all__ = ["usd_at"]


def usd_at(money: Money, fx: FxRates, on: date, origin: str, record: str) -> tuple[Decimal, tuple[Decimal, str]]:
    """The amount in US dollars on a date, with the rate used and its period.

    Raises:
        DataError: no rate for the currency on the date (naming the file, the record and ``currency``).
    """
    try:
        usd, used = to_usd(money, fx, on)
    except Exception as exc:  # FxRateMissing, already checked by the reader; kept for API writes
        raise DataError(str(exc), file=origin, record=record, field="currency") from exc
    return usd.amount, (used.usd_per_unit, used.period)
