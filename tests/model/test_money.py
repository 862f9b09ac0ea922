import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cpfkit.errors import FxRateMissing
from cpfkit.model import FxRates, Money, to_usd
from cpfkit.model.money import MAX_AMOUNT, AmountError, check_amount

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


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("1,5 USD", "ru", Money(amount=Decimal("1.5"), currency="USD")),
        ("1 234,5 KZT", "kk", Money(amount=Decimal("1234.5"), currency="KZT")),
        ("1\u00a0234,5\u00a0KZT", "ru", Money(amount=Decimal("1234.5"), currency="KZT")),
        ("1,234.5 EUR", "en", Money(amount=Decimal("1234.5"), currency="EUR")),
        ("75,5", "ru", Money(amount=Decimal("75.5"), currency="USD")),
        ("1.5 USD", None, Money(amount=Decimal("1.5"), currency="USD")),
    ],
)
def test_money_as_a_person_writes_it_in_each_language(text: str, language: str | None, expected: Money) -> None:
    assert Money.parse(text, language) == expected
    assert Money.model_validate(text, context={"language": language}) == expected


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("1,5 USD", None, "'1,5' uses a decimal comma (write 1.5)"),
        ("1,5 USD", "en", "'1,5' uses a decimal comma (write 1.5)"),
        ("1,500 USD", None, "could be a thousand or a decimal (write 1500 or 1.500)"),
        ("1.500 KZT", "ru", "could be a thousand or a decimal (write 1500 or 1,500)"),
        ("1e9 USD", "en", "exponent notation"),
    ],
)
def test_money_never_strips_a_comma(text: str, language: str | None, words: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(words)):
        Money.parse(text, language)


def test_the_ceiling_and_the_cents_are_checked_without_rounding() -> None:
    assert check_amount(MAX_AMOUNT) == MAX_AMOUNT and check_amount(-MAX_AMOUNT) == -MAX_AMOUNT
    assert check_amount(Decimal("1.50")) == Decimal("1.50") and check_amount(Decimal("1.500")) == Decimal("1.500")
    for value, code in (
        (MAX_AMOUNT + Decimal("0.01"), "too-large"),
        (Decimal("0.001"), "too-precise"),
        (Decimal("NaN"), "not-finite"),
        (Decimal("Infinity"), "not-finite"),
    ):
        with pytest.raises(AmountError) as caught:
            check_amount(value)
        assert caught.value.code == code
    assert check_amount(Decimal("0.0000000001"), places=10) == Decimal("0.0000000001")
