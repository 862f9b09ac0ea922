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

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from cpfkit.model import RiskLevel, SortCategory
from cpfkit.model.base import Num
from cpfkit.store.analytics import PortfolioData
from cpfkit.store.series import CATEGORY_CODES, DAY0

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

_SQL = Path(__file__).parent / "sql"
Day = date  # the field named ``date`` below hides the type inside slotted classes
_LEVELS = tuple(RiskLevel)
_LEVEL_CODES = tuple(level.value for level in _LEVELS)
_CATEGORIES = tuple(c.value for c in SortCategory if c is not SortCategory.OVERALL)
_OVERALL = SortCategory.OVERALL.value


def suggest_overall(ratings: Iterable[RiskLevel | str]) -> RiskLevel | None:
    """The suggested overall rating: the highest category rating (None when nothing is rated).

    A suggestion only: the overall rating of record is the team's judgement.

    Examples:
        >>> suggest_overall(["Moderate", "Substantial", "High", "Low"])
        <RiskLevel.HIGH: 'High'>
        >>> suggest_overall([]) is None
        True
    """
    levels = [RiskLevel(r) for r in ratings]
    return max(levels, key=_LEVELS.index) if levels else None


def trend(current: RiskLevel | str | None, previous: RiskLevel | str | None) -> str | None:
    """``up`` (riskier), ``down``, ``same``, ``new`` (no earlier rating), or None when not rated.

    Examples:
        >>> trend("Substantial", "Moderate"), trend("Low", "Low"), trend("High", None)
        ('up', 'same', 'new')
    """
    if current is None:
        return None
    if previous is None:
        return "new"
    now, before = _LEVELS.index(RiskLevel(current)), _LEVELS.index(RiskLevel(previous))
    return "up" if now > before else "down" if now < before else "same"


@dataclass(frozen=True)
class Weights:
    """The operations of the review, aligned: key, id, whether active, net commitment in integer units."""

    pno: np.ndarray[Any, Any]
    id: np.ndarray[Any, Any]
    active: np.ndarray[Any, Any]
    net_units: np.ndarray[Any, Any]
    scale: int


@dataclass(slots=True)
class CategoryRating:
    """One category's latest rating, the one before it, and the trend between them."""

    rating: str | None
    date: Day | None
    previous: str | None
    previous_date: Day | None
    trend: str | None
    illustrative: bool = False


@dataclass(slots=True)
class SubjectSort:
    """The SORT table of one operation or of the programme, as of a date.

    ``ratings`` and ``trends`` are keyed by category; ``overall`` is the rating
    as given or, when none is given, the suggested one (``overall_suggested``).
    """

    subject: str
    date: Day | None
    overall: str | None
    overall_suggested: bool
    overall_trend: str | None
    ratings: dict[str, str]
    trends: dict[str, str]


@dataclass(slots=True)
class HeatCell:
    """Active operations at one risk level of one category, and their net commitment."""

    operations: int
    net_commitment_usd: Num
    share: Num | None
    suggested: int = 0


@dataclass(frozen=True)
class HeatRow:
    """One category of the heat map: its levels, and what is not rated."""

    category: str
    cells: dict[str, HeatCell]
    unrated_operations: int
    unrated_usd: Num


@dataclass(frozen=True)
class SortView:
    """SORT ratings of a programme and its operations, and the commitment-weighted heat map."""

    as_of: date
    programme: SubjectSort | None
    programme_categories: dict[str, CategoryRating]
    operations: tuple[SubjectSort, ...]
    heat_map: tuple[HeatRow, ...]
    active_net_commitment_usd: Num
    substantial_or_high_usd: Num
    substantial_or_high_share: Num | None


@cache
def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part / whole).quantize(Decimal("0.0001"))


