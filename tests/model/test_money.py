from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cpfkit.errors import FxRateMissing
from cpfkit.model import FxRates, Money, to_usd

FX = FxRates.from_rows(
    [
        ("KZT", 2014, 11, Decimal("0.0054")),
        ("KZT", 2025, 3, Decimal("0.001981819913")),
        ("EUR", 2020, 1, Decimal("1.11")),
    ],
    source="test table",
    max_carry_months=12,
)


def test_bare_number_is_us_dollars_and_exact() -> None:
    money = Money.model_validate(Decimal("102.9"))
    assert money == Money(amount=Decimal("102.9"), currency="USD")


def test_shorthand_string_with_currency() -> None:
    assert Money.model_validate("1,500,000 KZT") == Money(amount=Decimal("1500000"), currency="KZT")


@pytest.mark.parametrize("bad", ["12 usd", "12 DOLLARS", {"amount": "NaN", "currency": "USD"}, "1 2 3"])
def test_bad_money_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        Money.model_validate(bad)


def test_conversion_uses_the_month_of_the_date() -> None:
    usd, used = to_usd(Money(amount=Decimal("1000000"), currency="KZT"), FX, date(2025, 3, 31))
    assert usd == Money(amount=Decimal("1981.82"), currency="USD")
    assert used.period == "2025-03"


def test_conversion_carries_the_last_month_forward_within_the_limit() -> None:
    _, used = to_usd(Money(amount=Decimal(1), currency="KZT"), FX, date(2026, 2, 10))
    assert used.period == "2025-03"


def test_conversion_refuses_a_stale_or_unknown_rate() -> None:
    with pytest.raises(FxRateMissing, match="KZT rate for 2027-01"):
        to_usd(Money(amount=Decimal(1), currency="KZT"), FX, date(2027, 1, 1))
    with pytest.raises(FxRateMissing, match="no exchange rate for GBP"):
        to_usd(Money(amount=Decimal(1), currency="GBP"), FX, date(2020, 1, 1))
    with pytest.raises(FxRateMissing):
        to_usd(Money(amount=Decimal(1), currency="EUR"), FX, date(2019, 12, 31))


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_usd_converts_to_itself(amount: Decimal) -> None:
    usd, _ = to_usd(Money(amount=amount, currency="USD"), FX, date(2024, 5, 1))
    assert usd.amount == amount
