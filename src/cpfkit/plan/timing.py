"""When an operation's results are in place: approval mid-year, then the build-up of its contribution links."""

from __future__ import annotations

from datetime import date

from cpfkit.metrics.contributions import delivered_share
from cpfkit.model import fy_bounds

__all__ = ["delivered_share", "mid_year"]


def mid_year(fy: int, start_month: int) -> date:
    """The date cpfkit assumes for an approval in a fiscal year: six months after it starts.

    Examples:
        >>> mid_year(2028, 7)
        datetime.date(2028, 1, 1)
    """
    first = fy_bounds(fy, start_month)[0]
    month = first.month + 6
    return date(first.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
