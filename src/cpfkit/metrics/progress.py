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

from cpfkit.metrics.progress_formula import cap, expected_progress, progress, progress_bound
from cpfkit.metrics.progress_status import ON_TRACK_TOLERANCE, Status, status
from cpfkit.metrics.results import Aggregate, aggregate
from cpfkit.model import Indicator, Measurement, Qualifier
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

_ONE = Decimal(1)


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
