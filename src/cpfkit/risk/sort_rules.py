"""The rules of SORT ratings: the levels in order, the trend between two ratings, the suggested overall rating."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from cpfkit.model import RiskLevel, SortCategory

__all__ = ["CATEGORIES", "LEVELS", "LEVEL_CODES", "OVERALL", "suggest_overall", "trend", "trend_codes"]

LEVELS = tuple(RiskLevel)
LEVEL_CODES = tuple(level.value for level in LEVELS)
CATEGORIES = tuple(c.value for c in SortCategory if c is not SortCategory.OVERALL)
"""The categories rated one by one (every category but the overall rating)."""
OVERALL = SortCategory.OVERALL.value


def suggest_overall(ratings: Iterable[RiskLevel | str]) -> RiskLevel | None:
    """The suggested overall rating: the highest category rating (None when nothing is rated).

    A suggestion only: the overall rating of record is the team's judgement.

    Examples:
        >>> suggest_overall(["Moderate", "Substantial", "High", "Low"])
        <RiskLevel.HIGH: 'High'>
        >>> suggest_overall([]) is None
        True
    """
    levels = [RiskLevel(r) for r in ratings]
    return max(levels, key=LEVELS.index) if levels else None


def trend(current: RiskLevel | str | None, previous: RiskLevel | str | None) -> str | None:
    """``up`` (riskier), ``down``, ``same``, ``new`` (no earlier rating), or None when not rated.

    Examples:
        >>> trend("Substantial", "Moderate"), trend("Low", "Low"), trend("High", None)
        ('up', 'same', 'new')
    """
    if current is None:
        return None
    if previous is None:
        return "new"
    now, before = LEVELS.index(RiskLevel(current)), LEVELS.index(RiskLevel(previous))
    return "up" if now > before else "down" if now < before else "same"


def trend_codes(score: np.ndarray[Any, Any], previous: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """:func:`trend` of arrays of level numbers (1 … 4, 0 when not rated), element by element."""
    out = np.where(score > previous, "up", np.where(score < previous, "down", "same")).astype(object)
    out[previous == 0] = "new"
    out[score == 0] = None
    return out
