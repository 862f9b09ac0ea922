"""The SORT table of the programme itself, read from the copy with ``sql/sort.sql``."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from cpfkit.model import SortCategory
from cpfkit.risk.sort_rules import LEVEL_CODES, OVERALL, suggest_overall, trend
from cpfkit.risk.sort_tables import CategoryRating, SubjectSort
from cpfkit.store.analytics import PortfolioData

__all__ = ["programme_sort"]

_SQL = Path(__file__).parent / "sql"


@cache
def _sql(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text(encoding="utf-8")


def programme_sort(
    data: PortfolioData, programme: str, as_of: date
) -> tuple[SubjectSort | None, dict[str, CategoryRating]]:
    """The programme's own SORT table as of a date, and each category's rating with the one before it."""
    cursor = data.con.execute(_sql("sort"), {"programme": programme, "as_of": as_of, "levels": list(LEVEL_CODES)})
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
    given = detail.get(OVERALL)
    categories = {k: v for k, v in detail.items() if k != OVERALL}
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
