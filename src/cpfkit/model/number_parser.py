"""Reading a number as a person or a file wrote it: one parser for every input path.

A number is read in the conventions of a language (``"en"``, ``"ru"``,
``"kk"``) or, for cpfkit's own file formats and the API, in the neutral
format (``language=None``).  The rules (``docs/data-format.md``, "Numbers")
are chosen so that nothing is ever read differently from what was meant:
whenever a text could mean two numbers, it is refused with a hint that shows
how to write each.

* **Neutral** (programme folders, API strings, CSV files): the fixed
  ``.``-decimal format, read by the English rules below whatever the
  reader's language; plainly ``-1234.5``.
* **English**: ``.`` marks the decimals; ``,`` and spaces group thousands in
  threes (``1,234,567.5``, ``1 234.5``).  A single comma is refused:
  ``75,5`` is a decimal comma (write ``75.5``), and ``1,234`` could be a
  thousand or one and a fraction.
* **Russian and Kazakh**: ``,`` marks the decimals; spaces (ordinary,
  no-break U+00A0, narrow no-break U+202F, thin U+2009) group thousands
  (``1 234,5``).  A single point is read as the decimal mark when it cannot
  be a thousands separator (``75.5``); ``1.234`` is refused as doubtful.
* In every language, grouping in the other language's style is read only
  where it cannot be a decimal mark (``1,234,567`` in Russian,
  ``1.234,5`` in Russian; ``1.234,5`` in English mixes the two and is
  refused).
* Everywhere: a leading ``-``, ``+`` or ``−`` (U+2212) sign; digits 0–9
  only; no ``inf`` or ``nan``.  Exponent notation (``5e9``) only in the
  neutral format, where a file or a program wrote it; typed by a person
  (``1.23457E+11``, a spreadsheet's rounded display, copied) it is refused
  with the number in full as the hint; a group separator only between groups of three
  digits, before the decimal mark; the decimal mark once, with digits after it.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["LANGUAGES", "NumberError", "parse_number", "write_number"]

LANGUAGES = ("en", "ru", "kk")
"""The languages whose conventions the parser knows."""

_SPACES = " \u00a0\u202f\u2009"
_MINUS = "-\u2212"
_BODY = re.compile(r"^[0-9., ]+$")
_EXPONENT = re.compile(r"^[+\-\u2212]?[0-9.,]*[0-9][eE][+\-]?[0-9]+$")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:X[0-9]{3})+$")
_PLAIN_EXPONENT = re.compile(r"^[+\-\u2212]?[0-9]+(?:\.[0-9]+)?[eE][+\-]?[0-9]{1,3}$")


class NumberError(ValueError):
    """A text that is not a number, or not one number beyond doubt.

    Attributes:
        text: the text as given.
        code: what is wrong: ``empty``, ``not-a-number``, ``exponent``,
            ``ambiguous``, ``decimal-comma``, ``grouping``, ``not-finite``.
        hints: how to write the number(s) the text may have meant, in the
            language's own convention.
    """

    def __init__(self, text: str, code: str, reason: str, hints: tuple[str, ...] = ()) -> None:
        self.text = text
        self.code = code
        self.reason = reason
        self.hints = hints
        shown = text if len(text) <= 40 else text[:40] + "…"
        hint = f" (write {' or '.join(hints)})" if hints else ""
        super().__init__(f"{shown!r} {reason}{hint}")


def write_number(value: Decimal, language: str | None = None) -> str:
    """A number as the parser reads it back: plain digits, the language's decimal mark, no grouping.

    Examples:
        >>> write_number(Decimal("1234.50"), "ru"), write_number(Decimal("-75.5"))
        ('1234,50', '-75.5')
    """
    text = format(value, "f")
    return text.replace(".", ",") if language in ("ru", "kk") else text


def _decimal(integer: str, fraction: str, negative: bool) -> Decimal:
    value = Decimal(f"{integer or '0'}.{fraction}" if fraction else integer or "0")
    return -value if negative else value


def parse_number(text: str, language: str | None = None) -> Decimal:
    """The number written in ``text``, read in the conventions of ``language`` (None: the neutral format).

    Args:
        text: the number as typed or found in a file.
        language: ``"en"``, ``"ru"``, ``"kk"``, or None for cpfkit's own formats.

    Returns:
        The exact number.

    Raises:
        NumberError: the text is not a number, or could mean more than one.

    Examples:
        >>> parse_number("75,5", "ru"), parse_number("1 234,5", "kk"), parse_number("1,234.5", "en")
        (Decimal('75.5'), Decimal('1234.5'), Decimal('1234.5'))
        >>> parse_number("-0.25")
        Decimal('-0.25')
        >>> parse_number("75,5", "en")
        Traceback (most recent call last):
        ...
        cpfkit.model.number_parser.NumberError: '75,5' uses a decimal comma (write 75.5)
        >>> parse_number("1.234", "ru")
        Traceback (most recent call last):
        ...
        cpfkit.model.number_parser.NumberError: '1.234' could be a thousand or a decimal (write 1234 or 1,234)
    """
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"no number conventions for language {language!r}")
    raw = text
    text = "".join(" " if c in _SPACES else c for c in text).strip(" \t\r\n")
    if not text:
        raise NumberError(raw, "empty", "is empty")
    negative = text[0] in _MINUS
    body = text[1:] if text[0] in _MINUS + "+" else text
    if body.casefold() in ("inf", "infinity", "nan", "snan"):
        raise NumberError(raw, "not-finite", "is not a finite number")
    if _EXPONENT.match(text):
        if language is None and _PLAIN_EXPONENT.match(text):
            return Decimal(text.replace("\u2212", "-"))  # 5e9 in a file or the API: exact, as written
        raise NumberError(raw, "exponent", "is in exponent notation", _exponent_hint(text, language))
    if not _BODY.match(body) or not any(c.isdigit() for c in body):
        raise NumberError(raw, "not-a-number", "is not a number")
    mark, other = (".", ",") if language in (None, "en") else (",", ".")
    rules = _Rules(raw, "-" if negative else "", mark, other, language or "en")
    integer, fraction = rules.split(body)
    return _decimal(integer, fraction, negative)


def _exponent_hint(text: str, language: str | None) -> tuple[str, ...]:
    try:
        value = Decimal(text.replace("\u2212", "-").replace(",", "."))
    except ArithmeticError:
        return ()
    return (write_number(value, language),) if value.is_finite() and abs(value.adjusted()) < 40 else ()


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


class _Rules:
    """The reading of one text: its sign, the language's decimal mark and the other mark."""

    def __init__(self, raw: str, sign: str, mark: str, other: str, language: str | None) -> None:
        self.raw, self.sign, self.mark, self.other, self.language = raw, sign, mark, other, language

    def show(self, integer: str, fraction: str = "") -> str:
        """How the number is written in the language, without grouping."""
        return self.sign + (integer or "0") + (self.mark + fraction if fraction else "")

    def refuse(self, code: str, reason: str, *hints: str) -> NumberError:
        """The error for this text, with the hints that are not empty."""
        return NumberError(self.raw, code, reason, tuple(h for h in hints if h))

    def doubtful(self, head: str, tail: str) -> NumberError:
        """``head<separator>tail`` with three digits in ``tail``: a thousands separator or a decimal mark."""
        digits = _digits(head)
        return self.refuse(
            "ambiguous", "could be a thousand or a decimal", self.show(digits + tail), self.show(digits, tail)
        )

    def split(self, body: str) -> tuple[str, str]:
        """The integer and fraction digits of the text."""
        mark, other = self.mark, self.other
        if mark in body:
            if body.count(mark) > 1 and other not in body:
                if " " in body:
                    raise self.refuse("not-a-number", f"has {mark!r} more than once")
                return self.integer(body, allow=mark), ""  # 1.234.567 in English, 1,234,567 in Russian
            head, _, fraction = body.rpartition(mark)
            if not fraction:
                raise self.refuse("not-a-number", "ends with its decimal mark", self.show(_digits(head)))
            if not fraction.isdigit() or mark in head:
                last = max(body.rfind(other), body.rfind(" "), body.rfind(mark))
                raise self.refuse(
                    "ambiguous",
                    "mixes the conventions of two languages",
                    self.show(_digits(body[:last]), _digits(body[last + 1 :])),
                )
            return self.integer(head, allow=other), fraction
        if other in body:
            if body.count(other) > 1:
                if " " in body:
                    raise self.refuse("grouping", "mixes thousands separators", self.show(_digits(body)))
                return self.integer(body, allow=other), ""  # 1,234,567 in English, 1.234.567 in Russian
            head, _, tail = body.partition(other)
            if not tail:
                raise self.refuse("not-a-number", "ends with its decimal mark", self.show(_digits(head)))
            if not tail.isdigit():
                raise self.refuse("grouping", "mixes thousands separators", self.show(_digits(body)))
            if len(tail) == 3 and self._could_group(head):
                raise self.doubtful(head, tail)
            if self.language == "en":
                raise self.refuse("decimal-comma", "uses a decimal comma", self.show(_digits(head), tail))
            return self.integer(head, allow=" "), tail  # 75.5 in Russian: a decimal point
        return self.integer(body, allow=" "), ""

    def _could_group(self, head: str) -> bool:
        digits = head.replace(" ", "")
        return bool(digits) and not digits.startswith("0") and (len(digits) <= 3 or self._grouped(head, " "))

    @staticmethod
    def _grouped(part: str, separator: str) -> bool:
        return separator in part and bool(_GROUPED.match(part.replace(separator, "X")))

    def integer(self, part: str, *, allow: str) -> str:
        """The digits of the integer part, checking its grouping (spaces, or ``allow``) in threes."""
        separators = {c for c in part if not c.isdigit()}
        if not separators:
            return part
        if len(separators) > 1 or not separators <= {" ", allow}:
            raise self.refuse("grouping", "mixes thousands separators", self.show(_digits(part)))
        if not self._grouped(part, separators.pop()):
            raise self.refuse("grouping", "groups digits other than in threes", self.show(_digits(part)))
        return _digits(part)
