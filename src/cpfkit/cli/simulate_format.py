"""How ``cpfkit simulate`` writes its figures: shares as percentages, changes as points, values short."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.language import formatting

__all__ = ["day", "delta_money", "delta_pct", "pct", "short", "value_text"]


def pct(value: float | None) -> str:
    """A share as a whole percentage (— for none)."""
    return formatting.percent(value, "en")


def delta_pct(value: float | None) -> str:
    """A change of a share in percentage points, signed (±0 for none)."""
    if value is None:
        return "—"
    points = round(value * 100)
    return "±0" if points == 0 else f"{points:+d}"


def delta_money(value: Decimal) -> str:
    """A change of US dollars in millions, signed, one decimal (±0 under 50,000)."""
    millions = value / Decimal(1_000_000)
    return (
        "±0" if abs(millions) < Decimal("0.05") else ("+" if millions > 0 else "") + formatting.fixed(millions, "en", 1)
    )


def value_text(value: float | None) -> str:
    """An indicator's value for people: 2.30 M, 1,123, 13.5."""
    if value is None:
        return "—"
    size = abs(value)
    if size >= 1e9:
        return formatting.fixed(value / 1e9, "en", 2) + " bn"
    if size >= 1e6:
        return formatting.fixed(value / 1e6, "en", 2) + " M"
    if size >= 1000:
        return formatting.fixed(value, "en", 0)
    return f"{value:.3g}"


def short(text: str, width: int = 46) -> str:
    """The text cut to ``width`` characters, with an ellipsis when it is longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def day(value: date | None) -> str:
    """A date as YYYY-MM-DD (— for none)."""
    return value.isoformat() if value else "—"
