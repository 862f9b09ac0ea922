"""Money and its conversion to US dollars.

Money is a ``Decimal`` with an ISO 4217 currency; it is never a float.
Conversion takes the rates table as an argument: the table is reference data
(``reference/fx``), loaded once by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from pydantic import ValidationInfo, field_validator, model_validator

from cpfkit.errors import FxRateMissing
from cpfkit.model.base import Num, Record, exact_number

__all__ = [
    "FIGURE_PLACES",
    "MAX_AMOUNT",
    "MONEY_PLACES",
    "USD",
    "AmountError",
    "FxRates",
    "Money",
    "RateUsed",
    "check_amount",
    "to_usd",
]

USD = "USD"
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CENT = Decimal("0.01")
_SHORTHAND = re.compile(r"^(.*\S)\s+([A-Za-z]{3})$")

MAX_AMOUNT = Decimal(10) ** 13
"""The largest single amount cpfkit accepts, in the amount's own currency (ten trillion).

Far above any one operation's figure in any currency, low enough that sums of
millions of such amounts stay exact in the engines.
"""

MONEY_PLACES = 2
"""Decimals an amount keeps: hundredths of its currency unit (cents, tiyn)."""

FIGURE_PLACES = 10
"""Decimals any other figure keeps (a measured value, a weight, a share): the store's ``NUMERIC(38, 10)``."""


class AmountError(ValueError):
    """An amount cpfkit does not accept: not finite, above :data:`MAX_AMOUNT`, or finer than it keeps.

    Attributes:
        code: ``not-finite``, ``too-large`` or ``too-precise``.
        places: the decimals the field keeps (for ``too-precise``).
    """

    def __init__(self, code: str, message: str, places: int = MONEY_PLACES) -> None:
        self.code = code
        self.places = places
        super().__init__(message)


def check_amount(value: Decimal, *, places: int = MONEY_PLACES, ceiling: Decimal = MAX_AMOUNT) -> Decimal:
    """An amount as given, once it is finite, at most ``ceiling`` either side of zero and no finer than ``places``.

    Nothing is rounded: an amount with more decimals than the field keeps is
    refused.  The IATI and World Bank importers, the programme folder reader,
    the API and the forms all call this.

    Raises:
        AmountError: the amount is refused (a ``ValueError``, so pydantic names the field).

    Examples:
        >>> check_amount(Decimal("9999999999999.99"))
        Decimal('9999999999999.99')
        >>> check_amount(Decimal("0.125"))
        Traceback (most recent call last):
        ...
        cpfkit.model.money.AmountError: 0.125 has more than 2 decimals; nothing is rounded
        >>> check_amount(Decimal("12345678901234567.89"))
        Traceback (most recent call last):
        ...
        cpfkit.model.money.AmountError: 12345678901234567.89 is above the ceiling of 10000000000000 for a single amount
    """
    if not value.is_finite():
        raise AmountError("not-finite", "must be a finite number")
    if abs(value) > ceiling:
        raise AmountError("too-large", f"{value:f} is above the ceiling of {ceiling:f} for a single amount")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise AmountError("too-precise", f"{value:f} has more than {places} decimals; nothing is rounded", places)
    return value


