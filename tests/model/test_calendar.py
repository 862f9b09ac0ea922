from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cpfkit.model import fiscal_year, fy_bounds, fy_label, fy_range


def test_world_bank_fiscal_years_end_in_june() -> None:
    assert fiscal_year(date(2025, 6, 30)) == 2025
    assert fiscal_year(date(2025, 7, 1)) == 2026
    assert fy_bounds(2027) == (date(2026, 7, 1), date(2027, 6, 30))
    assert fy_label(2031) == "FY31"


def test_the_2026_2031_framework_spans_six_fiscal_years() -> None:
    assert fy_range(date(2025, 7, 1), date(2031, 6, 30)) == [2026, 2027, 2028, 2029, 2030, 2031]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)), st.integers(1, 12))
def test_every_date_lies_within_its_fiscal_year(day: date, start_month: int) -> None:
    first, last = fy_bounds(fiscal_year(day, start_month), start_month)
    assert first <= day <= last
    assert fiscal_year(first - timedelta(days=1), start_month) == fiscal_year(day, start_month) - 1
