"""How the reports write figures: thousands separated, money in words, percentages, dates as publications do.

Each figure is written in the language of the report being written
(:data:`cpfkit.reports.language.current_language`): English as the examples show, Russian and
Kazakh as :mod:`cpfkit.language.formatting` writes them (the pages' formats): their own
separators ("5 000 000", "66,7"), money in their words ("4,2 млрд долл. США"), month names and
fiscal-year labels.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from cpfkit.language import formatting as by_language
from cpfkit.reports.language import DEFAULT_LANGUAGE, current_language, gettext

__all__ = [
    "bounded",
    "fixed",
    "figure",
    "figure_unit",
    "fiscal_year",
    "fiscal_years",
    "long_date",
    "millions",
    "money",
    "number",
    "percent",
]


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """A figure as people write it: thousands separated, at most ``places`` decimals, no trailing zeros.

    Examples:
        >>> number(Decimal("5000000")), number(Decimal("66.70")), number(Decimal("3.5600")), number(None)
        ('5,000,000', '66.7', '3.56', '—')
    """
    return by_language.number(value, current_language.get(), places)


def money(value: Decimal | None) -> str:
    """US dollars in words people read: US$4.2 billion, US$650 million, US$84.4 million, US$41,000.

    One decimal at most, none when it is zero: the way amounts are quoted in prose.

    Examples:
        >>> money(Decimal("4200000000")), money(Decimal("41000000")), money(Decimal("84400000"))
        ('US$4.2 billion', 'US$41 million', 'US$84.4 million')
        >>> money(Decimal("25000")), money(Decimal("-650000000"))
        ('US$25,000', '-US$650 million')
    """
    lang = current_language.get()
    return by_language.money(value, lang, billion_places=1 if lang == DEFAULT_LANGUAGE else 2)


def fixed(value: Decimal | float | int, places: int) -> str:
    """A number with exactly ``places`` decimals, grouped, in the report's language.

    Examples:
        >>> fixed(Decimal("1234.5"), 2), fixed(Decimal("0.25"), 0)
        ('1,234.50', '0')
    """
    return by_language.fixed(value, current_language.get(), places)


def millions(value: Decimal | None) -> str:
    """US dollars in millions with one decimal, for tables headed "US$ millions".

    Examples:
        >>> millions(Decimal("84400000")), millions(Decimal("1250000000"))
        ('84.4', '1,250.0')
    """
    return by_language.millions(value, current_language.get(), 1)


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
        return gettext("up to %(figure)s") % {"figure": text}
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
    return by_language.percent(value, current_language.get())


def long_date(value: date | None) -> str:
    """A date as a publication writes it: 30 June 2025 (30 июня 2025 in Russian).

    Examples:
        >>> long_date(date(2025, 6, 30))
        '30 June 2025'
    """
    return by_language.publication_day(value, current_language.get())


def fiscal_year(fy: int) -> str:
    """The short label of a fiscal year in the report's language.

    Examples:
        >>> fiscal_year(2026)
        'FY26'
    """
    return by_language.fiscal_year(fy, current_language.get())


_FY = re.compile(r"\bFY(\d{2})\b")


def fiscal_years(text: str) -> str:
    """Fiscal-year labels within a text ("FY20–FY25") in the report's language.

    Examples:
        >>> fiscal_years("FY20–FY25")
        'FY20–FY25'
    """
    if current_language.get() == DEFAULT_LANGUAGE:
        return text
    return _FY.sub(lambda m: by_language.fiscal_year(2000 + int(m.group(1)), current_language.get()), text)
