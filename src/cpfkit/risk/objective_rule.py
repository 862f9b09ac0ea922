"""The suggested rating of a CPF objective from the progress of its indicators.

See docs/definitions.md, 'Objective ratings'.

cpfkit convention (the rule of record is IEG's judgement, which the sources do
not reduce to a formula): with p the capped progress of each indicator
(0 … 1; None when the indicator has no value),

* **Not Verified** if more than half of the indicators lack a value (or there are none);
* **Achieved** if every indicator with a value is met (p ≥ 1);
* **Mostly Achieved** if at least two thirds are met and none has p < 0.5;
* **Partially Achieved** if at least one is met or the mean p is at least 0.5;
* **Not Achieved** otherwise.

Indicators without a value are left out of the last four tests.  The same
rule exists as a scalar function (for people and tests) and vectorised over
simulation runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["ACHIEVED_OR_MOSTLY", "RATINGS", "objective_ratings", "suggest_objective_rating"]

RATINGS = ("Achieved", "Mostly Achieved", "Partially Achieved", "Not Achieved", "Not Verified")
ACHIEVED_OR_MOSTLY = (0, 1)
_MET = 1 - 1e-9


def suggest_objective_rating(progress: Sequence[float | None]) -> str:
    """The suggested rating of one objective.

    Examples:
        >>> suggest_objective_rating([1.0, 1.2, 0.6])
        'Mostly Achieved'
        >>> suggest_objective_rating([1.0, 0.4, 0.3])
        'Partially Achieved'
        >>> suggest_objective_rating([0.2, None, None])
        'Not Verified'
    """
    values = np.array([np.nan if p is None else min(max(p, 0.0), 1.0) for p in progress], dtype=float)
    return RATINGS[int(objective_ratings(values.reshape(1, -1))[0])]


def objective_ratings(progress: NDArray[np.float64]) -> NDArray[np.int8]:
    """The suggested rating (an index into :data:`RATINGS`) for each run.

    Args:
        progress: runs × indicators, capped progress in [0, 1], NaN where an indicator has no value.
    """
    runs, k = progress.shape
    out = np.full(runs, 4, dtype=np.int8)
    if k == 0:
        return out
    present = ~np.isnan(progress)
    n_present = present.sum(axis=1)
    p = np.where(present, progress, 0.0)
    met = (p >= _MET) & present
    n_met = met.sum(axis=1)
    low = ((p < 0.5) & present).any(axis=1)
    mean = np.divide(p.sum(axis=1), n_present, out=np.zeros(runs), where=n_present > 0)
    verified = (k - n_present) * 2 <= k
    achieved = n_met == n_present
    mostly = (n_met * 3 >= n_present * 2) & ~low
    partly = (n_met >= 1) | (mean >= 0.5)
    rating = np.where(achieved, 0, np.where(mostly, 1, np.where(partly, 2, 3)))
    out[verified & (n_present > 0)] = rating[verified & (n_present > 0)]
    return out
