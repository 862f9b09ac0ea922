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
  far was illustrative;
* **ratings** (code = ISR rating kind): the score (1–6); on one day the worse
  rating sorts last, so it is the one found;
* **SORT** (code = category): the score (1–4); on one day the higher sorts last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np

from cpfkit.errors import StoreError
from cpfkit.model import OutcomeRating, RatingKind, RiskLevel, SortCategory

__all__ = [
    "CATEGORY_CODES",
    "DAY0",
    "KIND_CODES",
    "TYPE_CODES",
    "Series",
    "build_series",
    "day_number",
]

DAY0 = date(1900, 1, 1)
_DAY_BITS = 20
TYPE_CODES = {"disbursement": 0, "cancellation": 1, "commitment": 2, "loan-repayment": 3}
KIND_CODES = {kind.value: i for i, kind in enumerate(RatingKind)}
CATEGORY_CODES = {category.value: i for i, category in enumerate(SortCategory)}
_OUTCOME = {r.value: len(OutcomeRating) - i for i, r in enumerate(OutcomeRating)}
_RISK = {r.value: i + 1 for i, r in enumerate(RiskLevel)}
_WIDTH = {"ledger": 8, "ratings": 8, "sort": 16}
_MAX_UNITS = 2**62


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


def _codes(con: duckdb.DuckDBPyConnection, name: str, codes: Mapping[str, int]) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (code VARCHAR, n INTEGER)")
    if codes:
        con.executemany(f"INSERT INTO {name} VALUES (?, ?)", list(codes.items()))


def _register(con: duckdb.DuckDBPyConnection, name: str, columns: Mapping[str, Sequence[Any]]) -> bool:
    if not columns or len(next(iter(columns.values()))) == 0:
        return False
    arrays = {}
    for column, values in columns.items():
        if isinstance(values, np.ndarray):
            arrays[column] = values
        elif column == "illustrative" and all(v is not None for v in values):
            arrays[column] = np.asarray(values, dtype=np.int64)
        else:
            arrays[column] = np.asarray(
                [v if v is None or isinstance(v, str | int) else str(v) for v in values], object
            )
    con.register(name, arrays)
    return True


