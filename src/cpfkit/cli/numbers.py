"""Numbers and dates at the command line: read in the user's conventions, US dollars written for people."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import typer

from cpfkit.errors import DataError
from cpfkit.language import formatting

__all__ = ["cli_number", "money", "number_language", "parse_date"]


def money(value: Decimal | None, *, millions: bool = True) -> str:
    """US dollars for people: ``1,068.0`` (millions) or ``—`` when unknown."""
    if value is None:
        return "—"
    if millions:
        return formatting.millions(value, "en", 1)
    return formatting.fixed(value, "en", 0)


def parse_date(value: str | None) -> date | None:
    """An ISO date given on the command line."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


def number_language(given: str | None = None) -> str:
    """The language whose conventions numbers typed at the command line follow.

    ``given`` (a ``--lang`` option) if any, else the POSIX locale of numbers:
    ``LC_ALL``, then ``LC_NUMERIC``, then ``LANG`` (``ru_RU.UTF-8`` is Russian,
    ``kk_KZ.UTF-8`` Kazakh); English for any other (``C``, ``en_US``, ``de_DE``:
    their readers' decimal commas are then refused with a hint, never misread).

    Raises:
        DataError: ``given`` is not a language cpfkit reads numbers in.
    """
    from cpfkit.model.number_parser import LANGUAGES

    if given is not None:
        if given not in LANGUAGES:
            raise DataError(f"no number conventions for {given!r}: give one of {', '.join(LANGUAGES)}", field="--lang")
        return given
    for name in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def cli_number(text: str, option: str, language: str | None = None) -> Decimal:
    """A number given to an option, read by the one number parser in :func:`number_language`.

    Raises:
        DataError: not a number, or not one beyond doubt (names the option, says how to write it).
    """
    from cpfkit.model.number_parser import NumberError, parse_number

    try:
        return parse_number(text, number_language(language))
    except NumberError as exc:
        raise DataError(str(exc), field=option) from None
