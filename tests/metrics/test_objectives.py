"""Objective ratings and the development outcome suggested from them (docs/definitions.md, 'Objective ratings')."""

from decimal import Decimal

import pytest

from cpfkit.metrics.objectives import objective_status, suggest_development_outcome, suggest_objective_rating
from cpfkit.metrics.progress import Status
from cpfkit.model import OutcomeRating
from cpfkit.model.reviews import ObjectiveRating as R

D = Decimal


@pytest.mark.parametrize(
    ("progress", "rating"),
    [
        ([D(1), D("1.3")], R.ACHIEVED),  # every indicator met
        ([D(1), D(1), D("0.5")], R.MOSTLY_ACHIEVED),  # 2 of 3 met (≥ 2/3), none below 0.5
        ([D(1), D(1), D("0.49")], R.PARTIALLY_ACHIEVED),  # one below 0.5 → not Mostly; one met → Partially
        ([D(1), D("0.2"), D("0.2")], R.PARTIALLY_ACHIEVED),  # 1 of 3 met
        ([D("0.6"), D("0.4")], R.PARTIALLY_ACHIEVED),  # none met, mean 0.5
        ([D("0.6"), D("0.39")], R.NOT_ACHIEVED),  # none met, mean 0.495
        ([D("-0.5"), D("1.5")], R.PARTIALLY_ACHIEVED),  # capped: 0 and 1 → one met
        ([D(1), None, None], R.NOT_VERIFIED),  # 2 of 3 without a value: more than half
        ([D(1), D(1), None, None], R.PARTIALLY_ACHIEVED),  # exactly half missing: rated, missing count as 0
        ([], R.NOT_VERIFIED),
    ],
)
def test_objective_rating_rule(progress: list[Decimal | None], rating: R) -> None:
    assert suggest_objective_rating(progress) is rating


def test_development_outcome_example_of_the_domain_reference() -> None:
    # 3 Achieved, 3 Mostly, 1 Partially, 1 Not Verified → m = (12 + 9 + 2) / 7 = 3.29 → S
    ratings = [R.ACHIEVED] * 3 + [R.MOSTLY_ACHIEVED] * 3 + [R.PARTIALLY_ACHIEVED, R.NOT_VERIFIED]
    assert suggest_development_outcome(ratings) is OutcomeRating.S


@pytest.mark.parametrize(
    ("ratings", "outcome"),
    [
        ([R.ACHIEVED, R.ACHIEVED, R.ACHIEVED, R.MOSTLY_ACHIEVED], OutcomeRating.HS),  # 15/4 = 3.75
        ([R.ACHIEVED, R.MOSTLY_ACHIEVED, R.MOSTLY_ACHIEVED, R.MOSTLY_ACHIEVED], OutcomeRating.S),  # 13/4 = 3.25
        ([R.ACHIEVED, R.MOSTLY_ACHIEVED, R.PARTIALLY_ACHIEVED, R.MOSTLY_ACHIEVED], OutcomeRating.MS),  # 11/4 = 2.75
        ([R.MOSTLY_ACHIEVED, R.PARTIALLY_ACHIEVED, R.PARTIALLY_ACHIEVED, R.PARTIALLY_ACHIEVED], OutcomeRating.MU),
        ([R.PARTIALLY_ACHIEVED, R.NOT_ACHIEVED], OutcomeRating.U),  # 3/2 = 1.5
        ([R.PARTIALLY_ACHIEVED, R.NOT_ACHIEVED, R.NOT_ACHIEVED], OutcomeRating.HU),  # 4/3 = 1.33
        ([R.ACHIEVED, R.NOT_VERIFIED], OutcomeRating.HS),  # exactly half Not Verified: still suggested
        ([R.ACHIEVED, R.NOT_VERIFIED, R.NOT_VERIFIED], None),  # more than half: no suggestion
        ([], None),
    ],
)
def test_development_outcome_thresholds(ratings: list[R], outcome: OutcomeRating | None) -> None:
    assert suggest_development_outcome(ratings) is outcome


def test_objective_status() -> None:
    S = Status
    assert objective_status([S.ACHIEVED, S.ACHIEVED]) is S.ACHIEVED
    assert objective_status([S.ACHIEVED, S.ON_TRACK]) is S.ON_TRACK
    assert objective_status([S.ON_TRACK, S.OFF_TRACK, S.NO_DATA]) is S.OFF_TRACK
    assert objective_status([S.NO_DATA, S.NO_DATA, S.ON_TRACK]) is S.NO_DATA
    assert objective_status([S.NO_DATA, S.ON_TRACK]) is S.ON_TRACK
    assert objective_status([S.NOT_STARTED, S.NOT_STARTED]) is S.NOT_STARTED
    assert objective_status([S.NOT_STARTED, S.ACHIEVED]) is S.ON_TRACK
