"""SORT risk ratings: latest per category, trend since the previous rating, suggested overall, heat map.

Rules (``domain.md`` §1.2; choices in ``docs/definitions.md``):

* the rating of a category on a date is the latest one on or before it; its
  *trend* compares it with the rating before it (``up`` = riskier);
* the overall rating is the team's judgement and is shown as given; where none
  is given, cpfkit *suggests* the highest category rating and marks it so;
* the heat map weighs each active operation by its net commitment.

The ratings come from the portfolio engine's DuckDB tables; the queries are
``sql/sort.sql`` and ``sql/sort_heatmap.sql``.  :func:`sort_view` runs after
:func:`cpfkit.metrics.portfolio.review` on the same connection, whose ``facts``
table gives each active operation's net commitment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from cpfkit.model import RiskLevel, SortCategory
from cpfkit.model.base import Num

__all__ = [
    "CategoryRating",
    "HeatCell",
    "HeatRow",
    "SortView",
    "SubjectSort",
    "sort_view",
    "suggest_overall",
    "trend",
]

_SQL = Path(__file__).parent / "sql"
_LEVELS = tuple(RiskLevel)
_CATEGORIES = tuple(c for c in SortCategory if c is not SortCategory.OVERALL)


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
class CategoryRating:
    """One category's latest rating, the one before it, and the trend between them."""

    rating: str | None
    date: date | None
    previous: str | None
    previous_date: date | None
    trend: str | None
    suggested: bool = False
    illustrative: bool = False


@dataclass(frozen=True)
class SubjectSort:
    """The SORT table of one operation or of the programme, as of a date."""

    subject: str
    date: date | None
    overall: str | None
    overall_suggested: bool
    overall_trend: str | None
    categories: dict[str, CategoryRating]


@dataclass(frozen=True)
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
    operations: tuple[SubjectSort, ...]
    heat_map: tuple[HeatRow, ...]
    active_net_commitment_usd: Num
    substantial_or_high_usd: Num
    substantial_or_high_share: Num | None


def _subject(name: str, rows: Iterable[Mapping[str, Any]]) -> SubjectSort:
    by_category = {r["category"]: r for r in rows}
    categories: dict[str, CategoryRating] = {}
    for category in SortCategory:
        r = by_category.get(category.value)
        if r is None:
            continue
        categories[category.value] = CategoryRating(
            rating=r["rating"],
            date=r["date"],
            previous=r["previous"],
            previous_date=r["previous_date"],
            trend=trend(r["rating"], r["previous"]),
            illustrative=bool(r["illustrative"]),
        )
    rated = [c.rating for k, c in categories.items() if k != SortCategory.OVERALL.value and c.rating]
    overall = categories.get(SortCategory.OVERALL.value)
    suggested = False
    if overall is None:
        level = suggest_overall(r for r in rated if r is not None)
        if level is not None:
            suggested = True
            overall = CategoryRating(level.value, None, None, None, None, suggested=True)
            categories[SortCategory.OVERALL.value] = overall
    dates = [c.date for c in categories.values() if c.date is not None]
    return SubjectSort(
        subject=name,
        date=max(dates) if dates else None,
        overall=overall.rating if overall else None,
        overall_suggested=suggested,
        overall_trend=overall.trend if overall else None,
        categories=categories,
    )


@cache
def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def sort_view(con: duckdb.DuckDBPyConnection, programme: str, as_of: date) -> SortView:
    """SORT ratings as of a date, read from the portfolio engine's tables.

    Args:
        con: a DuckDB connection on which the portfolio review has built its ``facts`` table.
        programme: the programme's id.
        as_of: the date of the ratings.
    """
    con.execute(_sql("sort"), {"programme": programme, "as_of": as_of})
    cursor = con.execute(
        "SELECT subject, category, rating, date, previous, previous_date, illustrative FROM sort_latest "
        "ORDER BY subject, category"
    )
    names = [d[0] for d in cursor.description or ()]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        grouped.setdefault(record["subject"], []).append(record)
    programme_sort = _subject(programme, grouped.pop(programme)) if programme in grouped else None
    operations = tuple(_subject(name, rows) for name, rows in grouped.items())
    [(active_total,)] = con.execute("SELECT coalesce(sum(net_commitment), 0) FROM facts WHERE active").fetchall()
    [(active_count,)] = con.execute("SELECT count(*) FROM facts WHERE active").fetchall()
    cells: dict[str, dict[str, HeatCell]] = {}
    for category, score, count, amount, n_suggested in con.execute(_sql("sort_heatmap")).fetchall():
        level = _LEVELS[int(score) - 1].value
        cells.setdefault(category, {})[level] = HeatCell(
            operations=int(count),
            net_commitment_usd=Decimal(amount),
            share=_share(Decimal(amount), Decimal(active_total)),
            suggested=int(n_suggested),
        )
    heat: list[HeatRow] = []
    for category in (*_CATEGORIES, SortCategory.OVERALL):
        row = cells.get(category.value, {})
        rated_ops = sum(c.operations for c in row.values())
        rated_usd = sum((c.net_commitment_usd for c in row.values()), Decimal(0))
        heat.append(
            HeatRow(
                category=category.value,
                cells={
                    level.value: row.get(level.value, HeatCell(0, Decimal(0), _share(Decimal(0), active_total)))
                    for level in _LEVELS
                },
                unrated_operations=int(active_count) - rated_ops,
                unrated_usd=Decimal(active_total) - rated_usd,
            )
        )
    overall = cells.get(SortCategory.OVERALL.value, {})
    high = sum(
        (overall[x.value].net_commitment_usd for x in (RiskLevel.SUBSTANTIAL, RiskLevel.HIGH) if x.value in overall),
        Decimal(0),
    )
    return SortView(
        as_of=as_of,
        programme=programme_sort,
        operations=operations,
        heat_map=tuple(heat),
        active_net_commitment_usd=Decimal(active_total),
        substantial_or_high_usd=high,
        substantial_or_high_share=_share(high, Decimal(active_total)),
    )


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part / whole).quantize(Decimal("0.0001"))
