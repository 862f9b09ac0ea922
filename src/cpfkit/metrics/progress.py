"""Indicator progress: how far an indicator has moved from its baseline towards its target, and its status.

Rules (docs/definitions.md, 'Indicator progress and status'; the choices where the source leaves room are written
in ``docs/definitions.md``, "Indicator progress and status"):

* progress = (actual − baseline) / (target − baseline): the formula works in both
  directions, so a decrease target (travel time, fatalities) needs no special case;
  the raw value is kept for analysis (above 1 = beyond target, below 0 = moved the
  wrong way) and the capped value, clamped to [0, 1], is what bars and ratings use;
* when target = baseline (an indicator that must hold a level) progress is 1 when
  the actual is at least as good as the target for the indicator's direction
  (``increase`` and ``maintain``: not below it; ``decrease``: not above it), else 0;
* expected progress on a date follows the straight line from the baseline date
  (0) to the target date (1), clamped to [0, 1];
* status: ``achieved`` (progress ≥ 1), ``on track`` (progress ≥ 0.8 × expected
  while the target date is ahead), ``off track`` (below that, or not achieved by
  the target date), ``not started`` (no actual yet and nothing could have moved
  it: the date is before the baseline date, or no supporting operation has been
  approved), ``no data`` (no actual although an operation is under way, or no
  baseline and target to measure against);
* an actual stated as a bound ("more than 1,000") gives progress as a bound: a
  floor of an ``increase`` or ``maintain`` indicator (a ceiling of a ``decrease``
  one) shows at least that progress, so at or beyond target it is achieved and
  below it the status is read from the bound ("at least 83%"); a bound the other
  way shows at most that progress, and never makes the target achieved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from cpfkit.metrics.results import Aggregate, aggregate
from cpfkit.model import Direction, Indicator, Measurement, Qualifier
from cpfkit.model.base import Num

__all__ = [
    "ON_TRACK_TOLERANCE",
    "IndicatorProgress",
    "Status",
    "cap",
    "expected_progress",
    "indicator_progress",
    "progress",
    "progress_bound",
    "status",
]

ON_TRACK_TOLERANCE = Decimal("0.8")
"""An indicator is on track when its progress is at least this share of the expected progress (cpfkit convention)."""

_ZERO = Decimal(0)
_ONE = Decimal(1)


class Status(StrEnum):
    """Where an indicator stands on a date, best first."""

    ACHIEVED = "achieved"
    ON_TRACK = "on track"
    OFF_TRACK = "off track"
    NOT_STARTED = "not started"
    NO_DATA = "no data"


def progress(actual: Decimal, baseline: Decimal, target: Decimal, direction: Direction = Direction.INCREASE) -> Decimal:
    """Progress from baseline to target, uncapped (1 = target reached).

    Args:
        actual: the latest actual value.
        baseline: the value at the baseline date.
        target: the value to reach by the target date.
        direction: which way the indicator should move; it matters only when
            ``target == baseline``.

    Examples:
        Irrigated area, baseline 0 ha, target 40,000 ha, actual 30,000
        (docs/definitions.md, 'Indicator progress and status'):

        >>> progress(Decimal(30000), Decimal(0), Decimal(40000))
        Decimal('0.75')

        Travel time, a decrease: baseline 6.0 h, target 2.0 h, actual 3.0 h:

        >>> progress(Decimal("3.0"), Decimal("6.0"), Decimal("2.0"), Direction.DECREASE)
        Decimal('0.75')

        Beyond target, and the wrong way:

        >>> progress(Decimal(50000), Decimal(0), Decimal(40000)), progress(Decimal(7), Decimal(6), Decimal(2))
        (Decimal('1.25'), Decimal('-0.25'))

        Holding a level (target = baseline):

        >>> progress(Decimal(96), Decimal(95), Decimal(95), Direction.MAINTAIN)
        Decimal('1')
        >>> progress(Decimal(96), Decimal(95), Decimal(95), Direction.DECREASE)
        Decimal('0')
    """
    if target == baseline:
        met = actual <= target if direction is Direction.DECREASE else actual >= target
        return _ONE if met else _ZERO
    return (actual - baseline) / (target - baseline)


def progress_bound(qualifier: Qualifier | None, direction: Direction) -> Qualifier | None:
    """Which bound of progress an actual stated as a bound gives (None: an exact actual gives exact progress).

    A floor of an indicator that should rise is a floor of its progress; a floor of
    one that should fall is a ceiling of its progress, and the other way round.

    Examples:
        >>> floor = Qualifier.AT_LEAST
        >>> progress_bound(floor, Direction.INCREASE), progress_bound(floor, Direction.DECREASE)
        (<Qualifier.AT_LEAST: 'at_least'>, <Qualifier.AT_MOST: 'at_most'>)
        >>> progress_bound(Qualifier.AT_MOST, Direction.DECREASE), progress_bound(None, Direction.INCREASE)
        (<Qualifier.AT_LEAST: 'at_least'>, None)
    """
    if qualifier is None:
        return None
    falls = direction is Direction.DECREASE
    good = Qualifier.AT_MOST if falls else Qualifier.AT_LEAST
    return Qualifier.AT_LEAST if qualifier is good else Qualifier.AT_MOST


def cap(value: Decimal) -> Decimal:
    """Progress clamped to [0, 1], for bars and ratings.

    Examples:
        >>> cap(Decimal("1.25")), cap(Decimal("-0.25")), cap(Decimal("0.4"))
        (Decimal('1'), Decimal('0'), Decimal('0.4'))
    """
    return min(max(value, _ZERO), _ONE)


def expected_progress(on: date, baseline_date: date, target_date: date) -> Decimal:
    """Share of the way from baseline to target expected by a date, on a straight line, in [0, 1].

    Examples:
        Halfway between a baseline on 1 July 2025 and a target on 1 July 2027:

        >>> expected_progress(date(2026, 7, 1), date(2025, 7, 1), date(2027, 7, 1))
        Decimal('0.5')
        >>> expected_progress(date(2024, 1, 1), date(2025, 7, 1), date(2027, 7, 1))
        Decimal('0')
        >>> expected_progress(date(2030, 1, 1), date(2025, 7, 1), date(2027, 7, 1))
        Decimal('1')
    """
    if on <= baseline_date:
        return _ZERO
    if on >= target_date:
        return _ONE
    return Decimal((on - baseline_date).days) / Decimal((target_date - baseline_date).days)


def status(
    value: Decimal | None,
    expected: Decimal | None,
    *,
    on: date,
    baseline_date: date | None,
    target_date: date | None,
    started: bool = True,
    tolerance: Decimal = ON_TRACK_TOLERANCE,
    confirmed: bool = True,
) -> Status:
    """The status of an indicator on a date.

    Args:
        value: uncapped progress (None when there is no actual value, or nothing to measure it against).
        expected: expected progress on the date (None without baseline and target dates).
        on: the date of the status.
        baseline_date: the indicator's baseline date, if any.
        target_date: the indicator's target date, if any.
        started: whether any operation supporting the indicator's objective was approved by ``on``.
        tolerance: share of the expected progress that still counts as on track.
        confirmed: False when ``value`` is only a ceiling of the progress (an actual
            stated as a bound the wrong way): it can then not show the target achieved.

    Examples:
        At mid-term (expected 0.5) an indicator at 0.75 is on track (0.75 ≥ 0.8 × 0.5,
        docs/definitions.md, 'Indicator progress and status'):

        >>> b, t = date(2025, 7, 1), date(2027, 7, 1)
        >>> status(Decimal("0.75"), Decimal("0.5"), on=date(2026, 7, 1), baseline_date=b, target_date=t)
        <Status.ON_TRACK: 'on track'>
        >>> status(Decimal("0.3"), Decimal("0.5"), on=date(2026, 7, 1), baseline_date=b, target_date=t)
        <Status.OFF_TRACK: 'off track'>

        Past the target date there is no track left:

        >>> status(Decimal("0.9"), Decimal("1"), on=date(2027, 7, 1), baseline_date=b, target_date=t)
        <Status.OFF_TRACK: 'off track'>
        >>> status(None, Decimal("0.2"), on=date(2025, 12, 1), baseline_date=b, target_date=t, started=False)
        <Status.NOT_STARTED: 'not started'>

        A ceiling of progress at or beyond the target does not show it reached:

        >>> status(Decimal("1.2"), Decimal("1"), on=date(2027, 7, 1), baseline_date=b, target_date=t, confirmed=False)
        <Status.OFF_TRACK: 'off track'>
    """
    if value is None:
        if baseline_date is not None and target_date is not None and (on < baseline_date or not started):
            return Status.NOT_STARTED
        return Status.NO_DATA
    if value >= _ONE and confirmed:
        return Status.ACHIEVED
    if target_date is not None and on >= target_date:
        return Status.OFF_TRACK
    if value >= tolerance * (expected if expected is not None else _ZERO):
        return Status.ON_TRACK
    return Status.OFF_TRACK


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator on a date: its value (by the declared aggregation), progress and status.

    ``projects`` are the operations whose measurements make up the value;
    ``actual_date`` is the date of the latest of those measurements.
    ``actual_illustrative`` marks a value resting on an illustrative figure,
    ``target_illustrative`` an illustrative baseline or target; ``illustrative``
    is either (progress rests on both).  ``qualifier`` is the bound the actual is
    stated with ("more than 1,000": ``at_least``) and ``progress_bound`` the bound
    it gives progress (``at_least``: at least that progress; ``at_most``: at most).
    """

    code: str
    name: str
    unit: str
    kind: str
    direction: str
    aggregation: str
    headline: bool
    published: str | None
    baseline: Num | None
    baseline_date: date | None
    target: Num | None
    target_date: date | None
    as_of: date
    actual: Num | None
    actual_date: date | None
    qualifier: Qualifier | None
    progress_bound: Qualifier | None
    lower: Num | None
    upper: Num | None
    overlap_deducted: Num
    progress: Num | None
    progress_capped: Num | None
    expected: Num | None
    status: Status
    note: str | None
    projects: tuple[str, ...]
    sources: tuple[str, ...]
    actual_illustrative: bool
    target_illustrative: bool
    illustrative: bool

    @property
    def met(self) -> bool:
        """Whether the target is shown reached: progress ≥ 1, and not only as a ceiling of progress."""
        return self.progress is not None and self.progress >= _ONE and self.progress_bound is not Qualifier.AT_MOST


