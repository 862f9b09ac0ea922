"""How the plan report writes its numbers: money to the cent, values and shares to six places, as decimals."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["num", "usd"]


def usd(x: float | Decimal | None) -> Decimal | None:
    """An amount of US dollars to the cent (None stays None)."""
    return None if x is None else Decimal(str(round(float(x), 2)))


def num(x: float | None, places: int = 6) -> Decimal | None:
    """A value to ``places`` decimal places (None stays None)."""
    return None if x is None else Decimal(str(round(x, places)))
