"""Objective ratings suggested from indicator progress, and the development outcome suggested from them.

Rules (docs/definitions.md, 'Objective ratings', cpfkit conventions; written in ``docs/definitions.md``,
"Objective ratings"):

* An objective is rated from its CPF objective indicators (its supplementary
  progress indicators only when it has no objective indicator), with capped
  progress p ∈ [0, 1]:
  Not Verified if more than half have no actual value; otherwise, counting an
  indicator without a value as not met (p = 0),
  Achieved if every indicator is met (p = 1);
  Mostly Achieved if at least two-thirds are met and none has p < 0.5;
  Partially Achieved if at least one is met or the mean p is at least 0.5;
  Not Achieved otherwise.
* The development outcome is suggested from the objective ratings of record
  (overrides included): scores Achieved 4, Mostly 3, Partially 2, Not Achieved 1,
  Not Verified left out; mean m → HS (m ≥ 3.75), S (≥ 3.25), MS (≥ 2.75),
  MU (≥ 2.25), U (≥ 1.5), HU; no suggestion when more than half are Not Verified.
* A progress status of the objective, for the mid-term review: off track if any
  of its rated indicators is off track, achieved if all are achieved, not started
  if none has started, no data if more than half of those started have no data,
  on track otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from cpfkit.metrics.progress_formula import cap
from cpfkit.metrics.progress_status import Status
from cpfkit.model.ratings import OutcomeRating
from cpfkit.model.reviews import ObjectiveRating

__all__ = [
    "OBJECTIVE_SCORES",
    "objective_status",
    "suggest_development_outcome",
    "suggest_objective_rating",
]

OBJECTIVE_SCORES = {
    ObjectiveRating.ACHIEVED: 4,
    ObjectiveRating.MOSTLY_ACHIEVED: 3,
    ObjectiveRating.PARTIALLY_ACHIEVED: 2,
    ObjectiveRating.NOT_ACHIEVED: 1,
}
"""Scores of the objective ratings for the suggested development outcome (Not Verified has none)."""

_OUTCOME_THRESHOLDS = (
    (Decimal("3.75"), OutcomeRating.HS),
    (Decimal("3.25"), OutcomeRating.S),
    (Decimal("2.75"), OutcomeRating.MS),
    (Decimal("2.25"), OutcomeRating.MU),
    (Decimal("1.5"), OutcomeRating.U),
)
_ONE = Decimal(1)
_HALF = Decimal("0.5")


def suggest_objective_rating(progress: Sequence[Decimal | None]) -> ObjectiveRating:
    """The rating an objective's indicators suggest.

    Args:
        progress: the progress of each indicator the objective is rated on (capped
            or not; None where there is no actual value).

    Examples:
        >>> D = Decimal
        >>> suggest_objective_rating([D(1), D("1.2")]).value
        'Achieved'
        >>> suggest_objective_rating([D(1), D(1), D("0.6")]).value
        'Mostly Achieved'
        >>> suggest_objective_rating([D(1), D(1), D("0.4")]).value
        'Partially Achieved'
        >>> suggest_objective_rating([D("0.6"), D("0.5")]).value
        'Partially Achieved'
        >>> suggest_objective_rating([D("0.3"), D("0.2")]).value
        'Not Achieved'
        >>> suggest_objective_rating([D(1), None, None]).value
        'Not Verified'
    """
    n = len(progress)
    missing = sum(1 for p in progress if p is None)
    if n == 0 or 2 * missing > n:
        return ObjectiveRating.NOT_VERIFIED
    capped = [cap(p) if p is not None else Decimal(0) for p in progress]
    met = sum(1 for p in capped if p >= _ONE)
    if met == n:
        return ObjectiveRating.ACHIEVED
    if 3 * met >= 2 * n and all(p >= _HALF for p in capped):
        return ObjectiveRating.MOSTLY_ACHIEVED
    if met >= 1 or sum(capped) / n >= _HALF:
        return ObjectiveRating.PARTIALLY_ACHIEVED
    return ObjectiveRating.NOT_ACHIEVED


def suggest_development_outcome(ratings: Sequence[ObjectiveRating]) -> OutcomeRating | None:
    """The development outcome the objective ratings suggest (None: insufficient evidence).

    Examples:
        docs/definitions.md, 'Objective ratings': 3 Achieved, 3 Mostly, 1 Partially, 1 Not Verified
        → m = 23/7 = 3.29 → S.

        >>> R = ObjectiveRating
        >>> rs = [R.ACHIEVED] * 3 + [R.MOSTLY_ACHIEVED] * 3 + [R.PARTIALLY_ACHIEVED, R.NOT_VERIFIED]
        >>> suggest_development_outcome(rs)
        <OutcomeRating.S: 'S'>
        >>> suggest_development_outcome([R.NOT_VERIFIED, R.NOT_VERIFIED, R.ACHIEVED]) is None
        True
    """
    scored = [OBJECTIVE_SCORES[r] for r in ratings if r is not ObjectiveRating.NOT_VERIFIED]
    if not ratings or 2 * (len(ratings) - len(scored)) > len(ratings) or not scored:
        return None
    mean = Decimal(sum(scored)) / Decimal(len(scored))
    for threshold, rating in _OUTCOME_THRESHOLDS:
        if mean >= threshold:
            return rating
    return OutcomeRating.HU


def objective_status(statuses: Sequence[Status]) -> Status:
    """The progress status of an objective from the statuses of the indicators it is rated on.

    Examples:
        >>> S = Status
        >>> objective_status([S.ACHIEVED, S.ON_TRACK, S.OFF_TRACK]).value
        'off track'
        >>> objective_status([S.ACHIEVED, S.ON_TRACK, S.NOT_STARTED]).value
        'on track'
        >>> objective_status([S.NO_DATA, S.NO_DATA, S.ON_TRACK]).value
        'no data'
        >>> objective_status([S.NOT_STARTED]).value, objective_status([]).value
        ('not started', 'no data')
    """
    if not statuses:
        return Status.NO_DATA
    started = [s for s in statuses if s is not Status.NOT_STARTED]
    if not started:
        return Status.NOT_STARTED
    if Status.OFF_TRACK in started:
        return Status.OFF_TRACK
    if all(s is Status.ACHIEVED for s in statuses):
        return Status.ACHIEVED
    if 2 * sum(1 for s in started if s is Status.NO_DATA) > len(started):
        return Status.NO_DATA
    return Status.ON_TRACK
