"""The suggested objective rating (cpfkit convention), one objective and many runs.

See docs/definitions.md, 'Objective ratings'."""

from __future__ import annotations

import numpy as np
import pytest

from cpfkit.risk.objective_rule import RATINGS, objective_ratings, suggest_objective_rating


@pytest.mark.parametrize(
    ("progress", "rating"),
    [
        ([1.0, 1.0, 1.0], "Achieved"),
        ([1.0, 1.0, None], "Achieved"),  # one of three without a value: judged on the other two
        ([1.0, 1.0, 0.6], "Mostly Achieved"),  # two thirds met, none below half way
        ([1.0, 1.0, 0.4], "Partially Achieved"),  # two thirds met, but one below half way
        ([1.0, 0.2, 0.1], "Partially Achieved"),  # one met
        ([0.6, 0.5, 0.4], "Partially Achieved"),  # none met, mean progress 0.5
        ([0.6, 0.4, 0.4], "Not Achieved"),  # none met, mean below 0.5
        ([0.9, None, None], "Not Verified"),  # more than half without a value
        ([1.0, None], "Achieved"),  # exactly half without a value is still rated
        ([], "Not Verified"),
        ([0.99], "Partially Achieved"),
        ([1.3], "Achieved"),  # progress is capped at 1
    ],
)
def test_rule(progress: list[float | None], rating: str) -> None:
    assert suggest_objective_rating(progress) == rating


def test_vectorised_rule_agrees_with_the_scalar_one() -> None:
    rng = np.random.default_rng(0)
    values = rng.choice([np.nan, 0.2, 0.45, 0.5, 0.7, 1.0], size=(2000, 4))
    codes = objective_ratings(values)
    for row, code in zip(values, codes, strict=True):
        assert RATINGS[code] == suggest_objective_rating([None if np.isnan(v) else float(v) for v in row])
