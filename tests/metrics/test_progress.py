"""Indicator progress, expected progress and status, against hand-worked examples.

The examples are those of docs/definitions.md, 'Sources, results'."""

from datetime import date
from decimal import Decimal

import pytest

from cpfkit.metrics.progress import Status, cap, expected_progress, indicator_progress, progress, status
from cpfkit.model import Direction, Indicator, Measurement, Overlap, Qualifier

D = Decimal
B, T = date(2025, 7, 1), date(2027, 7, 1)  # 730 days apart


def test_increase_example_of_the_domain_reference() -> None:
    # irrigated area: baseline 0 ha, target 40,000 ha, actual 30,000 → 30,000 / 40,000
    assert progress(D(30000), D(0), D(40000)) == D("0.75")


def test_decrease_example_of_the_domain_reference() -> None:
    # travel time: baseline 6.0 h, target 2.0 h, actual 3.0 h → (3 − 6) / (2 − 6) = −3 / −4
    assert progress(D("3.0"), D("6.0"), D("2.0"), Direction.DECREASE) == D("0.75")


def test_raw_progress_keeps_overshoot_and_wrong_way_and_capped_clamps_them() -> None:
    over = progress(D(50000), D(0), D(40000))  # 50,000 / 40,000
    wrong = progress(D(7), D(6), D(2), Direction.DECREASE)  # (7 − 6) / (2 − 6)
    assert (over, wrong) == (D("1.25"), D("-0.25"))
    assert (cap(over), cap(wrong), cap(D("0.4"))) == (D(1), D(0), D("0.4"))


@pytest.mark.parametrize(
    ("direction", "actual", "expected"),
    [
        (Direction.MAINTAIN, 95, 1),  # holding the level exactly
        (Direction.MAINTAIN, 97, 1),  # above it
        (Direction.MAINTAIN, 94, 0),  # slipped below
        (Direction.INCREASE, 94, 0),
        (Direction.DECREASE, 94, 1),  # a ceiling to stay under
        (Direction.DECREASE, 96, 0),
    ],
)
def test_target_equal_to_baseline_is_met_when_at_least_as_good(
    direction: Direction, actual: int, expected: int
) -> None:
    assert progress(D(actual), D(95), D(95), direction) == D(expected)


def test_expected_progress_is_a_straight_line_between_baseline_and_target_dates() -> None:
    assert expected_progress(date(2026, 7, 1), B, T) == D("0.5")  # 365 / 730
    assert expected_progress(date(2025, 10, 9), B, T) == D(100) / D(730)  # 100 days in
    assert expected_progress(date(2025, 1, 1), B, T) == 0  # before the baseline
    assert expected_progress(B, B, T) == 0
    assert expected_progress(T, B, T) == 1
    assert expected_progress(date(2030, 1, 1), B, T) == 1  # after the target date


def test_status_at_mid_term_example_of_the_domain_reference() -> None:
    # expected 0.5 at mid-term; 0.75 ≥ 0.8 × 0.5 = 0.4 → on track; 0.39 < 0.4 → off track
    mid = date(2026, 7, 1)
    assert status(D("0.75"), D("0.5"), on=mid, baseline_date=B, target_date=T) is Status.ON_TRACK
    assert status(D("0.4"), D("0.5"), on=mid, baseline_date=B, target_date=T) is Status.ON_TRACK
    assert status(D("0.39"), D("0.5"), on=mid, baseline_date=B, target_date=T) is Status.OFF_TRACK
    assert status(D(1), D("0.5"), on=mid, baseline_date=B, target_date=T) is Status.ACHIEVED


def test_status_after_the_target_date_is_achieved_or_off_track() -> None:
    assert status(D("0.95"), D(1), on=T, baseline_date=B, target_date=T) is Status.OFF_TRACK
    assert status(D("1.1"), D(1), on=date(2028, 1, 1), baseline_date=B, target_date=T) is Status.ACHIEVED


def test_status_without_an_actual_is_not_started_or_no_data() -> None:
    early = date(2025, 12, 1)
    assert status(None, D("0.2"), on=early, baseline_date=B, target_date=T, started=False) is Status.NOT_STARTED
    assert status(None, D(0), on=date(2025, 1, 1), baseline_date=B, target_date=T) is Status.NOT_STARTED
    assert status(None, D("0.2"), on=early, baseline_date=B, target_date=T, started=True) is Status.NO_DATA
    assert status(None, None, on=early, baseline_date=None, target_date=None) is Status.NO_DATA


def _indicator(**kwargs: object) -> Indicator:
    values: dict[str, object] = {
        "code": "I",
        "name": "People reached",
        "unit": "people",
        "source": "s",
        "baseline": {"value": 0, "date": B},
        "target": {"value": 300, "date": T},
    }
    values.update(kwargs)
    return Indicator.model_validate(values)


def _m(project: str | None, value: int | str, day: date, **kwargs: object) -> Measurement:
    return Measurement.model_validate(
        {"indicator": "I", "project": project, "date": day, "value": value, "source": "ISR", **kwargs}
    )


