"""How the simulation report rounds: money to the whole US dollar, probabilities and shares to four places."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["dollars", "share"]


def dollars(value: float) -> Decimal:
    """An amount of US dollars, rounded to the dollar."""
    return Decimal(round(value))


def share(value: float | None) -> float | None:
    """A probability or a share of runs, to four places (None stays None)."""
    return None if value is None else round(value, 4)
