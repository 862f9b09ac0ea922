"""The figures a quoted sentence states, so that a value marked verified can be checked against its quote.

A value is *verified* only when the sentence of its source that states it is
quoted (``docs/data-format.md``, "sources.yaml"); this module reads the figures
out of such a sentence the way English press and World Bank documents write
them:

* numerals with or without thousands commas and decimals: ``94,000``, ``4.2``, ``35%``;
* a scale word after the number: ``41 million``, ``$4.2 billion``, ``16 thousand``,
  ``US$41M``, ``5 mln``, ``2 bn``;
* number words: ``five million``, ``twenty``, ``three``;
* the qualifier before the number, kept with it: "more than", "over", "at least",
  "in excess of", "exceeding" make the figure a floor; "up to", "less than",
  "fewer than", "under", "at most", "no more than" a ceiling
  (:class:`~cpfkit.model.enums.Qualifier`).

Figures are compared exactly, as decimals: a sentence that says "two-thirds"
states no number (it is not 66.7), so a value derived from it cannot be
verified by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from cpfkit.model.enums import Qualifier

__all__ = ["StatedFigure", "figures_stated", "states"]

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
_FLOOR = ("more than", "over", "at least", "in excess of", "exceeding", "upwards of", "no fewer than", "no less than")
_CEILING = ("up to", "less than", "fewer than", "under", "at most", "no more than", "below")

_NUMBER = r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<word>" + "|".join(_UNITS) + r")"
_SCALE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bn)\b|(?P<suffix>[Mm])\b)?"
_QUALIFIER = r"(?:(?P<qualifier>" + "|".join(q.replace(" ", r"\s+") for q in _FLOOR + _CEILING) + r")\s+)?"
_CURRENCY = r"(?:(?:US)?\$\s*|USD\s*|KZT\s*)?"
_FIGURE = re.compile(
    r"(?<![\w.,])" + _QUALIFIER + _CURRENCY + r"(?:" + _NUMBER + r")(?![\w,]\d)" + _SCALE + r"(?!-\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatedFigure:
    """A figure a sentence states, with the qualifier written before it (None: stated as exact)."""

    value: Decimal
    qualifier: Qualifier | None = None


def _qualifier(text: str | None) -> Qualifier | None:
    if text is None:
        return None
    words = " ".join(text.lower().split())
    return Qualifier.AT_LEAST if words in _FLOOR else Qualifier.AT_MOST


def figures_stated(text: str) -> tuple[StatedFigure, ...]:
    """Every figure a sentence states, in order.

    Examples:
        >>> [(str(f.value), f.qualifier) for f in figures_stated("More than 1,000 enterprises received grants")]
        [('1000', <Qualifier.AT_LEAST: 'at_least'>)]
        >>> [str(f.value) for f in figures_stated("175 startups generated $41 million in sales")]
        ['175', '41000000']
        >>> [(str(f.value), f.qualifier) for f in figures_stated("connectivity for more than five million people")]
        [('5000000', <Qualifier.AT_LEAST: 'at_least'>)]
        >>> [str(f.value) for f in figures_stated("cut costs by 35% and 14 projects worth $4.2 billion")]
        ['35', '14', '4200000000']
        >>> figures_stated("reduced travel time by two-thirds")
        ()
    """
    out: list[StatedFigure] = []
    for match in _FIGURE.finditer(text):
        digits, word = match.group("digits"), match.group("word")
        number = Decimal(digits.replace(",", "")) if digits else Decimal(_UNITS[word.lower()])
        scale = match.group("scale") or match.group("suffix")
        if scale:
            number *= _SCALES[scale.lower()]
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        out.append(StatedFigure(number, _qualifier(match.group("qualifier"))))
    return tuple(out)


def states(text: str, value: Decimal, qualifier: Qualifier | None = None) -> bool:
    """Whether a sentence states the value, with the same qualifier (or none for an exact value).

    Examples:
        >>> states("Irrigation upgrades covered 92,000 hectares", Decimal(92000))
        True
        >>> states("Over 1,000 enterprises received grants", Decimal(1000))
        False
        >>> states("Over 1,000 enterprises received grants", Decimal(1000), Qualifier.AT_LEAST)
        True
        >>> states("water use efficiency for 94,000 users", Decimal(92000))
        False
    """
    return any(f.value == value and f.qualifier == qualifier for f in figures_stated(text))