def test_indicator_progress_aggregates_then_measures_progress() -> None:
    # A 200 + B 100 − overlap 50 = 250 people; 250 / 300 = 0.8333…; expected 365 / 730 = 0.5 → on track
    ind = _indicator(overlaps=[Overlap(projects=("A", "B"), amount=D(50), source="survey")])
    ms = [_m("A", 200, date(2026, 6, 30)), _m("B", 100, date(2026, 5, 31)), _m("A", 999, date(2026, 9, 1))]
    p = indicator_progress(ind, ms, date(2026, 7, 1))
    assert p.actual == 250 and p.actual_date == date(2026, 6, 30)
    assert p.progress == D(250) / D(300) and p.progress_capped == p.progress
    assert p.expected == D("0.5") and p.status is Status.ON_TRACK and not p.met
    assert p.projects == ("A", "B") and p.overlap_deducted == 50
    assert p.sources == ("s", "survey", "ISR")


def test_indicator_progress_for_a_decreasing_weighted_mean() -> None:
    # fatalities per 100M veh-km, baseline 4.8, target 3.0; (3.4·1240 + 4.2·310) / 1550 = 3.56
    # progress (3.56 − 4.8) / (3.0 − 4.8) = 1.24 / 1.8 = 0.6888…; at the target date → off track
    ind = _indicator(
        unit="deaths",
        direction="decrease",
        aggregation="weighted_mean",
        baseline={"value": D("4.8"), "date": B},
        target={"value": D("3.0"), "date": T},
    )
    ms = [_m("A", "3.4", date(2027, 6, 30), weight=1240), _m("B", "4.2", date(2027, 6, 30), weight=310)]
    p = indicator_progress(ind, ms, T)
    assert p.actual == D("3.56")
    assert p.progress == D("1.24") / D("1.8")
    assert p.status is Status.OFF_TRACK and p.expected == 1


def test_indicator_without_baseline_or_target_has_no_progress() -> None:
    p = indicator_progress(_indicator(baseline=None, target=None), [_m("A", 5, date(2026, 1, 1))], date(2026, 7, 1))
    assert p.actual == 5 and p.progress is None and p.status is Status.NO_DATA and p.note


def test_illustrative_marks_follow_the_value_and_the_target() -> None:
    ind = _indicator(illustrative_fields=["target"])
    p = indicator_progress(ind, [_m("A", 10, date(2026, 1, 1))], date(2026, 7, 1))
    assert (p.actual_illustrative, p.target_illustrative, p.illustrative) == (False, True, True)
    q = indicator_progress(_indicator(), [_m("A", 10, date(2026, 1, 1), illustrative=True)], date(2026, 7, 1))
    assert (q.actual_illustrative, q.target_illustrative, q.illustrative) == (True, False, True)
    ov = _indicator(overlaps=[Overlap(projects=("A", "B"), amount=D(1), illustrative=True)])
    r = indicator_progress(ov, [_m("A", 10, date(2026, 1, 1)), _m("B", 5, date(2026, 1, 1))], date(2026, 7, 1))
    assert r.actual == 14 and r.actual_illustrative


def test_a_floor_at_or_above_the_target_is_achieved() -> None:
    # "more than 300" against a target of 300: at least the target, so it is reached
    p = indicator_progress(_indicator(), [_m("A", 300, date(2026, 6, 30), qualifier="at_least")], date(2026, 7, 1))
    assert p.qualifier is Qualifier.AT_LEAST and p.progress_bound is Qualifier.AT_LEAST
    assert p.progress == 1 and p.status is Status.ACHIEVED and p.met


def test_a_floor_below_the_target_is_at_least_that_progress() -> None:
    # "more than 250" of 300 after the target date: at least 83%, and as far as the source says, short of it
    p = indicator_progress(_indicator(), [_m("A", 250, date(2027, 6, 30), qualifier="at_least")], T)
    assert p.progress == D(250) / D(300) and p.progress_bound is Qualifier.AT_LEAST
    assert p.status is Status.OFF_TRACK and not p.met


def test_a_ceiling_of_a_rising_indicator_never_shows_the_target_reached() -> None:
    # "up to 320 people" against a target of 300: it may be fewer than 300
    p = indicator_progress(_indicator(), [_m("A", 320, date(2027, 6, 30), qualifier="at_most")], T)
    assert p.progress_bound is Qualifier.AT_MOST and p.progress is not None and p.progress > 1
    assert p.status is Status.OFF_TRACK and not p.met


def test_a_ceiling_of_a_falling_indicator_is_a_floor_of_its_progress() -> None:
    # "less than 3.0 deaths" against a target of 3.0 (from 4.8): the target is reached
    ind = _indicator(direction="decrease", baseline={"value": D("4.8"), "date": B}, target={"value": D(3), "date": T})
    p = indicator_progress(ind, [_m("A", 3, date(2027, 6, 30), qualifier="at_most")], T)
    assert p.progress_bound is Qualifier.AT_LEAST and p.status is Status.ACHIEVED
