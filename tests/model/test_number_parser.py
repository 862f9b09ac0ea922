"""The one number parser: the rules of each language, and properties that no text is read as another number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cpfkit.model.number_parser import LANGUAGES, NumberError, parse_number, write_number

READ = [
    # (text, language, value)
    ("75,5", "ru", "75.5"),
    ("75,5", "kk", "75.5"),
    ("1 234,5", "ru", "1234.5"),
    ("1\u00a0234,5", "kk", "1234.5"),
    ("1\u202f234,5", "ru", "1234.5"),
    ("1 234 567,25", "ru", "1234567.25"),
    ("75.5", "ru", "75.5"),
    ("1 234.5", "kk", "1234.5"),
    ("1,234", "ru", "1.234"),
    ("0.500", "ru", "0.5"),
    ("1.234,5", "ru", "1234.5"),
    ("1,234,567", "ru", "1234567"),
    ("75.5", "en", "75.5"),
    ("1,234.5", "en", "1234.5"),
    ("1,234,567", "en", "1234567"),
    ("1 234.5", "en", "1234.5"),
    ("1.234", "en", "1.234"),
    (".5", "en", "0.5"),
    ("-75,5", "ru", "-75.5"),
    ("\u22123", "kk", "-3"),
    ("+3", None, "3"),
    ("  42  ", None, "42"),
    ("1,500,000", None, "1500000"),
    ("12345678901234567.89", None, "12345678901234567.89"),
    ("5e9", None, "5E+9"),  # exponent notation where a file or a program wrote it
    ("-2.5e-3", None, "-0.0025"),
]

REFUSED = [
    # (text, language, code, hints)
    ("75,5", "en", "decimal-comma", ("75.5",)),
    ("1,5", None, "decimal-comma", ("1.5",)),
    ("1,234", "en", "ambiguous", ("1234", "1.234")),
    ("1,000", None, "ambiguous", ("1000", "1.000")),
    ("1.234", "ru", "ambiguous", ("1234", "1,234")),
    ("1 234.567", "kk", "ambiguous", ("1234567", "1234,567")),
    ("1.234,5", "en", "ambiguous", ("1234.5",)),
    ("1,234.5", "ru", "ambiguous", ("1234,5",)),
    ("0,500", "en", "decimal-comma", ("0.500",)),
    ("12 34", "ru", "grouping", ("1234",)),
    ("1,23,456", "en", "grouping", ("123456",)),
    ("1,234 567", "en", "grouping", ("1234567",)),
    ("1e6", "en", "exponent", ("1000000",)),
    ("1.23457E+11", "en", "exponent", ("123457000000",)),
    ("1,5e3", None, "exponent", ("1500",)),
    ("5.", "en", "not-a-number", ("5",)),
    ("inf", None, "not-finite", ()),
    ("NaN", "ru", "not-finite", ()),
    ("", "ru", "empty", ()),
    ("1_000", None, "not-a-number", ()),
    ("$5", "en", "not-a-number", ()),
    ("(5)", "en", "not-a-number", ()),
    ("\u0661\u0662", None, "not-a-number", ()),
]


@pytest.mark.parametrize(("text", "language", "value"), READ)
def test_reads_each_language_as_its_readers_write(text: str, language: str | None, value: str) -> None:
    number = parse_number(text, language)
    assert number == Decimal(value)
    assert str(number) == value or number.normalize() == Decimal(value).normalize()


@pytest.mark.parametrize(("text", "language", "code", "hints"), REFUSED)
def test_refuses_what_could_be_read_two_ways_and_says_how_to_write_it(
    text: str, language: str | None, code: str, hints: tuple[str, ...]
) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text, language)
    assert caught.value.code == code
    assert caught.value.hints == hints
    assert isinstance(caught.value, ValueError)  # pydantic names the field of a ValueError


def test_an_unknown_language_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="no number conventions"):
        parse_number("1", "de")


decimals = st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**15), max_value=10**15)


@given(decimals, st.sampled_from([None, *LANGUAGES]))
def test_what_is_written_reads_back(value: Decimal, language: str | None) -> None:
    assert parse_number(write_number(value, language), language) == value


def _grouped(value: Decimal, separator: str, mark: str) -> str:
    text = format(abs(value), "f")
    integer, _, fraction = text.partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    body = separator.join([integer, *groups]) + (mark + fraction if fraction else "")
    return ("-" if value < 0 else "") + body


@given(decimals, st.sampled_from([" ", "\u00a0", "\u202f"]), st.sampled_from(["ru", "kk"]))
def test_russian_and_kazakh_grouping_reads_back(value: Decimal, space: str, language: str) -> None:
    assert parse_number(_grouped(value, space, ","), language) == value


@given(decimals)
@example(Decimal("1234"))
@example(Decimal("1234.5"))
def test_english_grouping_reads_back_or_is_refused_with_the_number_among_the_hints(value: Decimal) -> None:
    text = _grouped(value, ",", ".")
    integer = text.lstrip("-").split(".")[0]
    if integer.count(",") == 1 and "." not in text:  # 1,234: a thousand, or one and a fraction
        with pytest.raises(NumberError) as caught:
            parse_number(text, "en")
        assert caught.value.code == "ambiguous"
        assert write_number(value, "en") in caught.value.hints
    else:
        assert parse_number(text, "en") == value


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit()).lstrip("0")


@given(
    st.text(alphabet="0123456789.,- \u00a0\u202f+", max_size=14),
    st.sampled_from([None, *LANGUAGES]),
)
@example("1,234", "en")
@example("75,5", "en")
@example("1.234,5", "ru")
def test_nothing_is_multiplied_the_digits_stay_and_only_the_point_moves(text: str, language: str | None) -> None:
    """Whatever is accepted keeps the typed digits in order: the value is those digits over a power of ten."""
    try:
        value = parse_number(text, language)
    except NumberError:
        return
    digits = _digits(text)
    coefficient = _digits(format(abs(value), "f"))
    assert coefficient.rstrip("0") == digits.rstrip("0")
    assert abs(value) <= Decimal(int(digits or "0"))
    assert (value < 0) == (text.strip()[:1] == "-" and value != 0)


@given(st.text(alphabet="0123456789., ", min_size=1, max_size=12))
def test_english_and_russian_never_read_one_text_as_two_different_numbers_when_it_has_both_marks(text: str) -> None:
    if not ("." in text and "," in text):
        return
    readings = set()
    for language in ("en", "ru"):
        try:
            readings.add(parse_number(text, language))
        except NumberError:
            pass
    assert len(readings) <= 1


@given(decimals)
def test_the_neutral_format_is_the_plain_decimal(value: Decimal) -> None:
    assert parse_number(format(value, "f")) == value
    assert parse_number(format(value, "f"), None) == parse_number(format(value, "f"), "en")