def _trend_codes(score: np.ndarray[Any, Any], previous: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    out = np.where(score > previous, "up", np.where(score < previous, "down", "same")).astype(object)
    out[previous == 0] = "new"
    out[score == 0] = None
    return out


def _programme(
    data: PortfolioData, programme: str, as_of: date
) -> tuple[SubjectSort | None, dict[str, CategoryRating]]:
    cursor = data.con.execute(_sql("sort"), {"programme": programme, "as_of": as_of, "levels": list(_LEVEL_CODES)})
    names = [d[0] for d in cursor.description or ()]
    rows = {r["category"]: r for r in (dict(zip(names, row, strict=True)) for row in cursor.fetchall())}
    detail: dict[str, CategoryRating] = {}
    for category in SortCategory:
        r = rows.get(category.value)
        if r is not None:
            detail[category.value] = CategoryRating(
                r["rating"], r["date"], r["previous"], r["previous_date"], trend(r["rating"], r["previous"]),
                bool(r["illustrative"]),
            )  # fmt: skip
    if not detail:
        return None, detail
    given = detail.get(_OVERALL)
    categories = {k: v for k, v in detail.items() if k != _OVERALL}
    suggested = suggest_overall(c.rating for c in categories.values() if c.rating) if given is None else None
    subject = SubjectSort(
        subject=programme,
        date=max(c.date for c in detail.values() if c.date is not None),
        overall=given.rating if given else (suggested.value if suggested else None),
        overall_suggested=given is None and suggested is not None,
        overall_trend=given.trend if given else None,
        ratings={k: c.rating for k, c in categories.items() if c.rating},
        trends={k: c.trend for k, c in categories.items() if c.trend},
    )
    return subject, detail


def _listing(
    weights: Weights,
    score: dict[str, np.ndarray[Any, Any]],
    trends: dict[str, np.ndarray[Any, Any]],
    latest_day: np.ndarray[Any, Any],
    overall: np.ndarray[Any, Any],
    suggested: np.ndarray[Any, Any],
) -> tuple[SubjectSort, ...]:
    """Each rated operation's SORT table."""
    columns = {c: score[c].tolist() for c in _CATEGORIES}
    trend_columns = {c: trends[c].tolist() for c in _CATEGORIES}
    ids, days, overall_list = weights.id.tolist(), latest_day.tolist(), overall.tolist()
    suggested_list, overall_trend = suggested.tolist(), trends[_OVERALL].tolist()
    return tuple(
        SubjectSort(
            subject=ids[i],
            date=DAY0 + timedelta(days=days[i]),
            overall=_LEVEL_CODES[overall_list[i] - 1] if overall_list[i] else None,
            overall_suggested=suggested_list[i],
            overall_trend=None if suggested_list[i] else overall_trend[i],
            ratings={c: _LEVEL_CODES[columns[c][i] - 1] for c in _CATEGORIES if columns[c][i]},
            trends={c: trend_columns[c][i] for c in _CATEGORIES if columns[c][i]},
        )
        for i in np.flatnonzero(latest_day >= 0).tolist()
    )


def sort_view(data: PortfolioData, programme: str, as_of: date, weights: Weights, *, listing: bool = True) -> SortView:
    """SORT ratings of the programme and of every operation it counts, and the heat map, as of a date.

    Args:
        data: the portfolio engine's tables and series.
        programme: the programme's id.
        as_of: the date of the ratings.
        weights: the review's operations with their net commitments (from the review's facts).
        listing: give every operation's SORT table (``operations``); without it, the programme and heat map only.
    """
    programme_sort, detail = _programme(data, programme, as_of)
    series = data.sort
    pnos = weights.pno
    score: dict[str, np.ndarray[Any, Any]] = {}
    trends: dict[str, np.ndarray[Any, Any]] = {}
    latest_day = np.full(len(pnos), -1, dtype=np.int64)
    for category in (*_CATEGORIES, _OVERALL):
        index = series.find(pnos, CATEGORY_CODES[category], as_of)
        now = np.asarray(series.values(index), dtype=np.int64)
        score[category] = now
        if listing:  # trends and dates are only shown in the operations' own tables
            before = np.asarray(series.values(series.previous(index)), dtype=np.int64)
            trends[category] = _trend_codes(now, before)
            latest_day = np.maximum(latest_day, np.asarray(series.days(index), dtype=np.int64))
    highest = np.max([score[c] for c in _CATEGORIES], axis=0) if len(pnos) else np.zeros(0, np.int64)
    given = score[_OVERALL]
    suggested = (given == 0) & (highest > 0)
    overall = np.where(given > 0, given, highest)
    operations = _listing(weights, score, trends, latest_day, overall, suggested) if listing else ()
    active = weights.active.astype(bool)
    net = weights.net_units
    total = Decimal(int(net[active].sum())).scaleb(-weights.scale)
    heat: list[HeatRow] = []
    for category in (*_CATEGORIES, _OVERALL):
        levels = overall if category == _OVERALL else score[category]
        cells: dict[str, HeatCell] = {}
        for n, level in enumerate(_LEVEL_CODES, start=1):
            mask = active & (levels == n)
            amount = Decimal(int(net[mask].sum())).scaleb(-weights.scale)
            cells[level] = HeatCell(
                operations=int(mask.sum()),
                net_commitment_usd=amount,
                share=_share(amount, total),
                suggested=int((mask & suggested).sum()) if category == _OVERALL else 0,
            )
        unrated = active & (levels == 0)
        heat.append(
            HeatRow(
                category=category,
                cells=cells,
                unrated_operations=int(unrated.sum()),
                unrated_usd=Decimal(int(net[unrated].sum())).scaleb(-weights.scale),
            )
        )
    high = (
        heat[-1].cells[RiskLevel.SUBSTANTIAL.value].net_commitment_usd
        + heat[-1].cells[RiskLevel.HIGH.value].net_commitment_usd
    )
    return SortView(
        as_of=as_of,
        programme=programme_sort,
        programme_categories=detail,
        operations=operations,
        heat_map=tuple(heat),
        active_net_commitment_usd=total,
        substantial_or_high_usd=high,
        substantial_or_high_share=_share(high, total),
    )