class Money(Record):
    """An amount in one currency.

    A bare number is read as US dollars; ``"650000000 USD"`` and
    ``{"amount": 650000000, "currency": "USD"}`` are read as written.  Text
    goes through the one number parser (:mod:`cpfkit.model.number_parser`):
    in the neutral format of cpfkit's files, or in the language given as the
    validation context (``context={"language": "ru"}``) or to :meth:`parse`.
    The amount is not checked against the ceiling here (stored amounts are
    read back as they are); inputs check it with :func:`check_amount`.

    Examples:
        >>> Money.model_validate("12.50 KZT")
        Money(amount=Decimal('12.50'), currency='KZT')
        >>> Money.model_validate(3)
        Money(amount=Decimal('3'), currency='USD')
        >>> Money.parse("1 234,5 KZT", "ru")
        Money(amount=Decimal('1234.5'), currency='KZT')
    """

    amount: Num
    currency: str = USD

    @classmethod
    def parse(cls, text: str, language: str | None = None) -> Money:
        """Money as a person wrote it (``"1 234,5 KZT"`` in Russian), in the conventions of ``language``.

        Raises:
            pydantic.ValidationError: the text is not an amount (the message says how to write it).
        """
        return cls.model_validate(text, context={"language": language})

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
            return {"amount": exact_number(value), "currency": USD}
        if isinstance(value, str):
            found = _SHORTHAND.match(value.strip())
            amount, currency = (found.group(1), found.group(2)) if found else (value, USD)
            context = info.context if isinstance(info.context, dict) else {}
            return {"amount": exact_number(amount, context.get("language")), "currency": currency}
        return value

    @field_validator("amount")
    @classmethod
    def _finite(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("amount must be a finite number")
        return value

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str) -> str:
        if not _CURRENCY.match(value):
            raise ValueError(f"currency must be an ISO 4217 code such as USD, not {value!r}")
        return value

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency}"

    def __repr__(self) -> str:
        return f"Money(amount={self.amount!r}, currency={self.currency!r})"


@dataclass(frozen=True, slots=True)
class RateUsed:
    """The rate a conversion used, kept with the converted figure."""

    usd_per_unit: Num
    year: int
    month: int

    @property
    def period(self) -> str:
        """The month the rate belongs to, as ``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class FxRates:
    """Monthly average exchange rates, in US dollars per unit of each currency.

    Lookup rule (documented in ``docs/definitions.md``): the rate of the
    amount's month; if that month is missing, the latest earlier month no more
    than ``max_carry_months`` before it; otherwise :class:`FxRateMissing`.
    US dollars convert at 1.
    """

    rates: Mapping[str, Mapping[tuple[int, int], Decimal]]
    source: str = ""
    max_carry_months: int = 24
    _months: dict[str, list[tuple[int, int]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for currency, table in self.rates.items():
            self._months[currency] = sorted(table)

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[str, int, int, Decimal]], source: str = "", max_carry_months: int = 24
    ) -> FxRates:
        """Build the table from ``(currency, year, month, usd_per_unit)`` rows."""
        table: dict[str, dict[tuple[int, int], Decimal]] = {}
        for currency, year, month, value in rows:
            table.setdefault(currency, {})[(year, month)] = value
        return cls(table, source=source, max_carry_months=max_carry_months)

    @property
    def currencies(self) -> frozenset[str]:
        """Currencies the table can convert (US dollars included)."""
        return frozenset(self.rates) | {USD}

    def rate(self, currency: str, on: date) -> RateUsed:
        """The rate to convert ``currency`` to US dollars on a date.

        Raises:
            FxRateMissing: the currency is unknown, or no month is close enough.
        """
        if currency == USD:
            return RateUsed(Decimal(1), on.year, on.month)
        table = self.rates.get(currency)
        if table is None:
            raise FxRateMissing(f"no exchange rate for {currency} in the rates table {self.source}".strip())
        key = (on.year, on.month)
        if key in table:
            return RateUsed(table[key], *key)
        earlier = [m for m in self._months[currency] if m < key]
        if earlier:
            year, month = earlier[-1]
            gap = (on.year - year) * 12 + (on.month - month)
            if gap <= self.max_carry_months:
                return RateUsed(table[(year, month)], year, month)
        raise FxRateMissing(
            f"no {currency} rate for {on:%Y-%m} or the {self.max_carry_months} months before "
            f"in the rates table {self.source}".strip()
        )


def to_usd(money: Money, rates: FxRates, on: date) -> tuple[Money, RateUsed]:
    """Convert an amount to US dollars at the rate of its date, rounded to the cent.

    Examples:
        >>> fx = FxRates.from_rows([("KZT", 2025, 3, Decimal("0.001981819913"))])
        >>> usd, used = to_usd(Money.model_validate("1000000 KZT"), fx, date(2025, 3, 15))
        >>> usd.amount, used.period
        (Decimal('1981.82'), '2025-03')
    """
    used = rates.rate(money.currency, on)
    value = (money.amount * used.usd_per_unit).quantize(_CENT, rounding=ROUND_HALF_EVEN)
    return Money(amount=value, currency=USD), used
