"""The templates of every page, with the filters and translation callables they use.

Every page module renders through :data:`templates`, so that filters and the
locale apply to all pages alike.  Numbers and dates are written in the
request's locale (babel): ``1,234.5`` in English, ``1 234,5`` in Russian and
Kazakh; ``Nov 26, 2026`` and ``26 нояб. 2026 г.``.

The forms are :mod:`cpfkit.language.formatting`'s, the same as the reports' and the CLI's.

Filters: ``millions`` (a US$ amount in millions, digits after the point),
``usd_m`` (the same with its unit: ``US$1,234M``, ``1 234 млн долл. США``), ``figure``
(a measured value; with its unit, money in words: ``US$41 million``, ``41 млн долл. США``),
``percent``, ``day`` (a date), ``fy`` (a fiscal year: ``FY27``, ``ФГ27``),
``lookup`` (codes to names), ``shown`` (an engine's message in the reader's language).  The global ``term(key)``
writes the label of a figure of the glossary (:mod:`cpfkit.model.figures`) with
its definition one hover away.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from cpfkit.language import formatting
from cpfkit.model.figures import term as glossary_term
from cpfkit.web import i18n
from cpfkit.web.history import readable
from cpfkit.web.i18n import _, shown
from cpfkit.web.language import lang_url

__all__ = [
    "figure",
    "fy",
    "millions",
    "percent",
    "percent_unit",
    "plotly_separators",
    "templates",
    "term",
    "usd_m",
    "usd_m_unit",
]

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _loc() -> str:
    return i18n.current_locale.get()


def millions(value: Decimal | None, digits: int = 1) -> str:
    """A US$ amount in millions, grouped and with ``digits`` decimals in the current locale."""
    return formatting.millions(value, _loc(), digits)


def usd_m(value: Decimal | None, digits: int = 0) -> str:
    """A US$ amount in millions with its unit: ``US$1,234M`` (``1 234 млн долл. США`` in Russian)."""
    return formatting.money_millions(value, _loc(), digits)


def usd_m_unit(text: str) -> str:
    """A number of US$ millions already written, or a chart's placeholder for one, with the unit around it."""
    return formatting.money_millions_unit(text, _loc())


def percent_unit(text: str) -> str:
    """A number of percent already written, or a chart's placeholder for one, with the sign as the language puts it."""
    return formatting.percent_unit(text, _loc())


def figure(value: Decimal | None, unit: str | None = None) -> str:
    """A measured value: whole numbers without decimals, others with one.

    With ``unit="USD"`` the value is money, written in words in one unit as the reports write it:
    ``US$41 million``, ``US$4.2 billion`` (``41 млн долл. США`` in Russian); below a million, whole dollars.
    """
    if value is None:
        return _("no data")
    if unit == "USD":
        return formatting.money(value, _loc())
    return formatting.number(value, _loc(), 1)


def bounded(text: str, qualifier: str | None) -> str:
    """A shown figure with the bound its source states: ``1,000+`` for a floor, ``up to 1,000`` for a ceiling."""
    if qualifier == "at_least":
        return _("%(value)s+") % {"value": text}
    if qualifier == "at_most":
        return _("up to %(value)s") % {"value": text}
    return text


def percent(value: Decimal | None) -> str:
    """A share as a whole percentage (``45%``)."""
    return formatting.percent(value, _loc())


def day(value: date | None) -> str:
    """A date in the locale's medium form (``Nov 26, 2026``; ``26 нояб. 2026 г.``)."""
    return formatting.day(value, _loc())


def fy(year: int) -> str:
    """A fiscal year's short label (``FY27``; ``ФГ27`` in Russian)."""
    return formatting.fiscal_year(year, _loc())


def plotly_separators() -> str:
    """Plotly's ``layout.separators`` for the current locale: the decimal mark, then the thousands one."""
    return formatting.separators(_loc())


def term(key: str) -> Markup:
    """The label of a glossary figure in the reader's language, its definition in ``title`` (one hover away)."""
    t = glossary_term(key)
    return Markup('<abbr class="term" data-term="{0}" title="{1}">{2}</abbr>').format(key, _(t.definition), _(t.label))


def code_spans(text: str | None) -> Markup:
    """Text whose `backticked` words (commands, names) are shown as code, never as literal backticks.

    Everything else is escaped: the text comes from the engines, not from a template.
    """
    parts = escape(text or "").split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: nothing to pair it with, show the text as it is
        return escape(text or "")
    return Markup("").join(Markup("<code>{0}</code>").format(p) if i % 2 else p for i, p in enumerate(parts))


_URL = re.compile(r"https?://[^\s()<>]+")


def source_link(text: str | None) -> Markup:
    """A source as the pages cite it: its public address as a link, the words around it as they are.

    A source is an address, or a description that contains one ("World Bank Projects API record P1 (https://…)");
    only the address is ever a link's target, never the description.
    """
    text = text or ""
    match = _URL.search(text)
    if match is None:
        return escape(text)
    url = match.group(0)
    link = Markup('<a href="{0}" rel="noreferrer">{0}</a>').format(url)
    return escape(text[: match.start()]) + link + escape(text[match.end() :])


def _lookup(codes: tuple[str, ...], names: dict[str, str]) -> list[str]:
    return [names.get(code, code) for code in codes]


templates.env.filters.update(
    millions=millions, usd_m=usd_m, figure=figure, percent=percent, fy=fy, day=day, lookup=_lookup
)
templates.env.filters["bounded"] = bounded  # a published floor or ceiling (docs/definitions.md)
templates.env.filters["code_spans"] = code_spans
templates.env.filters["shown"] = shown  # an engine's message (cpfkit.language.message) in the reader's language
templates.env.filters["source_link"] = source_link
templates.env.filters["history"] = readable  # audit entries as ``label: old → new`` (cpfkit.web.history)
templates.env.globals["lang_url"] = lang_url
templates.env.globals["term"] = term
i18n.install(templates.env)
