"""How figures are written in each language: numbers, percentages, US dollars, dates, months, fiscal years.

Every function takes the language (``en``, ``ru``, ``kk``; any other is written as English) and
writes by Babel's data for it: ``1,234.5`` in English, ``1 234,5`` in Russian and Kazakh (the group
mark is a no-break space).  Money is in words, in one unit, as publications quote it
(docs/glossary.md, "Figures in words"):

=========  ========================  ==========================  ============================
language   a billion and more        a million and more          below a million
=========  ========================  ==========================  ============================
en         US$1.53 billion           US$41 million               US$41,000
ru         1,53 млрд долл. США       41 млн долл. США            41 000 долл. США
kk         1,53 млрд АҚШ доллары     41 млн АҚШ доллары          41 000 АҚШ доллары
=========  ========================  ==========================  ============================

In Russian and Kazakh a no-break space keeps the number with its scale word (``1,53 млрд``).

A fiscal year (the World Bank's, July to June, named by the year it ends in) is ``FY27``, ``ФГ27``,
``ҚЖ27``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from babel.dates import format_date, format_datetime, get_month_names
from babel.numbers import format_decimal, format_percent

from cpfkit.language.catalogs import LOCALES, babel_locale

__all__ = [
    "NO_VALUE",
    "day",
    "exact_money",
    "fiscal_year",
    "fixed",
    "millions",
    "moment",
    "money",
    "money_millions",
    "money_millions_unit",
    "month_name",
    "number",
    "percent",
    "percent_unit",
    "publication_day",
    "separators",
]

NO_VALUE = "—"
"""What a missing figure is written as, in every language."""

_MILLION = Decimal(1_000_000)
_BILLION = Decimal(1_000_000_000)

_US_DOLLARS: dict[str, tuple[str, str, str, str]] = {
    # language: (before the amount, after it, the word for billions, the word for millions)
    "en": ("US$", "", " billion", " million"),
    "ru": ("", " долл. США", "\u00a0млрд", "\u00a0млн"),
    "kk": ("", " АҚШ доллары", "\u00a0млрд", "\u00a0млн"),
}
_MILLIONS_SHORT = {"en": "M", "ru": "\u00a0млн", "kk": "\u00a0млн"}
_FISCAL_YEAR = {"en": "FY", "ru": "ФГ", "kk": "ҚЖ"}


def _lang(lang: str) -> str:
    return lang if lang in LOCALES else "en"


def _decimal(value: Decimal | float | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def number(value: Decimal | float | int | None, lang: str, places: int = 2) -> str:
    """A figure as people write it: grouped, at most ``places`` decimals, no trailing zeros.

    Examples:
        >>> number(Decimal("5000000"), "en"), number(Decimal("66.70"), "en"), number(Decimal("3.5600"), "ru")
        ('5,000,000', '66.7', '3,56')
        >>> number(None, "kk")
        '—'
    """
    if value is None:
        return NO_VALUE
    pattern = "#,##0" + ("." + "#" * places if places > 0 else "")
    return format_decimal(_rounded(_decimal(value), places), format=pattern, locale=_lang(lang))


def fixed(value: Decimal | float | int | None, lang: str, places: int = 1) -> str:
    r"""A figure with exactly ``places`` decimals, grouped (the columns of a table).

    Examples:
        >>> fixed(Decimal("1234.5"), "en", 2), fixed(Decimal("1234.5"), "ru", 0)
        ('1,234.50', '1\xa0235')
    """
    if value is None:
        return NO_VALUE
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(_rounded(_decimal(value), places), format=pattern, locale=_lang(lang))


def _rounded(value: Decimal, places: int) -> Decimal:
    """Half away from zero, as people round (Babel would round half to even); a value too long to round as it is."""
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


def percent(share: Decimal | float | None, lang: str, places: int = 0, exact: bool = False) -> str:
    r"""A share (0.45) as a percentage in the language's pattern, at most ``places`` decimals (exactly, with ``exact``).

    Examples:
        >>> percent(Decimal("0.456"), "en"), percent(Decimal("0.456"), "en", 1), percent(Decimal("0.456"), "ru")
        ('46%', '45.6%', '46\xa0%')
        >>> percent(None, "kk"), percent(Decimal("0.4"), "en", 1, exact=True)
        ('—', '40.0%')
    """
    if share is None:
        return NO_VALUE
    pattern = str(babel_locale(_lang(lang)).percent_formats[None].pattern)
    if places > 0:
        pattern = pattern.replace("#,##0", "#,##0." + ("0" if exact else "#") * places, 1)
    shown = _rounded(_decimal(share) * 100, places) / 100
    return format_percent(shown, format=pattern, locale=_lang(lang))


def money(amount: Decimal | float | int | None, lang: str, billion_places: int = 2) -> str:
    """US dollars in words, in one unit: billions with up to ``billion_places`` decimals, millions with up to one.

    Examples:
        >>> money(Decimal("1531000000"), "en"), money(Decimal("41000000"), "en"), money(Decimal("25000"), "en")
        ('US$1.53 billion', 'US$41 million', 'US$25,000')
        >>> money(Decimal("-650000000"), "en")
        '-US$650 million'
    """
    if amount is None:
        return NO_VALUE
    value = _decimal(amount)
    before, after, billions, millions_word = _US_DOLLARS[_lang(lang)]
    sign, size = ("-" if value < 0 else ""), abs(value)
    if size >= _BILLION:
        text = number(size / _BILLION, lang, billion_places) + billions
    elif size >= _MILLION:
        text = number(size / _MILLION, lang, 1) + millions_word
    else:
        text = number(size, lang, 0)
    return f"{sign}{before}{text}{after}"


def exact_money(amount: Decimal | float | int | None, currency: str, lang: str) -> str:
    """An amount to the cent as recorded (a record's history): US dollars by the language, others by their code.

    Examples:
        >>> exact_money(Decimal("1531000000"), "USD", "en"), exact_money(Decimal("1531000000.5"), "KZT", "en")
        ('US$1,531,000,000', '1,531,000,000.5 KZT')
    """
    if amount is None:
        return NO_VALUE
    value = _decimal(amount)
    text = number(abs(value), lang, 10)
    sign = "-" if value < 0 else ""
    if currency == "USD":
        before, after, _, _ = _US_DOLLARS[_lang(lang)]
        return f"{sign}{before}{text}{after}"
    return f"{sign}{text} {currency}"


def millions(amount: Decimal | float | int | None, lang: str, places: int = 1) -> str:
    r"""US dollars in millions with exactly ``places`` decimals, for columns headed "US$ millions".

    Examples:
        >>> millions(Decimal("1234500000"), "en"), millions(Decimal("1234500000"), "ru", 0)
        ('1,234.5', '1\xa0235')
    """
    if amount is None:
        return NO_VALUE
    return fixed(_decimal(amount) / _MILLION, lang, places)


def money_millions(amount: Decimal | float | int | None, lang: str, places: int = 0) -> str:
    """US dollars in millions with the unit, short, for tight places: ``US$1,234M``, ``1 234 млн долл. США``.

    Examples:
        >>> money_millions(Decimal("1234000000"), "en"), money_millions(Decimal("-5000000"), "en")
        ('US$1,234M', '-US$5M')
    """
    if amount is None:
        return NO_VALUE
    value = _decimal(amount)
    sign = "-" if value < 0 else ""
    return sign + money_millions_unit(millions(abs(value), lang, places), lang)


def money_millions_unit(text: str, lang: str) -> str:
    r"""A number of US$ millions already written (or a chart's placeholder for one) with the unit around it.

    Examples:
        >>> money_millions_unit("%{y:,.0f}", "en"), money_millions_unit("%{y:,.0f}", "kk")
        ('US$%{y:,.0f}M', '%{y:,.0f}\xa0млн АҚШ доллары')
    """
    before, after, _, _ = _US_DOLLARS[_lang(lang)]
    return f"{before}{text}{_MILLIONS_SHORT[_lang(lang)]}{after}"


def percent_unit(text: str, lang: str) -> str:
    r"""A number of percent already written (or a chart's placeholder for one) with the sign as the language puts it.

    Examples:
        >>> percent_unit("%{x:.0f}", "en"), percent_unit("%{x:.0f}", "ru"), percent_unit("", "ru")
        ('%{x:.0f}%', '%{x:.0f}\xa0%', '\xa0%')
    """
    return percent(Decimal(0), lang).replace("0", text, 1)


def day(value: date | None, lang: str, form: Literal["short", "medium", "long", "full"] = "medium") -> str:
    """A date in the language's ``short``, ``medium`` or ``long`` form: ``Nov 26, 2026``, ``26 нояб. 2026 г.``.

    Examples:
        >>> day(date(2026, 11, 26), "en"), day(date(2026, 11, 26), "en", "long")
        ('Nov 26, 2026', 'November 26, 2026')
    """
    return NO_VALUE if value is None else format_date(value, format=form, locale=_lang(lang))


def publication_day(value: date | None, lang: str) -> str:
    """A date as a publication writes it, day first: ``30 June 2025``, ``30 июня 2025``.

    Examples:
        >>> publication_day(date(2025, 6, 30), "en"), publication_day(date(2025, 6, 30), "ru")
        ('30 June 2025', '30 июня 2025')
    """
    return NO_VALUE if value is None else str(format_date(value, "d MMMM y", locale=_lang(lang)))


def moment(value: datetime | None, lang: str) -> str:
    """A moment (date and time) in the language's medium form, in the time zone it carries."""
    if value is None:
        return NO_VALUE
    return format_datetime(value, format="medium", tzinfo=value.tzinfo, locale=_lang(lang))


def month_name(month: int, lang: str, form: Literal["abbreviated", "narrow", "wide"] = "wide") -> str:
    """A month's name standing alone (a column heading): ``January``, ``январь``, ``Қаңтар``; ``abbreviated`` short.

    Examples:
        >>> month_name(1, "en"), month_name(1, "ru"), month_name(1, "kk")
        ('January', 'январь', 'Қаңтар')
    """
    names = get_month_names(form, context="stand-alone", locale=_lang(lang))
    return str(names[month])


def fiscal_year(year: int, lang: str) -> str:
    """A fiscal year's short label, named by the calendar year it ends in: ``FY27``, ``ФГ27``, ``ҚЖ27``.

    Examples:
        >>> fiscal_year(2027, "en"), fiscal_year(2027, "ru"), fiscal_year(2027, "kk")
        ('FY27', 'ФГ27', 'ҚЖ27')
    """
    return f"{_FISCAL_YEAR[_lang(lang)]}{year % 100:02d}"


def separators(lang: str) -> str:
    r"""The decimal mark, then the group mark, of a language (Plotly's ``layout.separators``).

    Examples:
        >>> separators("en"), separators("ru")
        ('.,', ',\xa0')
    """
    symbols = babel_locale(_lang(lang)).number_symbols["latn"]
    return str(symbols["decimal"]) + str(symbols["group"])
