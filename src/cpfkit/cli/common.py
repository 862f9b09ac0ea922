"""What every command shares: the store, error reporting, JSON and table output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from cpfkit import services
from cpfkit.errors import CpfkitError, DataError
from cpfkit.jsonable import jsonable
from cpfkit.store import Store

__all__ = ["CliState", "console", "err", "fail_on_error", "money", "parse_date", "print_json", "state"]

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
