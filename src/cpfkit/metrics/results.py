"""Indicator values: each project's latest measurement, and their aggregation to the programme.

Aggregation rules (``domain.md`` §6.2; the choices are written in ``docs/definitions.md``):

* A programme-level measurement (no project) is the de-duplicated total as
  reported; when one exists on or before the date, the latest one is the value.
* Otherwise each project contributes its latest measurement on or before the date, and
  - ``sum`` adds them and subtracts each declared overlap whose projects all
    contributed; an overlap of unknown size counts the overlapping projects as
    their largest one (the lower bound), and the plain sum is kept as the upper bound;
  - ``max`` takes the largest contribution;
  - ``weighted_mean`` takes Σ value·weight / Σ weight.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpfkit.model import Aggregation, Indicator, Measurement
from cpfkit.model.base import Num

__all__ = ["Aggregate", "aggregate", "latest_by_project"]

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
        return Aggregate(indicator.code, as_of, v, v, v, _ZERO, (programme_level,), ())
    contributions = tuple(latest[p] for p in sorted(latest, key=str))
    if not contributions:
        return Aggregate(indicator.code, as_of, None, None, None, _ZERO, (), ())
    values = [m.value for m in contributions]
    if indicator.aggregation is Aggregation.MAX:
        top = max(values)
        return Aggregate(indicator.code, as_of, top, top, top, _ZERO, contributions, ())
    if indicator.aggregation is Aggregation.WEIGHTED_MEAN:
        weights = [m.weight if m.weight is not None else Decimal(1) for m in contributions]
        mean = sum((v * w for v, w in zip(values, weights, strict=True)), _ZERO) / sum(weights, _ZERO)
        return Aggregate(indicator.code, as_of, mean, mean, mean, _ZERO, contributions, ())
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
    )
