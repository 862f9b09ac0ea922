"""When an operation's results are in place: approval mid-year, then a straight-line build-up over its lag."""

from __future__ import annotations

from datetime import date

from cpfkit.model import fy_bounds

__all__ = ["delivered_share", "mid_year"]

_DAYS_PER_YEAR = 365.25


def mid_year(fy: int, start_month: int) -> date:
    """The date cpfkit assumes for an approval in a fiscal year: six months after it starts.

    Examples:
        >>> mid_year(2028, 7)
        datetime.date(2028, 1, 1)
    """
    first = fy_bounds(fy, start_month)[0]
    month = first.month + 6
    return date(first.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def delivered_share(approval: date, lag_years: float, target: date) -> float:
    """Share of a contribution in place by the target date, building up over ``lag_years`` from approval.

    Examples:
        >>> round(delivered_share(date(2028, 1, 1), 4.0, date(2031, 6, 30)), 3)
        0.873
        >>> delivered_share(date(2028, 1, 1), 0.0, date(2027, 6, 30))
        0.0
    """
    if lag_years <= 0:
        return 1.0 if approval <= target else 0.0
    years = (target - approval).days / _DAYS_PER_YEAR
    return min(1.0, max(0.0, years / lag_years))
