"""Time series of many operations in sorted NumPy arrays, answered at any date by binary search.

The portfolio review needs, for every operation, sums of its ledger up to a
few dates and its latest ratings on a few dates.  Scanning every transaction
for every review costs time in proportion to the ledger; keeping each
operation's ledger as a *cumulative* series sorted by date makes each answer
one binary search, so a review costs time in proportion to the number of
operations however long their histories.

A :class:`Series` holds rows sorted by ``key = ((pno × width + code) << 20) | day``
(``day`` counts days from 1900-01-01) with one value and one flag per row:

* the **ledger** (code = transaction type): the running total of the amounts,
  in integer units of 10**-scale US dollars (exact), and whether any amount so
  far was illustrative.  The scale is 2 (cents) unless a stored amount has
  more decimals.  The totals are int64 while the magnitudes of all amounts
  add up to less than :data:`SAFE_UNITS`, so that no sum or difference of
  totals the engines take can overflow; otherwise (amounts near the ceiling
  by the thousand, or larger ones stored before there was a ceiling) they
  are Python integers in an object array: slower, never wrong;
* **ratings** (code = ISR rating kind): the score (1–6); on one day the worse
  rating sorts last, so it is the one found;
* **SORT** (code = category): the score (1–4); on one day the higher sorts last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.model import OutcomeRating, RatingKind, RiskLevel, SortCategory

__all__ = [
    "CATEGORY_CODES",
    "DAY0",
    "KIND_CODES",
    "SAFE_UNITS",
    "TYPE_CODES",
    "Series",
    "build_series",
    "day_number",
    "exact_units",
    "pack_values",
    "unpack_values",
]

DAY0 = date(1900, 1, 1)
_DAY_BITS = 20
TYPE_CODES = {"disbursement": 0, "cancellation": 1, "commitment": 2, "loan-repayment": 3}
KIND_CODES = {kind.value: i for i, kind in enumerate(RatingKind)}
CATEGORY_CODES = {category.value: i for i, category in enumerate(SortCategory)}
_OUTCOME = {r.value: len(OutcomeRating) - i for i, r in enumerate(OutcomeRating)}
_RISK = {r.value: i + 1 for i, r in enumerate(RiskLevel)}
_WIDTH = {"ledger": 8, "ratings": 8, "sort": 16}
SAFE_UNITS = 2**61
"""Money arrays are int64 while the magnitudes they may sum stay below this (a quarter of int64's range)."""


def day_number(on: date) -> int:
    """Days from 1900-01-01, the time axis of every series.

    Examples:
        >>> day_number(date(1900, 1, 31))
        30
    """
    return (on - DAY0).days


@dataclass(frozen=True)
class Series:
    """Rows sorted by (operation, code, day), each with a value and a flag."""

    key: np.ndarray[Any, np.dtype[np.int64]]
    value: np.ndarray[Any, Any]
    flag: np.ndarray[Any, np.dtype[np.bool_]]
    width: int

    def find(self, pno: np.ndarray[Any, Any], code: int, on: date, *, before: bool = False) -> np.ndarray[Any, Any]:
        """Index of each operation's last row of ``code`` on or before ``on`` (strictly before with ``before``).

        -1 where the operation has no such row.
        """
        day = day_number(on) - (1 if before else 0)
        group = pno.astype(np.int64) * self.width + code
        query = (group << _DAY_BITS) | max(day, 0)
        index = np.searchsorted(self.key, query, side="right") - 1
        found = index >= 0
        found[found] = (self.key[index[found]] >> _DAY_BITS) == group[found]
        if day < 0:
            found[:] = False
        return np.where(found, index, -1)

    def previous(self, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """Index of the last row of the same group dated strictly before row ``index``; -1 if none."""
        out = np.full(len(index), -1, dtype=np.int64)
        ok = index >= 0
        if not ok.any():
            return out
        key = self.key[index[ok]]
        start = np.searchsorted(self.key, key, "left") - 1
        same = (start >= 0) & ((self.key[np.maximum(start, 0)] >> _DAY_BITS) == (key >> _DAY_BITS))
        out[ok] = np.where(same, start, -1)
        return out

    def values(self, index: np.ndarray[Any, Any], missing: Any = 0) -> np.ndarray[Any, Any]:
        """The value at each index, ``missing`` where the index is -1."""
        if not len(self.value):
            return np.full(len(index), missing)
        return np.where(index >= 0, self.value[np.maximum(index, 0)], missing)

    def flags(self, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The flag at each index, False where the index is -1."""
        if not len(self.flag):
            return np.zeros(len(index), dtype=np.bool_)
        return np.where(index >= 0, self.flag[np.maximum(index, 0)], False)

    def days(self, index: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """The day number at each index, -1 where the index is -1."""
        if not len(self.key):
            return np.full(len(index), -1, dtype=np.int64)
        return np.where(index >= 0, self.key[np.maximum(index, 0)] & ((1 << _DAY_BITS) - 1), -1)

    @classmethod
    def empty(cls, width: int) -> Series:
        """A series with no rows."""
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.bool_), width)


def _day_numbers(values: Sequence[Any]) -> np.ndarray[Any, Any]:
    """Day numbers of ISO dates (text or ``date``), -1 for none."""
    text = np.array([None if v is None else str(v)[:10] for v in values], dtype=object)
    missing = np.array([v is None for v in text.tolist()], dtype=np.bool_)
    text[missing] = DAY0.isoformat()
    days = (text.astype("datetime64[D]") - np.datetime64(DAY0, "D")).astype(np.int64)
    days[missing] = -1
    return days


def _units(values: Sequence[Any], *, wide: bool = False) -> tuple[np.ndarray[Any, Any], int]:
    """Exact integer amounts and their scale (2: cents, or the most decimals any amount has) from decimal text.

    Amounts are parsed as floats and rounded to the cent; every amount is
    then checked to be that many cents, within what a float can hold
    exactly.  Any other amount is parsed exactly as a decimal.  The result is
    int64 while the magnitudes add up to less than :data:`SAFE_UNITS`, else
    (or with ``wide``) an object array of Python integers.
    """
    text = [str(v) for v in values]
    x = np.array(text, dtype=np.float64)
    cents = np.rint(x * 100)
    exact = (np.abs(x) < 1e11) & (np.abs(x * 100 - cents) <= 1e-6)
    if bool(exact.all()) and not wide and float(np.abs(cents).sum()) < SAFE_UNITS:
        return cents.astype(np.int64), 2
    units, scale = exact_units([Decimal(t) for t in text])
    if not wide and sum(abs(u) for u in units) < SAFE_UNITS:
        return np.array(units, dtype=np.int64), scale
    return np.array(units, dtype=object), scale


def exact_units(numbers: Sequence[Decimal], least: int = 2) -> tuple[list[int], int]:
    """Decimals as whole numbers of ``10**-scale``, at the least scale (at least ``least``) that keeps every digit.

    Examples:
        >>> exact_units([Decimal("1.5"), Decimal("0.125"), Decimal("7")])
        ([1500, 125, 7000], 3)
    """
    scale = max([least, *(-e for d in numbers if isinstance(e := d.normalize().as_tuple().exponent, int))])
    return [int(d.scaleb(scale)) for d in numbers], scale


def pack_values(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A series' values in a form ``numpy.save`` writes without pickling (Python integers as text)."""
    return values.astype(np.str_) if values.dtype == object else values


def unpack_values(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The values written by :func:`pack_values`, as they were."""
    if values.dtype.kind == "U":
        return np.array([int(v) for v in values.tolist()], dtype=object)
    return values


def _flags(values: Sequence[Any]) -> np.ndarray[Any, Any]:
    return np.array([bool(v) for v in values], dtype=np.bool_)


def _sorted_series(
    pno: np.ndarray[Any, Any],
    code: np.ndarray[Any, Any],
    day: np.ndarray[Any, Any],
    value: np.ndarray[Any, Any],
    flag: np.ndarray[Any, Any],
    width: int,
    descending_value: bool,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    keep = (pno > 0) & (code >= 0) & (day >= 0)
    key = ((pno[keep] * width + code[keep]) << _DAY_BITS) | day[keep]
    value, flag = value[keep], flag[keep]
    order = np.lexsort((-value if descending_value else value, key))
    return key[order], value[order], flag[order]


def build_series(
    projects: Mapping[str, int], raw: Mapping[str, Mapping[str, Sequence[Any]]], *, wide: bool = False
) -> tuple[Series, Series, Series, int]:
    """The ledger, rating and SORT series, and the money scale, from raw columns.

    ``projects`` maps each operation's id to its ``pno``; ``raw`` gives
    ``transactions`` (project_id, type, date, amount_usd, illustrative),
    ``ratings`` (project_id, kind, date, rating, illustrative) and
    ``sort_ratings`` (project_id, category, date, rating, illustrative; rows of
    the programme itself are left out here).  Dates are ISO text or dates,
    amounts decimal text.  Rows of unknown operations or codes are left out
    (ledger types other than disbursements, cancellations, commitments and
    repayments play no part in the review).  Any stored amount is taken,
    however large or precise; ``wide`` keeps the ledger in Python integers
    even when int64 would do (to check one against the other).
    """

    def numbers(values: Sequence[Any], codes: Mapping[str, int]) -> np.ndarray[Any, Any]:
        return np.array([codes.get(v, -1) if v is not None else -1 for v in values], dtype=np.int64)

    ledger, ratings, sort = (
        Series.empty(_WIDTH["ledger"]),
        Series.empty(_WIDTH["ratings"]),
        Series.empty(_WIDTH["sort"]),
    )
    scale = 2
    tx = raw.get("transactions") or {}
    if len(tx.get("project_id", ())):
        units, scale = _units(tx["amount_usd"], wide=wide)
        key, amount, flag = _sorted_series(
            numbers(tx["project_id"], projects),
            numbers(tx["type"], TYPE_CODES),
            _day_numbers(tx["date"]),
            units,
            _flags(tx["illustrative"]),
            _WIDTH["ledger"],
            False,
        )
        ledger = Series(key, _running(key, amount), _running(key, flag.astype(np.int64)) > 0, _WIDTH["ledger"])
    for name, codes, scores, width in (
        ("ratings", KIND_CODES, _OUTCOME, _WIDTH["ratings"]),
        ("sort_ratings", CATEGORY_CODES, _RISK, _WIDTH["sort"]),
    ):
        table = raw.get(name) or {}
        if not len(table.get("project_id", ())):
            continue
        kind = "kind" if name == "ratings" else "category"
        key, score, flag = _sorted_series(
            numbers(table["project_id"], projects),
            numbers(table[kind], codes),
            _day_numbers(table["date"]),
            numbers(table["rating"], scores),
            _flags(table["illustrative"]),
            width,
            name == "ratings",
        )
        series = Series(key, score.astype(np.int8), flag, width)
        if name == "ratings":
            ratings = series
        else:
            sort = series
    return ledger, ratings, sort, scale


def _running(key: np.ndarray[Any, Any], values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Running totals of ``values`` restarting at each new (operation, code) group of ``key``."""
    if len(values) == 0:
        return values
    total = np.cumsum(values)
    group = key >> _DAY_BITS
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    before = np.r_[0, total[starts[1:] - 1]]
    return total - np.repeat(before, np.diff(np.r_[starts, len(values)]))
