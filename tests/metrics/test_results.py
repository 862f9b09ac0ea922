from datetime import date
from decimal import Decimal

from cpfkit.metrics.results import aggregate, latest_by_project
from cpfkit.model import Indicator, Measurement, Overlap, Qualifier


def m(project: str | None, value: int | str, day: date = date(2024, 6, 30), weight: int | None = None) -> Measurement:
    return Measurement(
        indicator="I",
        project=project,
        date=day,
        value=Decimal(value),
        weight=Decimal(weight) if weight is not None else None,
        source="s",
    )


def indicator(aggregation: str = "sum", overlaps: tuple[Overlap, ...] = ()) -> Indicator:
    return Indicator(code="I", name="n", unit="u", aggregation=aggregation, overlaps=overlaps, source="s")  # type: ignore[arg-type]


def test_latest_value_per_project_up_to_the_date() -> None:
    ms = [m("A", 10, date(2023, 1, 1)), m("A", 30, date(2024, 1, 1)), m("A", 99, date(2026, 1, 1))]
    assert latest_by_project(ms, "I", date(2025, 1, 1))["A"].value == 30


def test_sum_subtracts_a_declared_overlap_once() -> None:
    overlap = Overlap(projects=("A", "B"), amount=Decimal(120000), source="survey")
    agg = aggregate(indicator("sum", (overlap,)), [m("A", 2_000_000), m("B", 3_120_000)])
    assert agg.value == Decimal(5_000_000)
    assert agg.upper == Decimal(5_000_000)
    assert agg.overlap_deducted == Decimal(120000)
    assert agg.projects == ("A", "B")


def test_an_overlap_of_unknown_size_gives_the_largest_project_as_lower_bound() -> None:
    agg = aggregate(indicator("sum", (Overlap(projects=("A", "B"), source="s"),)), [m("A", 70), m("B", 50)])
    assert (agg.lower, agg.upper) == (Decimal(70), Decimal(120))


def test_an_overlap_only_counts_when_all_its_projects_reported() -> None:
    overlap = Overlap(projects=("A", "B"), amount=Decimal(5), source="s")
    assert aggregate(indicator("sum", (overlap,)), [m("A", 70)]).value == Decimal(70)


def test_weighted_mean_of_rates() -> None:
    # travel time cut by 70% on 300 km and 50% on 100 km: (70*300 + 50*100) / 400 = 65
    agg = aggregate(indicator("weighted_mean"), [m("A", 70, weight=300), m("B", 50, weight=100)])
    assert agg.value == Decimal(65)


def test_max_never_double_counts() -> None:
    assert aggregate(indicator("max"), [m("A", 70), m("B", 50)]).value == Decimal(70)


def test_a_programme_level_value_is_the_total() -> None:
    assert aggregate(indicator("sum"), [m("A", 70), m("B", 50), m(None, 100)]).value == Decimal(100)


def test_no_measurement_gives_no_value() -> None:
    agg = aggregate(indicator("sum"), [])
    assert agg.value is None and agg.projects == ()


def bounded(project: str, value: int | str, qualifier: str | None, weight: int | None = None) -> Measurement:
    return m(project, value, weight=weight).model_copy(
        update={"qualifier": Qualifier(qualifier) if qualifier else None}
    )


def test_harmonic_mean_of_speeds_is_total_distance_over_total_time() -> None:
    # ×3.125 on 1,240 km, ×2.5974 on 310 km: 1,550 / (1,240 / 3.125 + 310 / 2.5974) = 3.0030 (arithmetic: 3.0195)
    agg = aggregate(indicator("harmonic_mean"), [m("A", "3.125", weight=1240), m("B", "2.5974", weight=310)])
    assert agg.value is not None and round(agg.value, 4) == Decimal("3.0030")
    # 120 km at 60 km/h and 120 km at 120 km/h: 240 km in 3 h is 80 km/h, not 90
    assert aggregate(indicator("harmonic_mean"), [m("A", 60, weight=120), m("B", 120, weight=120)]).value == 80


def test_a_harmonic_mean_over_a_zero_speed_has_no_value_and_says_why() -> None:
    agg = aggregate(indicator("harmonic_mean"), [m("A", 0, weight=10), m("B", 2, weight=10)])
    assert agg.value is None and agg.problem == "a harmonic mean needs positive values"


def test_floors_add_up_to_a_floor() -> None:
    agg = aggregate(indicator("sum"), [bounded("A", 760, "at_least"), bounded("B", 440, "at_least")])
    assert (agg.value, agg.qualifier, agg.mixed_bounds) == (Decimal(1200), Qualifier.AT_LEAST, False)
    exact_and_floor = aggregate(indicator("sum"), [bounded("A", 760, None), bounded("B", 440, "at_least")])
    assert exact_and_floor.qualifier is Qualifier.AT_LEAST
    assert aggregate(indicator("sum"), [m("A", 760), m("B", 440)]).qualifier is None


def test_a_floor_and_a_ceiling_together_give_neither() -> None:
    agg = aggregate(indicator("sum"), [bounded("A", 760, "at_least"), bounded("B", 440, "at_most")])
    assert agg.qualifier is None and agg.mixed_bounds
