"""Indicator values: each project's latest measurement, and their aggregation to the programme.

Aggregation rules (docs/definitions.md, 'Indicator values: latest measurements and aggregation', where the
choices are written):

* A programme-level measurement (no project) is the de-duplicated total as
  reported; when one exists on or before the date, the latest one is the value.
* Otherwise each project contributes its latest measurement on or before the date, and
  - ``sum`` adds them and subtracts each declared overlap whose projects all
    contributed; an overlap of unknown size counts the overlapping projects as
    their largest one (the lower bound), and the plain sum is kept as the upper bound;
  - ``max`` takes the largest contribution;
  - ``weighted_mean`` takes Σ value·weight / Σ weight;
  - ``harmonic_mean`` takes Σ weight / Σ (weight / value): for speeds weighted by
    the distance each covers it is the total distance over the total time, the
    average speed of the whole; every value must be positive.
* A value stated as a bound ("more than 1,000": ``qualifier`` ``at_least``) makes
  the programme value a bound the same way, since every rule above grows with each
  contribution: floors (with exact values) give a floor, ceilings a ceiling; floors
  and ceilings together give a value that is neither (``mixed_bounds``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpfkit.model import Aggregation, Indicator, Measurement, Qualifier
from cpfkit.model.base import Num

__all__ = ["Aggregate", "aggregate", "harmonic_mean", "latest_by_project"]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class Aggregate:
    """An indicator's programme value on a date, with what it was computed from."""

    indicator: str
    as_of: date | None
    value: Num | None
    lower: Num | None
    upper: Num | None
    overlap_deducted: Num
    contributions: tuple[Measurement, ...]
    overlap_sources: tuple[str, ...]
    overlaps_illustrative: bool = False
    qualifier: Qualifier | None = None
    mixed_bounds: bool = False
    problem: str | None = None

    @property
    def projects(self) -> tuple[str, ...]:
        """The projects whose measurements make up the value."""
        return tuple(m.project for m in self.contributions if m.project is not None)

    @property
    def illustrative(self) -> bool:
        """Whether any figure behind the value (a measurement or a deducted overlap) is illustrative."""
        return self.overlaps_illustrative or any(m.illustrative for m in self.contributions)


def latest_by_project(
    measurements: Iterable[Measurement], indicator: str, as_of: date | None = None
) -> dict[str | None, Measurement]:
    """The latest measurement of an indicator from each project (None: programme level) up to a date."""
    latest: dict[str | None, Measurement] = {}
    for m in measurements:
        if m.indicator != indicator or (as_of is not None and m.date > as_of):
            continue
        current = latest.get(m.project)
        if current is None or m.date >= current.date:
            latest[m.project] = m
    return latest


def harmonic_mean(values: Iterable[Decimal], weights: Iterable[Decimal]) -> Decimal:
    """Σ weight / Σ (weight / value): the mean of rates weighted by what each rate covers.

    Speeds of 3.125 and 2.5974 times the pre-project speed on sections of 1,240 and
    310 km (the same pre-project speed on both) give the whole corridor's speed ratio:
    the pre-project time over the new time, 1,550 / (1,240 / 3.125 + 310 / 2.5974).

    Examples:
        >>> round(harmonic_mean([Decimal("3.125"), Decimal("2.5974")], [Decimal(1240), Decimal(310)]), 4)
        Decimal('3.0030')
        >>> harmonic_mean([Decimal(60), Decimal(120)], [Decimal(120), Decimal(120)])  # 240 km in 3 h
        Decimal('80')
    """
    pairs = list(zip(values, weights, strict=True))
    return sum((w for _, w in pairs), _ZERO) / sum((w / v for v, w in pairs), _ZERO)


def _bound(contributions: Iterable[Measurement]) -> tuple[Qualifier | None, bool]:
    """The bound of a value that grows with each contribution: floors give a floor, ceilings a ceiling."""
    found = {m.qualifier for m in contributions if m.qualifier is not None}
    if len(found) > 1:
        return None, True
    return (found.pop() if found else None), False


def aggregate(indicator: Indicator, measurements: Iterable[Measurement], as_of: date | None = None) -> Aggregate:
    """The programme value of an indicator on a date (latest values; see the module rules).

    Examples:
        >>> from cpfkit.model import Overlap
        >>> ind = Indicator(code="I1", name="Users", unit="people", source="s",
        ...     overlaps=(Overlap(projects=("A", "B"), amount=Decimal(10), source="s"),))
        >>> ms = [Measurement(indicator="I1", project=p, date=date(2024, 1, 1), value=Decimal(v), source="s")
        ...       for p, v in (("A", 100), ("B", 50))]
        >>> aggregate(ind, ms).value
        Decimal('140')
    """
    latest = latest_by_project(measurements, indicator.code, as_of)
    programme_level = latest.pop(None, None)
    if programme_level is not None:
        v = programme_level.value
        return Aggregate(
            indicator.code, as_of, v, v, v, _ZERO, (programme_level,), (), qualifier=programme_level.qualifier
        )
    contributions = tuple(latest[p] for p in sorted(latest, key=str))
    if not contributions:
        return Aggregate(indicator.code, as_of, None, None, None, _ZERO, (), ())
    qualifier, mixed = _bound(contributions)
    values = [m.value for m in contributions]
    if indicator.aggregation is Aggregation.MAX:
        top = max(values)
        return Aggregate(indicator.code, as_of, top, top, top, _ZERO, contributions, (), False, qualifier, mixed)
    if indicator.aggregation in (Aggregation.WEIGHTED_MEAN, Aggregation.HARMONIC_MEAN):
        weights = [m.weight if m.weight is not None else Decimal(1) for m in contributions]
        if indicator.aggregation is Aggregation.HARMONIC_MEAN:
            if any(v <= 0 for v in values):
                problem = "a harmonic mean needs positive values"
                return Aggregate(indicator.code, as_of, None, None, None, _ZERO, contributions, (), problem=problem)
            mean = harmonic_mean(values, weights)
        else:
            mean = sum((v * w for v, w in zip(values, weights, strict=True)), _ZERO) / sum(weights, _ZERO)
        return Aggregate(indicator.code, as_of, mean, mean, mean, _ZERO, contributions, (), False, qualifier, mixed)
    total = sum(values, _ZERO)
    by_project = {m.project: m.value for m in contributions}
    known = _ZERO
    unknown = _ZERO
    sources: list[str] = []
    overlaps_illustrative = False
    for overlap in indicator.overlaps:
        if not all(p in by_project for p in overlap.projects):
            continue
        shared = [by_project[p] for p in overlap.projects]
        if overlap.amount is not None:
            known += min(overlap.amount, sum(shared, _ZERO) - max(shared))
        else:
            unknown += sum(shared, _ZERO) - max(shared)
        if overlap.source:
            sources.append(overlap.source)
        overlaps_illustrative = overlaps_illustrative or overlap.illustrative
    lower = total - known - unknown
    return Aggregate(
        indicator.code,
        as_of,
        lower,
        lower,
        total - known,
        known + unknown,
        contributions,
        tuple(sources),
        overlaps_illustrative,
        qualifier,
        mixed,
    )
