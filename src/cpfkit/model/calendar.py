"""Fiscal years: one helper for every date-to-FY question.

World Bank fiscal years run 1 July – 30 June and are named by the calendar
year in which they end (FY26 = 2025-07-01 … 2026-06-30).  A programme may
use another calendar by giving another start month; a start month of 1 makes
the fiscal year the calendar year.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["WORLD_BANK_FY_START_MONTH", "fiscal_year", "fy_bounds", "fy_label", "fy_range"]

WORLD_BANK_FY_START_MONTH = 7


def fiscal_year(on: date, start_month: int = WORLD_BANK_FY_START_MONTH) -> int:
    """The fiscal year a date falls in, named by the year in which it ends.

    Examples:
        >>> fiscal_year(date(2025, 7, 1))
        2026
        >>> fiscal_year(date(2026, 6, 30))
        2026
        >>> fiscal_year(date(2026, 3, 1), start_month=1)
        2026
    """
    _check_month(start_month)
    if start_month == 1:
        return on.year
    return on.year + 1 if on.month >= start_month else on.year


def fy_bounds(fy: int, start_month: int = WORLD_BANK_FY_START_MONTH) -> tuple[date, date]:
    """First and last day of a fiscal year.

    Examples:
        >>> fy_bounds(2026)
        (datetime.date(2025, 7, 1), datetime.date(2026, 6, 30))
    """
    _check_month(start_month)
    first = date(fy, 1, 1) if start_month == 1 else date(fy - 1, start_month, 1)
    next_first = date(first.year + 1, first.month, 1)
    return first, next_first - timedelta(days=1)


def fy_range(start: date, end: date, start_month: int = WORLD_BANK_FY_START_MONTH) -> list[int]:
    """Every fiscal year that a period touches, in order.

    Examples:
        >>> fy_range(date(2025, 7, 1), date(2031, 6, 30))
        [2026, 2027, 2028, 2029, 2030, 2031]
    """
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    return list(range(fiscal_year(start, start_month), fiscal_year(end, start_month) + 1))


def fy_label(fy: int) -> str:
    """Short label of a fiscal year, as the World Bank writes it.

    Examples:
        >>> fy_label(2026)
        'FY26'
    """
    return f"FY{fy % 100:02d}"


def _check_month(start_month: int) -> None:
    if not 1 <= start_month <= 12:
        raise ValueError(f"fiscal-year start month must be 1..12, not {start_month}")
