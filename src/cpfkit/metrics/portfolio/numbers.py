"""The review's exact figures: rounding half-even, ratios, integer money units back to US dollars."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

__all__ = ["money", "ratio", "round_to"]


def round_to(value: Decimal | float | None, places: int) -> Decimal | None:
    """A figure rounded half-even to ``places`` decimals, as an exact decimal (None stays None).

    Examples:
        >>> round_to(Decimal(150) / Decimal(1238), 4), round_to(2.54999, 1)
        (Decimal('0.1212'), Decimal('2.5'))
    """
    if value is None:
        return None
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def ratio(numerator: Decimal | int, denominator: Decimal | int, places: int = 4) -> Decimal | None:
    """``numerator / denominator`` rounded to ``places`` decimals, or None when the denominator is zero.

    Examples:
        >>> ratio(388, 2038), ratio(1, 0)
        (Decimal('0.1904'), None)
    """
    if not denominator:
        return None
    return round_to(Decimal(numerator) / Decimal(denominator), places)


def money(values: Any, scale: int) -> Decimal:
    """Integer units of ``10**-scale`` US dollars as an exact decimal amount."""
    return Decimal(int(values)).scaleb(-scale)
