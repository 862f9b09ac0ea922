"""The one clock of cpfkit: what "today" and "now" are, for every part of the program.

Nothing else in cpfkit asks the operating system for the date or the time.
The clock follows the system unless it is pinned:

* by the setting ``CPFKIT_TODAY`` (an ISO date, ``2031-07-01``): ``today()`` is
  that date and ``now()`` that date at the current UTC time of day, so times
  still move forward within a run and expiry works as it would on that day;
* by :func:`pin` (tests): ``today()`` and ``now()`` are frozen at the value
  given until :func:`advance` moves them or the pin is released.  A pin holds
  in the context that set it and in what that context starts (asyncio tasks,
  FastAPI's thread pool), not in the rest of the process.  Uvicorn runs each
  request in a new, empty context: a served app is pinned by wrapping it
  (``tests/browser/harness.py`` does).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta

__all__ = ["ClockSettingError", "advance", "now", "pin", "pinned_day", "today"]

_ENV = "CPFKIT_TODAY"
_frozen: ContextVar[list[datetime] | None] = ContextVar("cpfkit_clock_pin", default=None)


class ClockSettingError(ValueError):
    """``CPFKIT_TODAY`` is set to something that is not an ISO date."""


def pinned_day() -> date | None:
    """The day ``CPFKIT_TODAY`` pins the clock to, or None when it is unset or empty.

    Raises:
        ClockSettingError: the setting is not an ISO date (``YYYY-MM-DD``).
    """
    text = os.environ.get(_ENV, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ClockSettingError(f"{_ENV}={text!r} is not an ISO date (YYYY-MM-DD)") from None


def now() -> datetime:
    """The current time, in UTC (pinned by a test or by ``CPFKIT_TODAY``)."""
    frozen = _frozen.get()
    if frozen:
        return frozen[0]
    real = datetime.now(UTC)
    day = pinned_day()
    if day is None:
        return real
    return datetime.combine(day, real.timetz())


def today() -> date:
    """Today's date (pinned by a test or by ``CPFKIT_TODAY``; otherwise the system's local date)."""
    frozen = _frozen.get()
    if frozen:
        return frozen[0].date()
    day = pinned_day()
    return day if day is not None else date.today()


@contextmanager
def pin(at: date | datetime) -> Iterator[None]:
    """Freeze the clock at ``at`` (a date means its midnight UTC) while the block runs.

    Examples:
        >>> with pin(date(2031, 7, 1)):
        ...     today()
        datetime.date(2031, 7, 1)
    """
    token = _frozen.set([_moment(at)])
    try:
        yield
    finally:
        _frozen.reset(token)


def _moment(at: date | datetime) -> datetime:
    moment = at if isinstance(at, datetime) else datetime.combine(at, time(0, 0), UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def advance(by: timedelta) -> datetime:
    """Move a pinned clock forward by ``by`` and return the new time.

    Raises:
        RuntimeError: the clock is not pinned.
    """
    frozen = _frozen.get()
    if not frozen:
        raise RuntimeError("advance() needs a pinned clock (clock.pin)")
    frozen[0] = frozen[0] + by  # the one list is shared with every context started under the pin
    return frozen[0]
