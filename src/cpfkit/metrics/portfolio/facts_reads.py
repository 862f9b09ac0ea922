"""Each operation's raw facts on the review's dates: commitments, ledger totals, latest ratings, events, plans.

The ledger and the ratings are read from the copy's series by binary search
(:mod:`cpfkit.store.series`); events and plans by small DuckDB aggregations
(:mod:`cpfkit.metrics.portfolio.facts_queries`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.facts_queries import COMMITMENTS, EVENTS, PLANS
from cpfkit.metrics.portfolio.facts_table import NONE, Array, Dates, Facts
from cpfkit.store.analytics import PortfolioData
from cpfkit.store.series_keys import KIND_CODES, SAFE_UNITS, TYPE_CODES
from cpfkit.store.series_units import exact_units

__all__ = ["read_commitments", "read_events", "read_ledger", "read_plans", "read_ratings"]


_KINDS = (("do", "DO"), ("ip", "IP"), ("fm", "FM"), ("proc", "procurement"), ("es", "E&S"), ("me", "M&E"), ("pm", "PM"))


def _scatter(pnos: Array, keys: Array, values: Array, fill: Any, dtype: Any = None) -> Array:
    out = np.full(len(pnos), fill, dtype=dtype if dtype is not None else np.asarray(values).dtype)
    if len(keys):
        out[np.searchsorted(pnos, keys)] = values
    return out


def _days(values: list[Any]) -> Array:
    return np.array([NONE if v is None else v for v in values], np.int64)


def read_commitments(con: Any, programme: str, projects: dict[str, Any], data: PortfolioData) -> tuple[Array, int]:
    """Each operation's commitment in integer units, and the scale of the review's money.

    The ledger's scale and int64 serve whenever every commitment is a whole
    number of its units and the commitments' magnitudes add up to less than
    :data:`SAFE_UNITS`.  Otherwise the commitments are read exactly as
    decimals, at a scale fine enough for each, in Python integers.
    """
    fast = projects["commitment"]
    if (
        data.ledger.value.dtype != object
        and not np.ma.is_masked(fast)
        and bool(np.all(projects["exact"]))
        and float(np.abs(np.asarray(fast, dtype=np.float64)).sum()) < SAFE_UNITS
    ):
        return np.asarray(fast, dtype=np.int64), data.money_scale
    exact = [Decimal(row[0]) for row in con.execute(COMMITMENTS, {"programme": programme}).fetchall()]
    units, scale = exact_units(exact, data.money_scale)
    return np.array(units, dtype=object), scale


def read_ledger(facts: Facts, data: PortfolioData, pnos: Array, dates: Dates, factor: int = 1) -> None:
    """Ledger totals on the review's dates, in the review's units (``factor`` times the ledger's)."""
    ledger = data.ledger
    wide = ledger.value.dtype == object or facts.commitment.dtype == object
    found: dict[tuple[str, date, bool], Array] = {}

    def index(kind: str, on: date, before: bool = False) -> Array:
        key = (kind, on, before)
        if key not in found:
            found[key] = ledger.find(pnos, TYPE_CODES[kind], on, before=before)
        return found[key]

    def total(kind: str, on: date, before: bool = False) -> Array:
        values = np.asarray(ledger.values(index(kind, on, before)))
        return values.astype(object) * factor if wide else values.astype(np.int64)

    facts.set(
        disbursed=total("disbursement", dates.as_of),
        disbursed_before_fy=total("disbursement", dates.fy_start, before=True),
        disbursed_to_fy_end=total("disbursement", dates.fy_end),
        cancelled=total("cancellation", dates.as_of),
        cancelled_before_fy=total("cancellation", dates.fy_start, before=True),
        cancelled_at_window=total("cancellation", dates.window_start),
        extra=total("commitment", dates.as_of),
        extra_before_fy=total("commitment", dates.fy_start, before=True),
        extra_at_window=total("commitment", dates.window_start),
        repaid=total("loan-repayment", dates.as_of),
        ledger_illustrative=ledger.flags(index("disbursement", dates.as_of))
        | ledger.flags(index("cancellation", dates.as_of))
        | ledger.flags(index("commitment", dates.as_of)),
    )


def read_ratings(facts: Facts, data: PortfolioData, pnos: Array, dates: Dates) -> None:
    """Each kind's latest rating on the as-of date (score, day, mark), and the worst at the window's start."""
    ratings = data.ratings
    any_illustrative = np.zeros(len(pnos), dtype=np.bool_)
    for prefix, kind in _KINDS:
        index = ratings.find(pnos, KIND_CODES[kind], dates.as_of)
        flags = ratings.flags(index)
        any_illustrative |= flags
        facts.columns[f"{prefix}_score"] = np.asarray(ratings.values(index), dtype=np.int64)
        facts.columns[f"{prefix}_day"] = np.asarray(ratings.days(index), dtype=np.int64)
        facts.columns[f"{prefix}_illustrative"] = flags
    then = [
        np.asarray(ratings.values(ratings.find(pnos, KIND_CODES[kind], dates.window_start)), dtype=np.int64)
        for kind in ("DO", "IP")
    ]
    facts.set(
        ratings_illustrative=any_illustrative,
        worst_then=np.minimum(*(np.where(t > 0, t, 99) for t in then)),
    )


def read_events(facts: Facts, con: Any, programme: str, pnos: Array, dates: Dates) -> None:
    """Extensions, counterpart shortfalls, covenant breaches, restructurings and suspensions by the as-of date."""
    cursor = con.execute(EVENTS, {"programme": programme, "as_of": dates.as_of, "window": dates.window_start})
    rows = cursor.fetchall()
    names = [d[0] for d in cursor.description]
    cols = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    keys = np.asarray(cols["pno"], dtype=np.int64)
    facts.set(
        extension_events=_scatter(pnos, keys, np.asarray(cols["extension_events"], np.int64), 0, np.int64),
        extensions_by_date=_scatter(pnos, keys, np.asarray(cols["extensions_by_date"], np.int64), 0, np.int64),
        closing_by_events=_scatter(pnos, keys, _days(cols["closing_by_events"]), NONE, np.int64),
        counterpart_since=_scatter(pnos, keys, _days(cols["counterpart_since"]), NONE, np.int64),
        counterpart_note=_scatter(pnos, keys, np.asarray(cols["counterpart_note"], object), None, object),
        covenant_since=_scatter(pnos, keys, _days(cols["covenant_since"]), NONE, np.int64),
        covenant_note=_scatter(pnos, keys, np.asarray(cols["covenant_note"], object), None, object),
        restructured_on=_scatter(pnos, keys, _days(cols["restructured_on"]), NONE, np.int64),
        extended_on=_scatter(pnos, keys, _days(cols["extended_on"]), NONE, np.int64),
        suspended_on=_scatter(pnos, keys, _days(cols["suspended_on"]), NONE, np.int64),
        events_illustrative=_scatter(pnos, keys, np.asarray(cols["events_illustrative"], np.bool_), False, np.bool_),
    )


def read_plans(facts: Facts, con: Any, programme: str, pnos: Array, dates: Dates) -> None:
    """The points of each operation's disbursement plan on either side of the as-of date."""
    rows = con.execute(PLANS, {"programme": programme, "as_of": dates.as_of}).fetchall()
    keys = np.asarray([r[0] for r in rows], dtype=np.int64)

    def col(i: int, none: Any, dtype: Any) -> Array:
        return np.asarray([none if r[i] is None else r[i] for r in rows], dtype=dtype)

    facts.set(
        plan_points=_scatter(pnos, keys, col(1, 0, np.int64), 0, np.int64),
        plan_before_day=_scatter(pnos, keys, col(2, NONE, np.int64), NONE, np.int64),
        plan_before=_scatter(pnos, keys, col(3, np.nan, np.float64), np.nan, np.float64),
        plan_after_day=_scatter(pnos, keys, col(4, NONE, np.int64), NONE, np.int64),
        plan_after=_scatter(pnos, keys, col(5, np.nan, np.float64), np.nan, np.float64),
    )
