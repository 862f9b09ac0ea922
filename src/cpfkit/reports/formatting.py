"""How the reports write figures: thousands separated, money in words, percentages, dates as publications do."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

__all__ = ["bounded", "figure", "figure_unit", "long_date", "millions", "money", "number", "percent"]

_BILLION = Decimal(1_000_000_000)


_MILLION = Decimal(1_000_000)


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """A figure as people write it: thousands separated, at most ``places`` decimals, no trailing zeros.

    Examples:
        >>> number(Decimal("5000000")), number(Decimal("66.70")), number(Decimal("3.5600")), number(None)
        ('5,000,000', '66.7', '3.56', '—')
    """
    if value is None:
        return "—"
    text = f"{Decimal(str(value)):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: Decimal | None) -> str:
    """US dollars in words people read: US$4.2 billion, US$650 million, US$84.4 million, US$41,000.

    One decimal at most, none when it is zero: the way amounts are quoted in prose.

    Examples:
        >>> money(Decimal("4200000000")), money(Decimal("41000000")), money(Decimal("84400000"))
        ('US$4.2 billion', 'US$41 million', 'US$84.4 million')
        >>> money(Decimal("25000")), money(Decimal("-650000000"))
        ('US$25,000', '-US$650 million')
    """
    if value is None:
        return "—"
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= _BILLION:
        return f"{sign}US${f'{size / _BILLION:,.1f}'.removesuffix('.0')} billion"
    if size >= _MILLION:
        return f"{sign}US${f'{size / _MILLION:,.1f}'.removesuffix('.0')} million"
    return f"{sign}US${size:,.0f}"


def millions(value: Decimal | None) -> str:
    """US dollars in millions with one decimal, for tables headed "US$ millions"."""
    return "—" if value is None else f"{value / _MILLION:,.1f}"


def figure(value: Decimal | None, unit: str) -> str:
    """A measured value in its unit: money for USD, a percentage for %, else the number.

    Examples:
        >>> figure(Decimal("41000000"), "USD"), figure(Decimal("66.7"), "%"), figure(Decimal("94000"), "water users")
        ('US$41 million', '66.7%', '94,000')
    """
    if value is None:
        return "—"
    if unit == "USD":
        return money(value)
    if unit == "%":
        return number(value, 1) + "%"
    return number(value)


def bounded(text: str, qualifier: str | None) -> str:
    """A formatted figure with the bound its source states: "1,000+" for a floor, "up to 1,000" for a ceiling.

    Examples:
        >>> bounded("1,000", "at_least"), bounded("US$16.0 million", "at_most"), bounded("94,000", None)
        ('1,000+', 'up to US$16.0 million', '94,000')
    """
    if qualifier == "at_least":
        return f"{text}+"
    if qualifier == "at_most":
        return f"up to {text}"
    return text


def figure_unit(value: Decimal | None, unit: str) -> str:
    """A value with its unit, for prose: 5,000,000 people; 66.7%; US$41 million."""
    text = figure(value, unit)
    if value is None or unit in ("USD", "%"):
        return text
    return f"{text} {unit}"


def percent(value: Decimal | float | None) -> str:
    """A share as a whole percentage.

    Examples:
        >>> percent(Decimal("0.755")), percent(None)
        ('76%', '—')
    """
    return "—" if value is None else f"{Decimal(str(value)) * 100:.0f}%"


def long_date(value: date | None) -> str:
    """A date as a publication writes it: 30 June 2025.

    Examples:
        >>> long_date(date(2025, 6, 30))
        '30 June 2025'
    """
    return "—" if value is None else f"{value.day} {value:%B %Y}"
