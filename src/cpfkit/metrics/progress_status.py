"""An indicator's status on a date: achieved, on track, off track, not started, no data.

The rules are those of :mod:`cpfkit.metrics.progress` (``docs/definitions.md``,
"Indicator progress and status").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

__all__ = ["ON_TRACK_TOLERANCE", "Status", "status"]

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
