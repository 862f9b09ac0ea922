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
from typing import Any

import numpy as np

from cpfkit.model import OutcomeRating, RiskLevel
from cpfkit.store.series_keys import (
    CATEGORY_CODES,
    DAY0,
    DAY_BITS,
    KIND_CODES,
    SAFE_UNITS,
    TYPE_CODES,
    day_number,
)
from cpfkit.store.series_search import Series
from cpfkit.store.series_units import exact_units, pack_values, units_of, unpack_values

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

_OUTCOME = {r.value: len(OutcomeRating) - i for i, r in enumerate(OutcomeRating)}
_RISK = {r.value: i + 1 for i, r in enumerate(RiskLevel)}
_WIDTH = {"ledger": 8, "ratings": 8, "sort": 16}


def _day_numbers(values: Sequence[Any]) -> np.ndarray[Any, Any]:
    """Day numbers of ISO dates (text or ``date``), -1 for none."""
    text = np.array([None if v is None else str(v)[:10] for v in values], dtype=object)
    missing = np.array([v is None for v in text.tolist()], dtype=np.bool_)
    text[missing] = DAY0.isoformat()
    days = (text.astype("datetime64[D]") - np.datetime64(DAY0, "D")).astype(np.int64)
    days[missing] = -1
    return days


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
    key = ((pno[keep] * width + code[keep]) << DAY_BITS) | day[keep]
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
        units, scale = units_of(tx["amount_usd"], wide=wide)
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
    group = key >> DAY_BITS
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    before = np.r_[0, total[starts[1:] - 1]]
    return total - np.repeat(before, np.diff(np.r_[starts, len(values)]))
