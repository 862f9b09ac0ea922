"""When an objective's rating is due: before it, the results page says "not yet rated".

A suggested rating compares an objective's indicators with their targets; before the targets' dates
that comparison reads as a verdict ("Not Achieved") on work still under way. The page therefore shows
a suggestion only once the latest target date of the indicators the objective is rated on has passed
(see docs/dashboard.md); a person's rating (an override) is shown whenever it was given.
"""

from __future__ import annotations

from datetime import date

from cpfkit.metrics.framework import FrameworkResults, ObjectiveResults
from cpfkit.model.reviews import ObjectiveRating

__all__ = ["due_on", "pending_ratings", "shown_rating_counts"]


def due_on(objective: ObjectiveResults) -> date | None:
    """The day the objective's rating falls due: the latest target date of the indicators it is rated on.

    None when none of them has a target date (the suggestion is then shown as it is).
    """
    rated = set(objective.rated_on)
    dates = [i.target_date for i in objective.indicators if i.code in rated and i.target_date is not None]
    return max(dates) if dates else None


def pending_ratings(framework: FrameworkResults) -> dict[str, date]:
    """The objectives whose suggested rating is not yet due on the framework's date, with the day it is."""
    pending: dict[str, date] = {}
    for objective in framework.objectives():
        due = due_on(objective)
        if not objective.rating.overridden and due is not None and framework.as_of < due:
            pending[objective.code] = due
    return pending


def shown_rating_counts(framework: FrameworkResults, pending: dict[str, date]) -> dict[str, int]:
    """The objectives by the rating the page shows (those not yet due left out), in the ratings' order."""
    counts = {r.value: 0 for r in ObjectiveRating}
    for objective in framework.objectives():
        if objective.code not in pending and objective.rating.rating in counts:
            counts[objective.rating.rating] += 1
    return counts
