"""How evidence is written: amounts in US$ millions, dates and ISR ratings, one record per flagged operation.

Each sentence is a :class:`~cpfkit.language.message.Message` (its English original marked for the catalogs),
written in English for ``FlagRecord.evidence`` and in a reader's language where it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from cpfkit.language.message import Message, Millions
from cpfkit.metrics.portfolio.facts_table import RATING_TEXT, Facts
from cpfkit.metrics.portfolio.results import FlagRecord
from cpfkit.store.series_keys import DAY0

__all__ = ["EvidenceWriter", "day", "iso_dates", "millions", "rating_texts", "same", "usd"]

_DAY0 = np.datetime64(DAY0, "D")
_MILLION = Decimal(1_000_000)
_TENTH = Decimal("0.1")


def usd(value: Decimal | float | int) -> str:
    """US dollars for a sentence: always millions with one decimal, so every amount reads in one unit.

    Examples:
        >>> usd(Decimal("544230000")), usd(700_000), usd(2_300_000.0), usd(650)
        ('US$544.2 million', 'US$0.7 million', 'US$2.3 million', 'US$0.0 million')
    """
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    millions = (abs(amount) / _MILLION).quantize(_TENTH, rounding=ROUND_HALF_UP)
    return f"{'-' if amount < 0 and millions else ''}US${millions:,} million"


def millions(value: Decimal | float | int) -> Millions:
    """US dollars for a message: millions with one decimal (the message's text carries "US$… million")."""
    return Millions(value if isinstance(value, Decimal) else Decimal(str(value)), 1)


def iso_dates(days: np.ndarray[Any, Any]) -> list[str | None]:
    """ISO dates of day numbers (None for -1)."""
    text = np.datetime_as_string(_DAY0 + np.maximum(days, 0).astype("timedelta64[D]"), unit="D").tolist()
    return [t if d >= 0 else None for t, d in zip(text, days.tolist(), strict=True)]


def day(value: date | str | None) -> date | str:
    """A date for a message, which writes it as the reader's language does (empty when there is none).

    The facts beside the sentence keep the ISO date.

    Examples:
        >>> day("2026-02-01"), day(None)
        (datetime.date(2026, 2, 1), '')
    """
    if value is None or value == "":
        return ""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def rating_texts(scores: np.ndarray[Any, Any]) -> list[str | None]:
    """ISR ratings of scores (None for 0: not rated)."""
    return [RATING_TEXT[s - 1] if s > 0 else None for s in scores.tolist()]


def same(value: Any) -> Callable[[np.ndarray[Any, Any]], list[Any]]:
    """The same sentence or data for every operation (country flags)."""

    def repeat(index: np.ndarray[Any, Any]) -> list[Any]:
        return [value] * len(index)

    return repeat


class EvidenceWriter:
    """Collects the records of one review, kind of flag by kind of flag."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.records: list[FlagRecord] = []

    def add(
        self,
        mask: np.ndarray[Any, Any],
        code: str,
        label: str,
        sentences: Callable[[np.ndarray[Any, Any]], list[Message]],
        facts: Callable[[np.ndarray[Any, Any]], list[dict[str, Any]]],
        illustrative: np.ndarray[Any, Any] | None = None,
    ) -> None:
        """Add a record for every operation in ``mask``, with its message and data (marked when illustrative)."""
        index = np.flatnonzero(mask)
        if not len(index):
            return
        f = self.f
        marked = f.illustrative[index] if illustrative is None else (f.illustrative | illustrative)[index]
        self.records.extend(
            FlagRecord(project, name, code, label, str(message), data, agency, bool(mark), message)
            for project, name, message, data, agency, mark in zip(
                f.id[index].tolist(),
                f.name[index].tolist(),
                sentences(index),
                facts(index),
                f.implementing_agency[index].tolist(),
                marked.tolist(),
                strict=True,
            )
        )
