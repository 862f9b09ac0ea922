"""The cells of a measurement sheet: its columns, and each cell's value read as text, number, date or flag."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cpfkit.model.money import FIGURE_PLACES, AmountError, check_amount
from cpfkit.model.number_parser import NumberError, parse_number

__all__ = ["COLUMNS", "REQUIRED", "cell_date", "cell_flag", "cell_number", "cell_text"]

COLUMNS = (
    "programme",
    "indicator",
    "project",
    "date",
    "value",
    "unit",
    "weight",
    "source",
    "illustrative",
    "verified",
    "note",
    "qualifier",
    "quote",
)
"""The columns of a measurement sheet, in template order."""
REQUIRED = ("indicator", "date", "value")
"""The columns a sheet must have; the others may be left out."""


def cell_text(raw: Any) -> str | None:
    """A cell as stripped text; None when empty."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    return text or None


def cell_number(raw: Any, what: str, language: str | None = None) -> Decimal:
    """A number from a cell or an option: a spreadsheet's number as shown, text through the one number parser.

    Text is read in the conventions of ``language`` (None: the neutral
    ``1234.5``); the value must be at most 10^13 either side of zero with at
    most 10 decimals (what the store keeps), and is never rounded.
    """
    if isinstance(raw, bool):
        raise ValueError(f"{what} is not a number: {raw!r}")
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        try:
            value = parse_number(str(raw), language)
        except NumberError as exc:
            if exc.code in ("not-a-number", "empty") and not exc.hints:
                raise ValueError(f"{what} is not a number: {exc.text.strip()!r}") from None
            raise ValueError(f"{what} {exc}") from None
    try:
        return check_amount(value, places=FIGURE_PLACES)
    except AmountError as exc:
        raise ValueError(f"{what}: {exc}") from None


def cell_date(raw: Any) -> date:
    """A cell as a date: a spreadsheet date, or ISO text."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def cell_flag(raw: Any, what: str) -> bool:
    """A cell as yes or no (empty: no)."""
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in ("", "false", "no", "n", "0"):
        return False
    if text in ("true", "yes", "y", "1"):
        return True
    raise ValueError(f"{what} must be yes or no, not {raw!r}")
