"""Field types of the editable records' schemas, bounded so every accepted value fits the database.

A value the database could not store (a 40-digit amount, a NUL character, a
code longer than its column) is refused here, with the field named, instead
of failing in the database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from cpfkit.model import Money
from cpfkit.model.base import read_number
from cpfkit.model.money import FIGURE_PLACES, check_amount

__all__ = [
    "Code",
    "Day",
    "FIGURE_PLACES",
    "Amount",
    "Figure",
    "Filters",
    "IllustrativeFields",
    "Label",
    "MoneyIn",
    "Note",
    "ProjectId",
    "Provenance",
    "Schema",
    "Slug",
    "money_in",
]


def _printable(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("must not contain control characters")
    return value


Note = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_printable)]
"""Free text (names, titles, descriptions, notes, sources)."""
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), AfterValidator(_printable)
]
"""A short required text, such as a name or a title."""
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
"""A code of the results framework (priority area, objective, indicator)."""
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
"""A programme identifier such as ``kz-2026-2031``."""
ProjectId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{1,127}$")]
"""An operation's identifier (World Bank ``P123456``, IFC or MIGA numbers, IATI identifiers)."""


def _figure(value: Decimal) -> Decimal:
    return check_amount(value, places=FIGURE_PLACES)


Figure = Annotated[
    Decimal,
    BeforeValidator(read_number),
    AfterValidator(_figure),
    Field(
        description='An exact number: a JSON number or a string such as "1234.5"; at most 10 decimals, '
        "at most 10^13 either side of zero."
    ),
]
"""An exact number (a measured value, a weight, a share), at most 10^13 either side of zero and 10 decimals.

A JSON number is read exactly (:mod:`cpfkit.api.exact`); text goes through the
number parser's neutral format.  Nothing is rounded: more decimals are refused.
"""
Amount = Annotated[
    Decimal,
    BeforeValidator(read_number),
    AfterValidator(check_amount),
    Field(
        description='An exact amount in its currency: a JSON number or a string such as "1234.5"; '
        'at most 2 decimals, at most 10^13 (docs/api.md, "Numbers").'
    ),
]
"""An amount of money: at most :data:`cpfkit.model.money.MAX_AMOUNT` either side of zero, and whole cents."""
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))]
"""A calendar date within the range cpfkit's calendars cover."""
IllustrativeFields = list[Annotated[str, StringConstraints(max_length=64)]]
"""The names of single fields marked illustrative (at most 50, given with the list's ``Field``)."""


class Schema(BaseModel):
    """Base of the API schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class Filters(BaseModel):
    """Base of the list filters, read from the query string (other parameters, like ``limit``, pass through)."""

    model_config = ConfigDict(extra="ignore")


class MoneyIn(Schema):
    """An amount in one currency, as written to the API (the currency is required: no amount is assumed in US$)."""

    amount: Amount
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code of the amount's currency (required)."
    )


def money_in(value: MoneyIn | None) -> Money | None:
    """The model's money for an API amount."""
    return None if value is None else Money(amount=value.amount, currency=value.currency)


class Provenance(Schema):
    """Where a figure comes from: a public source, or the mark that it is illustrative."""

    source: Note | None = None
    illustrative: bool = False
    illustrative_fields: IllustrativeFields = Field(default_factory=list, max_length=50)
