"""SORT risk ratings: latest per category, trend since the previous rating, suggested overall, heat map.

Rules (docs/definitions.md, 'SORT ratings'; choices in ``docs/definitions.md``):

* the rating of a category on a date is the latest one on or before it (on
  one day, the higher); its *trend* compares it with the latest rating dated
  before it: ``up`` (riskier), ``down``, ``same``, or ``new`` when there is none;
* the overall rating is the team's judgement and is shown as given; where none
  is given, cpfkit *suggests* the highest category rating and marks it so;
* the heat map weighs each active operation by its net commitment, exactly.

The operations' ratings come from the copy's SORT series (one binary search
per operation and category); the programme's own from ``sql/sort.sql``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from cpfkit.metrics.portfolio.weights import Weights
from cpfkit.risk.sort_heat_map import heat_map, share
from cpfkit.risk.sort_programme import programme_sort
from cpfkit.risk.sort_rules import CATEGORIES, LEVEL_CODES, OVERALL, suggest_overall, trend, trend_codes
from cpfkit.risk.sort_tables import CategoryRating, HeatCell, HeatRow, SortView, SubjectSort
from cpfkit.store.analytics import PortfolioData
from cpfkit.store.series_keys import CATEGORY_CODES, DAY0

__all__ = [
    "CategoryRating",
    "HeatCell",
    "HeatRow",
    "SortView",
    "SubjectSort",
    "Weights",
    "sort_view",
    "suggest_overall",
    "trend",
]


def sort_view(data: PortfolioData, programme: str, as_of: date, weights: Weights, *, listing: bool = True) -> SortView:
    """SORT ratings of the programme and of every operation it counts, and the heat map, as of a date.

    Args:
        data: the portfolio engine's tables and series.
        programme: the programme's id.
        as_of: the date of the ratings.
        weights: the review's operations with their net commitments (from the review's facts).
        listing: give every operation's SORT table (``operations``); without it, the programme and heat map only.
    """
    own, detail = programme_sort(data, programme, as_of)
    series = data.sort
    pnos = weights.pno
    score: dict[str, np.ndarray[Any, Any]] = {}
    trends: dict[str, np.ndarray[Any, Any]] = {}
    latest_day = np.full(len(pnos), -1, dtype=np.int64)
    for category in (*CATEGORIES, OVERALL):
        index = series.find(pnos, CATEGORY_CODES[category], as_of)
        now = np.asarray(series.values(index), dtype=np.int64)
        score[category] = now
        if listing:  # trends and dates are only shown in the operations' own tables
            before = np.asarray(series.values(series.previous(index)), dtype=np.int64)
            trends[category] = trend_codes(now, before)
            latest_day = np.maximum(latest_day, np.asarray(series.days(index), dtype=np.int64))
    highest = np.max([score[c] for c in CATEGORIES], axis=0) if len(pnos) else np.zeros(0, np.int64)
    given = score[OVERALL]
    suggested = (given == 0) & (highest > 0)
    overall = np.where(given > 0, given, highest)
    operations = _listing(weights, score, trends, latest_day, overall, suggested) if listing else ()
    heat, total, high = heat_map(weights, score, overall, suggested)
    return SortView(
        as_of=as_of,
        programme=own,
        programme_categories=detail,
        operations=operations,
        heat_map=heat,
        active_net_commitment_usd=total,
        substantial_or_high_usd=high,
        substantial_or_high_share=share(high, total),
    )


def _listing(
    weights: Weights,
    score: dict[str, np.ndarray[Any, Any]],
    trends: dict[str, np.ndarray[Any, Any]],
    latest_day: np.ndarray[Any, Any],
    overall: np.ndarray[Any, Any],
    suggested: np.ndarray[Any, Any],
) -> tuple[SubjectSort, ...]:
    """Each rated operation's SORT table."""
    columns = {c: score[c].tolist() for c in CATEGORIES}
    trend_columns = {c: trends[c].tolist() for c in CATEGORIES}
    ids, days, overall_list = weights.id.tolist(), latest_day.tolist(), overall.tolist()
    suggested_list, overall_trend = suggested.tolist(), trends[OVERALL].tolist()
    return tuple(
        SubjectSort(
            subject=ids[i],
            date=DAY0 + timedelta(days=days[i]),
            overall=LEVEL_CODES[overall_list[i] - 1] if overall_list[i] else None,
            overall_suggested=suggested_list[i],
            overall_trend=None if suggested_list[i] else overall_trend[i],
            ratings={c: LEVEL_CODES[columns[c][i] - 1] for c in CATEGORIES if columns[c][i]},
            trends={c: trend_columns[c][i] for c in CATEGORIES if columns[c][i]},
        )
        for i in np.flatnonzero(latest_day >= 0).tolist()
    )
