"""A message an engine returns instead of a sentence: the English original and the values it names.

An engine (the portfolio flags, the planner, the simulation) does not write sentences in a language;
it returns a :class:`Message` whose ``msgid`` is the English original, marked for the catalogs, and
whose ``params`` are the values, typed so each language writes them its own way::

    Message(N_("Disbursed %(disbursed)s of %(commitment)s by %(when)s."),
            {"disbursed": Money(d), "commitment": Money(c), "when": date(2026, 6, 30)})

:func:`render` writes it where it is shown (a page, a report, the CLI, the API), in the reader's
language: the catalog's translation of ``msgid`` (Kazakh falling back to Russian, then English),
its values written by :mod:`cpfkit.language.formatting`.  ``str(message)`` is the English text.

The values a message can carry:

* ``str``: written as it is (a name, a code);
* ``int``, ``float``, ``Decimal``: a number, grouped (:class:`Number` for a set count of decimals);
* :class:`Money`: US dollars in words (``US$1.53 billion``, ``1,53 млрд долл. США``);
* :class:`Millions`: US dollars in millions, the number only (the message carries the unit);
* :class:`Share`: a percentage (``0.45`` is ``45%``);
* :class:`FiscalYear`: ``FY27``, ``ФГ27``, ``ҚЖ27``;
* :class:`Listing`: several values (clauses, names) one after the other;
* ``date``: the language's medium form (``Nov 26, 2026``);
* a :class:`Message`: rendered in the same language (a status, a rating, a clause).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Union

from cpfkit.language import formatting
from cpfkit.language.catalogs import DEFAULT_LOCALE, gettext, ngettext

__all__ = ["FiscalYear", "Listing", "Message", "Millions", "Money", "Number", "Param", "Share", "counted", "render"]


@dataclass(frozen=True)
class Money:
    """US dollars, written in words and one unit by the language."""

    amount: Decimal


@dataclass(frozen=True)
class Millions:
    """US dollars in millions with ``places`` decimals, the number only: the message's text carries the unit."""

    amount: Decimal
    places: int = 1


@dataclass(frozen=True)
class Number:
    """A number with at most ``places`` decimals (exactly, with ``exact``)."""

    value: Decimal | float | int
    places: int = 2
    exact: bool = False


@dataclass(frozen=True)
class Share:
    """A share (0.45) written as a percentage with at most ``places`` decimals (exactly, with ``exact``)."""

    value: Decimal | float
    places: int = 0
    exact: bool = False


@dataclass(frozen=True)
class Listing:
    """Values written one after the other, joined by ``separator`` (the clauses of a sentence)."""

    items: tuple[Param, ...]
    separator: str = "; "


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year, named by the calendar year it ends in."""

    year: int


_INTEGER = re.compile(r"%\((\w+)\)d")
"""A ``%(num)d`` placeholder: the values arrive written, so it takes them as text."""

Param = Union[str, int, float, Decimal, date, Money, Millions, Number, Share, FiscalYear, Listing, "Message"]
"""A value a message names."""


@dataclass(frozen=True)
class Message:
    """A message in its English original (``msgid``), its values, and for a count its plural form.

    With ``plural`` and ``n``, the singular or plural form is chosen for ``n`` by the language's rule
    (``n`` is also the value ``%(num)s`` if the text names it).
    """

    msgid: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None

    def __str__(self) -> str:
        return render(self, DEFAULT_LOCALE)

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted(self.params.items(), key=lambda kv: kv[0])), self.plural, self.n))


def counted(forms: tuple[str, str], n: int, params: Mapping[str, Param] | None = None) -> Message:
    """A message in its singular and plural forms (marked with ``Nn_``), the form chosen for ``n`` where shown.

    Examples:
        >>> str(counted(("%(num)s flag", "%(num)s flags"), 2)), str(counted(("%(num)s flag", "%(num)s flags"), 1))
        ('2 flags', '1 flag')
    """
    return Message(forms[0], dict(params or {}), forms[1], n)


def _written(value: Param, lang: str) -> str:
    """One value, written in the language."""
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, Money):
        return formatting.money(value.amount, lang)
    if isinstance(value, Millions):
        return formatting.millions(value.amount, lang, value.places)
    if isinstance(value, Number):
        if value.exact:
            return formatting.fixed(value.value, lang, value.places)
        return formatting.number(value.value, lang, value.places)
    if isinstance(value, Share):
        return formatting.percent(value.value, lang, value.places, value.exact)
    if isinstance(value, Listing):
        return value.separator.join(_written(item, lang) for item in value.items)
    if isinstance(value, FiscalYear):
        return formatting.fiscal_year(value.year, lang)
    if isinstance(value, date):
        return formatting.day(value, lang)
    if isinstance(value, bool | str):
        return str(value)
    return formatting.number(value, lang)


def render(message: Message | str, lang: str) -> str:
    """The message in ``lang``: its translation (or the English original), its values written by the language.

    A plain ``str`` is returned as it is, so code that still receives sentences can call this alike.

    Examples:
        >>> m = Message("Disbursed %(done)s of %(all)s.", {"done": Money(Decimal("41000000")), "all": Share(0.5)})
        >>> render(m, "en")
        'Disbursed US$41 million of 50%.'
        >>> render(Message("%(num)s operation", {}, "%(num)s operations", 1200), "en")
        '1,200 operations'
    """
    if isinstance(message, str):
        return message
    values = {key: _written(value, lang) for key, value in message.params.items()}
    if message.plural is not None and message.n is not None:
        text = ngettext(message.msgid, message.plural, message.n, lang)
        values.setdefault("num", formatting.number(message.n, lang))
    else:
        text = gettext(message.msgid, lang)
    return _INTEGER.sub(r"%(\1)s", text) % values if values else text
