"""What every command shares: the store, error reporting, JSON and table output."""

from __future__ import annotations

import difflib
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
from rich.cells import cell_len
from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

from cpfkit.errors import CpfkitError, DataError, NotFound

if TYPE_CHECKING:  # imported where used: `cpfkit --help` must not load the program (docs/performance.md)
    from cpfkit.store import Store

__all__ = [
    "CliState",
    "cli_number",
    "console",
    "err",
    "fail_on_error",
    "fit_columns",
    "label",
    "print_definitions",
    "money",
    "number_language",
    "parse_date",
    "print_json",
    "programme_hint",
    "state",
]

PIPED_WIDTH = 200
"""Columns of output written to a file or a pipe, unless ``COLUMNS`` gives another width."""


TEXT_MIN_WIDTH = 12
"""Narrowest a column of running text is made (a longer word folds)."""


def fit_columns(table: Table, width: int) -> Table:
    """Keep identifiers, amounts and dates whole in a table, and let text wrap.

    Every column is at least as wide as the longest word that must stay whole: a cell of one word (an
    identifier, an amount, a date, a code) or a word with a digit in it (``FY20–FY25``, ``P513072``),
    and the longest word of its header; so nothing is cut to ``kz-2020-20…``. Running text wraps at
    spaces in a column at least :data:`TEXT_MIN_WIDTH` wide (or its longest word), folding a longer word.
    When ``width`` is too narrow for these columns, the table is made as wide as they need rather than cut.

    Args:
        table: a table whose rows are added.
        width: the width the table is printed in.

    Returns:
        The same table, its columns adjusted.
    """
    _, right, _, left = table.padding
    needed = len(table.columns) + 1 if table.box else 0  # the vertical rules
    for column in table.columns:
        texts = [c.plain if isinstance(c, Text) else c if isinstance(c, str) else "" for c in column.cells]
        header = column.header.plain if isinstance(column.header, Text) else str(column.header)
        whole = [cell_len(w) for w in header.split()]
        longest = 0
        for words in (t.split() for t in texts):
            whole += [cell_len(w) for w in words if len(words) == 1 or any(ch.isdigit() for ch in w)]
            longest = max([longest, *(cell_len(w) for w in words)])
        column.overflow = "fold"
        column.no_wrap = False
        column.min_width = max(column.min_width or 0, min(longest, TEXT_MIN_WIDTH), *whole) or None
        needed += (column.min_width or 1) + left + right
    if needed > width:
        table.width = needed
    return table


class _OutputConsole(Console):
    """Standard output: tables keep identifiers and amounts whole; piped output is wide."""

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size; when not a terminal, ``COLUMNS`` wide or :data:`PIPED_WIDTH`."""
        dimensions = super().size
        if self.is_terminal:
            return dimensions
        columns = os.environ.get("COLUMNS", "")
        return ConsoleDimensions(int(columns) if columns.isdigit() else PIPED_WIDTH, dimensions.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print as :meth:`rich.console.Console.print`, fitting the columns of any table first."""
        tables = [fit_columns(o, self.width) for o in objects if isinstance(o, Table)]
        if tables:
            kwargs.setdefault("crop", False)
        super().print(*objects, **kwargs)


console = _OutputConsole(highlight=False)
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
            from cpfkit.services import programmes as services

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
        except NotFound as exc:
            ctx = kwargs.get("ctx")  # every command that reads the database takes its context as ``ctx``
            hint = programme_hint(ctx, exc.identifier) if exc.kind == "programme" and ctx is not None else ""
            err.print(f"error: {exc}{hint}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except CpfkitError as exc:
            err.print(f"error: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


def programme_hint(ctx: Any, wrong: str) -> str:
    """What to say after an unknown programme id: the ids the database holds, and the nearest of them.

    Args:
        ctx: the command's context (a Typer context), whose database is asked.
        wrong: the programme id that was not found.

    Returns:
        ``"; programmes in the database: kz-2020-2025, kz-2026-2031; did you mean kz-2026-2031?"``, the
        question left out when no id is near.
    """
    from cpfkit.store.repository import programme_ids  # only on this error path

    with state(ctx).store(prepare=False).reader() as session:
        ids = programme_ids(session)
    if not ids:
        return "; the database holds no programme (cpfkit init loads the embedded ones)"
    near = difflib.get_close_matches(wrong, ids, n=1, cutoff=0.6)
    return f"; programmes in the database: {', '.join(ids)}" + (f"; did you mean {near[0]}?" if near else "")


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
