"""The arithmetic of indicator progress: from baseline to target, its bound, its cap, and the expected line.

The rules are those of :mod:`cpfkit.metrics.progress` (``docs/definitions.md``,
"Indicator progress and status").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit.model import Direction, Qualifier

__all__ = ["cap", "expected_progress", "progress", "progress_bound"]

_ZERO = Decimal(0)
_ONE = Decimal(1)


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
