"""Numbers typed into the dashboard's forms: read in the page's language, refused in words of that language.

Every form field that takes a number reads it here, through the one number
parser (:mod:`cpfkit.model.number_parser`) in the conventions of the page's
language: ``75,5`` on a Russian or Kazakh page is 75.5; on an English page it
is refused with the hint ``75.5``.  Amounts are then held to the ceiling and
the cents of :func:`cpfkit.model.money.check_amount`.  A value a form shows is
written by :func:`shown` so that sending the form back unchanged reads the
same number.
"""

from __future__ import annotations

from decimal import Decimal

from cpfkit.errors import DataError
from cpfkit.language import formatting
from cpfkit.model.money import MAX_AMOUNT, AmountError, check_amount
from cpfkit.model.number_parser import NumberError, parse_number, write_number
from cpfkit.web.i18n import current_locale
from cpfkit.web.i18n import gettext as _

__all__ = ["amount_message", "form_amount", "form_number", "number_message", "shown"]


def _language() -> str:
    return current_locale.get()


def number_message(exc: NumberError) -> str:
    """Why a typed number was refused, and how to write it, in the page's language."""
    text = exc.text.strip()
    hints = exc.hints
    if exc.code == "ambiguous" and len(hints) == 2:
        return _("“%(text)s” could be read as %(first)s or as %(second)s: write the one you mean") % {
            "text": text,
            "first": hints[0],
            "second": hints[1],
        }
    if exc.code == "ambiguous" and hints:
        return _("“%(text)s” mixes the decimal marks of two languages: write %(hint)s") % {
            "text": text,
            "hint": hints[0],
        }
    if exc.code == "decimal-comma" and hints:
        return _("“%(text)s” has a decimal comma, which English pages do not use: write %(hint)s") % {
            "text": text,
            "hint": hints[0],
        }
    if exc.code == "exponent" and hints:
        return _("“%(text)s” is in exponent notation: write the number in full, %(hint)s") % {
            "text": text,
            "hint": hints[0],
        }
    if hints:
        return _("“%(text)s” is not a number as written: write %(hint)s") % {"text": text, "hint": hints[0]}
    return _("“%(text)s” is not a number") % {"text": text}


def amount_message(exc: AmountError, scale: Decimal = Decimal(1)) -> str:
    """Why an amount was refused (above the ceiling, or finer than cents), in the page's language.

    ``scale`` is the unit the form takes amounts in (a million for "US$ millions").
    """
    if exc.code == "too-large":
        return _("above the ceiling of %(ceiling)s for a single amount") % {
            "ceiling": formatting.number(MAX_AMOUNT / scale, _language(), 3)
        }
    if exc.code == "too-precise":
        return _("more decimals than the field keeps: nothing is rounded, give at most %(places)s") % {
            "places": exc.places + scale.adjusted()
        }
    return _("not a finite number")


def form_number(text: str | None, field: str) -> Decimal | None:
    """The number typed in a form field, read in the page's language; None when the field is blank.

    Raises:
        DataError: not a number, or not one beyond doubt (``field`` names the field; the message is translated).
    """
    if text is None or not text.strip():
        return None
    try:
        return parse_number(text, _language())
    except NumberError as exc:
        raise DataError(number_message(exc), field=field) from None


def form_amount(text: str | None, field: str, scale: Decimal = Decimal(1)) -> Decimal | None:
    """An amount typed in a form in units of ``scale`` (a million for "millions"), as a full amount.

    Raises:
        DataError: not a number, above the ceiling, or finer than cents (translated; ``field`` names the field).
    """
    value = form_number(text, field)
    if value is None:
        return None
    amount = value * scale
    try:
        return check_amount(amount)
    except AmountError as exc:
        raise DataError(amount_message(exc, scale), field=field) from None


def shown(value: Decimal | None, scale: Decimal = Decimal(1)) -> str:
    """A value as a form field shows it: the page language's decimal mark, no grouping, read back unchanged."""
    if value is None:
        return ""
    number = value / scale
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return write_number(number, _language())
