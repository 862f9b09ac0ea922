"""An engine's message, rendered in each language with its values written the language's way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cpfkit.language.message import FiscalYear, Message, Millions, Money, Number, Share, render

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Envelope of FY27"), ("ru", "Лимит финансирования на ФГ27"), ("kk", "ҚЖ27 қаржыландыру лимиті")],
)
def test_a_fiscal_year_in_a_translated_message(lang: str, expected: str) -> None:
    assert render(Message("Envelope of %(fy)s", {"fy": FiscalYear(2027)}), lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Nothing to plan: no pipeline operation is a candidate on Nov 26, 2026."),
        ("ru", f"Планировать нечего: на 26 нояб. 2026{NNBSP}г. нет ни одной операции в подготовке, которую можно"),
        ("kk", f"Жоспарлайтын ештеңе жоқ: 2026{NNBSP}ж. 26 қар. күні"),
    ],
)
def test_a_date_in_a_translated_message(lang: str, expected: str) -> None:
    message = Message("Nothing to plan: no pipeline operation is a candidate on %(day)s.", {"day": date(2026, 11, 26)})
    assert render(message, lang).startswith(expected)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Commitment: US$1.53 billion → US$41 million, less than half the current amount."),
        ("ru", f"Обязательства: 1,53{NBSP}млрд долл. США → 41{NBSP}млн долл. США, меньше половины текущей суммы."),
    ],
)
def test_money_and_a_nested_message(lang: str, expected: str) -> None:
    message = Message(
        "%(field)s: %(old)s → %(new)s, less than half the current amount.",
        {"field": Message("Commitment"), "old": Money(Decimal("1531000000")), "new": Money(Decimal("41000000"))},
    )
    assert render(message, lang) == expected


def test_plurals_follow_the_language_and_numbers_are_grouped() -> None:
    one, few, many = (
        Message(
            "%(num)d operation works country-wide or outside the regions and is not drawn.",
            plural="%(num)d operations work country-wide or outside the regions and are not drawn.",
            n=n,
        )
        for n in (21, 3, 1200)
    )
    assert render(one, "ru").startswith("21 операция работает")
    assert render(few, "ru").startswith("3 операции работают")
    assert render(many, "ru").startswith(f"1{NBSP}200 операций работают")
    assert str(many).startswith("1,200 operations work")


def test_numbers_shares_and_millions_by_language() -> None:
    message = Message(
        "%(a)s|%(b)s|%(c)s|%(d)s|%(e)s",
        {
            "a": Number(Decimal("1234.567")),
            "b": Share(Decimal("0.2625"), 1),
            "c": Millions(Decimal("1234560000")),
            "d": 1234,
            "e": "P123",
        },
    )
    assert render(message, "en") == "1,234.57|26.3%|1,234.6|1,234|P123"
    assert render(message, "ru") == f"1{NBSP}234,57|26,3{NBSP}%|1{NBSP}234,6|1{NBSP}234|P123"


def test_english_is_the_plain_text_and_a_sentence_passes_through() -> None:
    message = Message("Envelope of %(fy)s", {"fy": FiscalYear(2030)})
    assert str(message) == render(message, "en") == "Envelope of FY30"
    assert render("an engine's sentence", "ru") == "an engine's sentence"
    assert render(Message("Overview"), "kk") == "Шолу"
    assert hash(message) == hash(Message("Envelope of %(fy)s", {"fy": FiscalYear(2030)}))
