"""What every command shares: the store, error reporting, JSON output and the glossary.

The consoles are :mod:`cpfkit.cli.console`; numbers and dates given or printed, :mod:`cpfkit.cli.numbers`.
Both are re-exported here.
"""

from __future__ import annotations

import difflib
import functools
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from cpfkit.cli.console import PIPED_WIDTH, TEXT_MIN_WIDTH, console, err, fit_columns
from cpfkit.cli.numbers import cli_number, money, number_language, parse_date
from cpfkit.errors import CpfkitError, DataError, NotFound

if TYPE_CHECKING:  # imported where used: `cpfkit --help` must not load the program (docs/performance.md)
    from cpfkit.store import Store
    from cpfkit.store.audit import Actor

__all__ = [
    "PIPED_WIDTH",
    "TEXT_MIN_WIDTH",
    "CliState",
    "cli_actor",
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


def cli_actor() -> Actor:
    """Who a change made at the command line is recorded as: ``cli:<login name>``."""
    from cpfkit.workplace.roles import cli_principal

    return cli_principal(getpass.getuser()).actor()
