"""The fields of a World Bank Projects API record, each read on its own: a slip is an :class:`Issue`, not a failure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from cpfkit.formats.unsupported import Unsupported
from cpfkit.model import SectorShare
from cpfkit.model.money import MAX_AMOUNT
from cpfkit.reference import load_catalogue

__all__ = [
    "SECTOR_VOCABULARY",
    "SHOWN",
    "Issue",
    "amount_field",
    "day_field",
    "percent_field",
    "sector_shares",
    "shares_field",
    "shown",
    "text_field",
    "wb_mapping",
]

_HUNDRED = Decimal(100)
_TOLERANCE = Decimal("0.5")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
SECTOR_VOCABULARY = "99"  # IATI SectorVocabulary "Reporting Organisation": the World Bank's own sector codes
SHOWN = 200  # characters of an offending value an error message repeats at most


@dataclass(frozen=True)
class Issue:
    """A slip in one field of a record that was stored all the same: the field, and what was done."""

    field: str
    message: str


@cache
def wb_mapping() -> dict[str, dict[str, str]]:
    """The World Bank values cpfkit maps (``wb_projects_mapping.csv``), by mapping and lower-case value."""
    out: dict[str, dict[str, str]] = {}
    for row in load_catalogue("wb_projects_mapping"):
        out.setdefault(row["mapping"], {})[row["from"].lower()] = row["to"]
    return out


def shown(value: Any) -> str:
    """A value as an error message repeats it, cut after a few hundred characters."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def amount_field(record: dict[str, Any], key: str, where: str, issues: list[Issue]) -> Decimal | None:
    """The amount of a field in US dollars; None when absent or not an amount (then with an issue)."""
    value = record.get(key)
    if value is None or value == "":
        return None
    amount: Decimal | None
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        issues.append(Issue(key, f"{shown(value)} is not an amount of US dollars; read as absent"))
        return None
    if amount > MAX_AMOUNT:
        raise Unsupported(
            f"amount {format(amount, 'f')[:SHOWN]} is above the ceiling of a single amount "
            f"({format(MAX_AMOUNT, ',f')} in its currency)",
            record=where,
            field=key,
        )
    return amount


def day_field(record: dict[str, Any], key: str, issues: list[Issue]) -> date | None:
    """The date of a field; None when absent or not an ISO date (then with an issue)."""
    value = record.get(key)
    if value is None or value == "":
        return None
    match = _ISO_DAY.match(str(value).strip())
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    issues.append(Issue(key, f"{shown(value)} is not an ISO date (YYYY-MM-DD); read as absent"))
    return None


def text_field(record: dict[str, Any], *keys: str) -> str | None:
    """The first of the fields given that holds text (a ``{cdata}`` or ``{Name}`` object read for its text)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("cdata") or value.get("Name")
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def shares_field(
    record: dict[str, Any], prefix: str, codes_key: str, issues: list[Issue]
) -> list[tuple[str | None, str, Decimal | None]]:
    """The numbered shares of a record (``sector1`` to ``sector4``, …): code, name and percentage."""
    codes: dict[str, str | None] = {}
    for item in record.get(codes_key) or ():
        if isinstance(item, dict) and item.get("name"):
            codes.setdefault(str(item["name"]).strip(), str(item.get("code") or "").strip() or None)
    out = []
    for n in range(1, 5):
        item = record.get(f"{prefix}{n}")
        if isinstance(item, str):
            item = {"Name": item}
        if not isinstance(item, dict) or not item.get("Name"):
            continue
        name = str(item["Name"]).strip()
        out.append((codes.get(name), name, percent_field(item.get("Percent"), f"{prefix}{n}.Percent", issues)))
    return out


def percent_field(value: Any, field: str, issues: list[Issue]) -> Decimal | None:
    """A percentage from 0 to 100; None when absent or not one (then with an issue)."""
    if value is None or value == "":
        return None
    try:
        percent = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        percent = None
    if percent is None or not percent.is_finite() or not 0 <= percent <= _HUNDRED:
        issues.append(Issue(field, f"{shown(value)} is not a percentage; read as absent"))
        return None
    return percent


def sector_shares(
    sectors: list[tuple[str | None, str, Decimal | None]], issues: list[Issue]
) -> tuple[SectorShare, ...]:
    """The sectors as shares of the operation when their percentages add up to 100 (else an issue)."""
    percents = [p for _, _, p in sectors]
    if not sectors or any(p is None for p in percents):
        return ()
    total = sum((p or Decimal(0) for p in percents), Decimal(0))
    if abs(total - _HUNDRED) > _TOLERANCE:
        issues.append(
            Issue(
                "sector1.Percent",
                f"sector percentages add up to {format(total, 'f')}, not 100: the sectors are kept as published "
                "beside the operation, not as its shares",
            )
        )
        return ()
    return tuple(
        SectorShare(code=code or name, vocabulary=SECTOR_VOCABULARY, name=name, percentage=p)
        for code, name, p in sectors
        if p is not None and p > 0
    )
