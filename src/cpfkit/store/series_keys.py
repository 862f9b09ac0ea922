"""The keys of the series: days from 1900-01-01, and the codes of ledger types, rating kinds and SORT categories.

A row's key is ``((pno × width + code) << DAY_BITS) | day``, so the rows of
one operation and code sort by day (:mod:`cpfkit.store.series`).
"""

from __future__ import annotations

from datetime import date

from cpfkit.model import RatingKind, SortCategory

__all__ = ["CATEGORY_CODES", "DAY0", "DAY_BITS", "KIND_CODES", "SAFE_UNITS", "TYPE_CODES", "day_number"]

DAY0 = date(1900, 1, 1)
DAY_BITS = 20
TYPE_CODES = {"disbursement": 0, "cancellation": 1, "commitment": 2, "loan-repayment": 3}
KIND_CODES = {kind.value: i for i, kind in enumerate(RatingKind)}
CATEGORY_CODES = {category.value: i for i, category in enumerate(SortCategory)}
SAFE_UNITS = 2**61
"""Money arrays are int64 while the magnitudes they may sum stay below this (a quarter of int64's range)."""


def day_number(on: date) -> int:
    """Days from 1900-01-01, the time axis of every series.

    Examples:
        >>> day_number(date(1900, 1, 31))
        30
    """
    return (on - DAY0).days