def indicator_progress(
    indicator: Indicator,
    measurements: Iterable[Measurement],
    as_of: date,
    *,
    started: bool = True,
    tolerance: Decimal = ON_TRACK_TOLERANCE,
) -> IndicatorProgress:
    """An indicator's value, progress and status on a date, from the measurements up to that date.

    Args:
        indicator: the indicator with its baseline, target, direction and aggregation.
        measurements: measurements (of any indicator; others are ignored).
        as_of: the date of the figures.
        started: whether an operation supporting the indicator's objective was approved by ``as_of``.
        tolerance: see :func:`status`.

    Examples:
        >>> ind = Indicator(code="T", name="Travel time", unit="h", direction="decrease", source="s",
        ...     baseline={"value": 6, "date": date(2025, 7, 1)}, target={"value": 2, "date": date(2027, 7, 1)})
        >>> m = Measurement(indicator="T", project="P1", date=date(2026, 6, 30), value=Decimal(3), source="s")
        >>> p = indicator_progress(ind, [m], date(2026, 7, 1))
        >>> p.progress, p.expected, p.status.value
        (Decimal('0.75'), Decimal('0.5'), 'on track')
    """
    agg: Aggregate = aggregate(indicator, measurements, as_of)
    base, target = indicator.baseline, indicator.target
    raw: Decimal | None = None
    expected: Decimal | None = None
    note: str | None = None
    if base is not None and target is not None:
        expected = expected_progress(as_of, base.date, target.date)
        if agg.value is not None:
            raw = progress(agg.value, base.value, target.value, indicator.direction)
    elif agg.value is not None:
        note = "no baseline and target to measure against"
    if agg.problem is not None:
        note = agg.problem
    elif agg.mixed_bounds:
        note = "some values are floors and some ceilings: the value is neither"
    bound = progress_bound(agg.qualifier, indicator.direction)
    state = status(
        raw,
        expected,
        on=as_of,
        baseline_date=base.date if base else None,
        target_date=target.date if target else None,
        started=started,
        tolerance=tolerance,
        confirmed=bound is not Qualifier.AT_MOST,
    )
    actual_illustrative = agg.value is not None and (indicator.illustrative or agg.illustrative)
    target_illustrative = indicator.is_illustrative("baseline") or indicator.is_illustrative("target")
    sources = tuple(
        dict.fromkeys(s for s in (indicator.source, *agg.overlap_sources, *(m.source for m in agg.contributions)) if s)
    )
    return IndicatorProgress(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        kind=indicator.kind.value,
        direction=indicator.direction.value,
        aggregation=indicator.aggregation.value,
        headline=indicator.headline,
        published=indicator.published,
        baseline=base.value if base else None,
        baseline_date=base.date if base else None,
        target=target.value if target else None,
        target_date=target.date if target else None,
        as_of=as_of,
        actual=agg.value,
        actual_date=max((m.date for m in agg.contributions), default=None),
        qualifier=agg.qualifier,
        progress_bound=bound if raw is not None else None,
        lower=agg.lower,
        upper=agg.upper,
        overlap_deducted=agg.overlap_deducted,
        progress=raw,
        progress_capped=cap(raw) if raw is not None else None,
        expected=expected,
        status=state,
        note=note,
        projects=agg.projects,
        sources=sources,
        actual_illustrative=actual_illustrative,
        target_illustrative=target_illustrative,
        illustrative=actual_illustrative or target_illustrative,
    )