def _sorted(
    con: duckdb.DuckDBPyConnection, query: str, width: int, descending_value: bool
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    order = "value DESC" if descending_value else "value"
    rows = con.execute(
        f"SELECT ((pno::BIGINT * {width} + code) << {_DAY_BITS}) | day AS key, value, flag FROM ({query}) "
        f"WHERE pno IS NOT NULL AND code IS NOT NULL AND day IS NOT NULL ORDER BY key, {order}"
    ).fetchnumpy()
    return (
        np.ascontiguousarray(rows["key"], dtype=np.int64),
        np.ascontiguousarray(rows["value"]),
        np.ascontiguousarray(rows["flag"], dtype=np.bool_),
    )


def build_series(
    con: duckdb.DuckDBPyConnection, raw: Mapping[str, Mapping[str, Sequence[Any]]]
) -> tuple[Series, Series, Series, int]:
    """The ledger, rating and SORT series, and the money scale, from raw columns.

    ``con`` must already hold the ``projects`` table (with ``pno`` and ``id``);
    ``raw`` gives ``transactions`` (project_id, type, date, amount_usd,
    illustrative), ``ratings`` (project_id, kind, date, rating, illustrative)
    and ``sort_ratings`` (project_id, category, date, rating, illustrative; rows
    of the programme itself are left out here).  Dates are ISO text or dates,
    amounts decimal text; DuckDB parses them exactly.

    Raises:
        StoreError: an amount has more than four decimals, or a running total overflows.
    """
    _codes(con, "_type_codes", TYPE_CODES)
    _codes(con, "_kind_codes", KIND_CODES)
    _codes(con, "_category_codes", CATEGORY_CODES)
    _codes(con, "_outcome_scores", _OUTCOME)
    _codes(con, "_risk_scores", _RISK)
    day = f"date_diff('day', DATE '{DAY0.isoformat()}', CAST(s.date AS DATE))"
    ledger = Series.empty(_WIDTH["ledger"])
    scale = 2
    if _register(
        con, "_raw_tx", _pick(raw.get("transactions"), ("project_id", "type", "date", "amount_usd", "illustrative"))
    ):
        exact = con.execute(
            "SELECT bool_and(a * 100 = round(a * 100)), bool_and(a * 10000 = round(a * 10000)) "
            "FROM (SELECT CAST(amount_usd AS DECIMAL(38, 10)) AS a FROM _raw_tx)"
        ).fetchone()
        if exact is None or not exact[1]:
            raise StoreError("a ledger amount in US dollars has more than four decimals; it cannot be summed exactly")
        scale = 2 if exact[0] else 4
        key, units, flag = _sorted(
            con,
            f"SELECT p.pno, c.n AS code, {day} AS day, "
            f"CAST(CAST(s.amount_usd AS DECIMAL(38, 10)) * {10**scale} AS BIGINT) AS value, "
            "CAST(s.illustrative AS BOOLEAN) AS flag "
            "FROM _raw_tx s JOIN projects p ON p.id = s.project_id JOIN _type_codes c ON c.code = s.type",
            _WIDTH["ledger"],
            False,
        )
        con.unregister("_raw_tx")
        if len(units) and int(np.abs(units).max(initial=0)) * len(units) >= _MAX_UNITS:
            raise StoreError("ledger totals are too large to sum exactly")
        ledger = Series(key, _running(key, units.astype(np.int64)), _running(key, flag.astype(np.int64)) > 0, 8)
    ratings = Series.empty(_WIDTH["ratings"])
    if _register(
        con, "_raw_ratings", _pick(raw.get("ratings"), ("project_id", "kind", "date", "rating", "illustrative"))
    ):
        key, score, flag = _sorted(
            con,
            f"SELECT p.pno, c.n AS code, {day} AS day, CAST(o.n AS TINYINT) AS value, "
            "CAST(s.illustrative AS BOOLEAN) AS flag "
            "FROM _raw_ratings s JOIN projects p ON p.id = s.project_id JOIN _kind_codes c ON c.code = s.kind "
            "JOIN _outcome_scores o ON o.code = s.rating",
            _WIDTH["ratings"],
            True,
        )
        con.unregister("_raw_ratings")
        ratings = Series(key, score.astype(np.int8), flag, _WIDTH["ratings"])
    sort = Series.empty(_WIDTH["sort"])
    rows = _pick(raw.get("sort_ratings"), ("project_id", "category", "date", "rating", "illustrative"))
    if _register(con, "_raw_sort", rows):
        key, score, flag = _sorted(
            con,
            f"SELECT p.pno, c.n AS code, {day} AS day, CAST(o.n AS TINYINT) AS value, "
            "CAST(s.illustrative AS BOOLEAN) AS flag "
            "FROM _raw_sort s JOIN projects p ON p.id = s.project_id JOIN _category_codes c ON c.code = s.category "
            "JOIN _risk_scores o ON o.code = s.rating",
            _WIDTH["sort"],
            False,
        )
        con.unregister("_raw_sort")
        sort = Series(key, score.astype(np.int8), flag, _WIDTH["sort"])
    return ledger, ratings, sort, scale


def _pick(table: Mapping[str, Sequence[Any]] | None, names: Sequence[str]) -> dict[str, Sequence[Any]]:
    if not table:
        return {}
    return {n: table[n] for n in names}


def _running(key: np.ndarray[Any, Any], values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Running totals of ``values`` restarting at each new (operation, code) group of ``key``."""
    if len(values) == 0:
        return values
    total = np.cumsum(values)
    group = key >> _DAY_BITS
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    before = np.r_[0, total[starts[1:] - 1]]
    return total - np.repeat(before, np.diff(np.r_[starts, len(values)]))
