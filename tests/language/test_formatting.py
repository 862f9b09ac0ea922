"""Figures written in each language: exact strings, as a reader of the pages, reports and CLI sees them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cpfkit.language import formatting as f

NBSP = "\u00a0"
NNBSP = "\u202f"  # the narrow no-break space of Babel's Russian and Kazakh dates


@pytest.mark.parametrize(
    ("lang", "billions", "millions", "thousands", "negative"),
    [
        ("en", "US$1.53 billion", "US$41 million", "US$41,000", "-US$650 million"),
        (
            "ru",
            f"1,53{NBSP}млрд долл. США",
            f"41{NBSP}млн долл. США",
            f"41{NBSP}000 долл. США",
            f"-650{NBSP}млн долл. США",
        ),
        (
            "kk",
            f"1,53{NBSP}млрд АҚШ доллары",
            f"41{NBSP}млн АҚШ доллары",
            f"41{NBSP}000 АҚШ доллары",
            f"-650{NBSP}млн АҚШ доллары",
        ),
    ],
)
def test_money_in_words(lang: str, billions: str, millions: str, thousands: str, negative: str) -> None:
    assert f.money(Decimal("1531000000"), lang) == billions
    assert f.money(Decimal("41000000"), lang) == millions
    assert f.money(Decimal("41000"), lang) == thousands
    assert f.money(Decimal("-650000000"), lang) == negative


def test_money_rounds_half_away_from_zero_and_drops_trailing_zeros() -> None:
    assert f.money(Decimal("84450000"), "en") == "US$84.5 million"
    assert f.money(Decimal("4200000000"), "en") == "US$4.2 billion"
    assert f.money(Decimal("999999.5"), "en") == "US$1,000,000"
    assert f.money(None, "ru") == "—"


@pytest.mark.parametrize(
    ("lang", "short", "exact"),
    [
        ("en", "US$1,655M", "US$1,531,000,000.5"),
        ("ru", f"1{NBSP}655{NBSP}млн долл. США", f"1{NBSP}531{NBSP}000{NBSP}000,5 долл. США"),
        ("kk", f"1{NBSP}655{NBSP}млн АҚШ доллары", f"1{NBSP}531{NBSP}000{NBSP}000,5 АҚШ доллары"),
    ],
)
def test_money_in_millions_and_to_the_cent(lang: str, short: str, exact: str) -> None:
    assert f.money_millions(Decimal("1655000000"), lang) == short
    assert f.exact_money(Decimal("1531000000.50"), "USD", lang) == exact


@pytest.mark.parametrize(
    ("lang", "whole", "fine", "number"),
    [
        ("en", "26%", "26.25%", "1,234.5"),
        ("ru", f"26{NBSP}%", f"26,25{NBSP}%", f"1{NBSP}234,5"),
        ("kk", "26%", "26,25%", f"1{NBSP}234,5"),
    ],
)
def test_percentages_and_numbers(lang: str, whole: str, fine: str, number: str) -> None:
    assert f.percent(Decimal("0.262"), lang) == whole
    assert f.percent(Decimal("0.2625"), lang, 2) == fine
    assert f.number(Decimal("1234.50"), lang) == number


@pytest.mark.parametrize(
    ("lang", "medium", "long", "month", "fy"),
    [
        ("en", "Nov 26, 2026", "November 26, 2026", "March", "FY27"),
        ("ru", f"26 нояб. 2026{NNBSP}г.", f"26 ноября 2026{NNBSP}г.", "март", "ФГ27"),
        ("kk", f"2026{NNBSP}ж. 26 қар.", f"2026{NNBSP}ж. 26 қараша", "Наурыз", "ҚЖ27"),
    ],
)
def test_dates_months_and_fiscal_years(lang: str, medium: str, long: str, month: str, fy: str) -> None:
    assert f.day(date(2026, 11, 26), lang) == medium
    assert f.day(date(2026, 11, 26), lang, "long") == long
    assert f.month_name(3, lang) == month
    assert f.fiscal_year(2027, lang) == fy


def test_a_language_cpfkit_does_not_speak_is_written_as_english() -> None:
    assert f.money(Decimal("41000000"), "de") == "US$41 million"
    assert f.fiscal_year(2030, "de") == "FY30"
    assert f.moment(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "xx") == "Jan 2, 2026, 3:04:05\u202fAM"
