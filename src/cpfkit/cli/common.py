"""What every command shares: the store, error reporting, JSON and table output."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from cpfkit.errors import CpfkitError, DataError

if TYPE_CHECKING:  # imported where used: `cpfkit --help` must not load the program (docs/performance.md)
    from cpfkit.store import Store

__all__ = [
    "CliState",
    "cli_number",
    "console",
    "err",
    "fail_on_error",
    "label",
    "print_definitions",
    "money",
    "number_language",
    "parse_date",
    "print_json",
    "state",
]

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class CliState:
    """Options given before the command, and the store opened from them."""

    db_url: str | None = None
    _store: Store | None = None

    def store(self, *, prepare: bool = True) -> Store:
        """The database, migrated and (when empty) loaded with the embedded programmes."""
        if self._store is None:
            from cpfkit import services

            self._store = services.open_store(self.db_url, prepare=prepare)
        return self._store

    def close(self) -> None:
        """Close the database connections the command opened."""
        if self._store is not None:
            self._store.dispose()
            self._store = None


def state(ctx: typer.Context) -> CliState:
    """The CLI state of the current invocation."""
    obj = ctx.find_root().obj
    if not isinstance(obj, CliState):
        obj = CliState()
        ctx.find_root().obj = obj
    return obj


def fail_on_error(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a cpfkit error into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            err.print(f"error: {exc.one_line()}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except CpfkitError as exc:
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def print_json(value: Any) -> None:
    """Print a result as JSON on stdout (for scripts)."""
    from cpfkit.jsonable import jsonable

    sys.stdout.write(json.dumps(jsonable(value), indent=2, ensure_ascii=False) + "\n")


def money(value: Decimal | None, *, millions: bool = True) -> str:
    """US dollars for people: ``1,068.0`` (millions) or ``—`` when unknown."""
    if value is None:
        return "—"
    if millions:
        return f"{value / Decimal(1_000_000):,.1f}"
    return f"{value:,.0f}"


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


def label(key: str) -> str:
    """The glossary label of a figure, in lower case as table headers write it (``own commitments``)."""
    from cpfkit.model.figures import term

    text = term(key).label
    return text[0].lower() + text[1:]


def print_definitions(*keys: str) -> None:
    """Print the definitions of the glossary figures a table shows, one line each, under the table."""
    from cpfkit.model.figures import term

    for key in keys:
        console.print(f"  {label(key)}: {term(key).definition}", soft_wrap=True)
