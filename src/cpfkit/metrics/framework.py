"""The whole results framework of a programme on a date: every indicator's progress, every objective's rating.

This is what the results matrix, the PLR and the CLR are built from.  Ratings
of record are the suggestions of :mod:`cpfkit.metrics.objectives` unless a
person has set one (a :class:`~cpfkit.model.reviews.RatingOverride`, always
with its justification), in which case both are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from cpfkit.metrics.framework_results import AreaResults, FrameworkResults, ObjectiveResults, RatingOfRecord
from cpfkit.metrics.objectives import objective_status, suggest_development_outcome, suggest_objective_rating
from cpfkit.metrics.progress import indicator_progress
from cpfkit.metrics.progress_status import Status
from cpfkit.model import IndicatorKind, ProgrammeData, ProjectStatus
from cpfkit.model.reviews import ObjectiveRating, RatedSubject, RatingOverride

__all__ = [
    "AreaResults",
    "FrameworkResults",
    "ObjectiveResults",
    "RatingOfRecord",
    "evaluate_framework",
    "started_objectives",
]


def started_objectives(data: ProgrammeData, as_of: date) -> dict[str, tuple[str, ...]]:
    """For each objective, the operations serving it that were approved by the date (and not dropped)."""
    projects = {p.id: p for p in data.projects}
    out: dict[str, list[str]] = {}
    for link in data.links:
        project = projects.get(link.project)
        if project is None or project.status in (ProjectStatus.DROPPED, ProjectStatus.PIPELINE):
            continue
        approval = project.dates.approval
        if approval is None or approval > as_of:
            continue
        for code in link.objectives:
            out.setdefault(code, []).append(project.id)
    return {code: tuple(ids) for code, ids in out.items()}


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def evaluate_framework(
    data: ProgrammeData,
    as_of: date,
    overrides: Sequence[RatingOverride] = (),
) -> FrameworkResults:
    """Every indicator's progress and status and every objective's rating, on a date.

    Args:
        data: the programme with its operations and measurements.
        as_of: the date of the figures; measurements after it are ignored.
        overrides: ratings of record set by people (those of other programmes are ignored).
    """
    chosen: dict[str, RatingOverride] = {}
    for o in sorted(overrides, key=lambda o: o.decided_on):
        if o.programme == data.programme.id:
            chosen[o.key] = o
    started = started_objectives(data, as_of)
    supporting: dict[str, list[str]] = {}
    for link in data.links:
        for code in link.objectives:
            supporting.setdefault(code, []).append(link.project)
    areas: list[AreaResults] = []
    statuses: Counter[str] = Counter()
    ratings: Counter[str] = Counter()
    for area in data.programme.priority_areas:
        objectives: list[ObjectiveResults] = []
        for objective in area.objectives:
            is_started = bool(started.get(objective.code))
            progress = tuple(
                indicator_progress(i, data.measurements, as_of, started=is_started) for i in objective.indicators
            )
            primary = [p for p in progress if p.kind == IndicatorKind.OBJECTIVE.value] or list(progress)
            suggested = suggest_objective_rating([p.progress for p in primary])
            record = RatingOfRecord.of(suggested.value, chosen.get(objective.code))
            with_values = [p for p in primary if p.progress_capped is not None]
            objectives.append(
                ObjectiveResults(
                    code=objective.code,
                    title=objective.title,
                    description=objective.description,
                    priority_area=area.code,
                    indicators=progress,
                    rated_on=tuple(p.code for p in primary),
                    met=sum(1 for p in primary if p.met),
                    mean_progress=_mean([p.progress_capped for p in with_values if p.progress_capped is not None]),
                    mean_expected=_mean([p.expected for p in primary if p.expected is not None]),
                    status=objective_status([p.status for p in primary]),
                    rating=record,
                    supporting_projects=tuple(sorted(supporting.get(objective.code, ()))),
                    started=is_started,
                )
            )
            statuses.update(p.status.value for p in progress)
            ratings[record.rating or ObjectiveRating.NOT_VERIFIED.value] += 1
        areas.append(AreaResults(area.code, area.title, area.description, area.cross_cutting, tuple(objectives)))
    of_record = [ObjectiveRating(o.rating.rating) for a in areas for o in a.objectives if o.rating.rating]
    outcome = suggest_development_outcome(of_record)
    return FrameworkResults(
        programme=data.programme.id,
        as_of=as_of,
        areas=tuple(areas),
        status_counts={s.value: statuses.get(s.value, 0) for s in Status},
        rating_counts={r.value: ratings.get(r.value, 0) for r in ObjectiveRating},
        development_outcome=RatingOfRecord.of(
            outcome.value if outcome else None, chosen.get(RatedSubject.DEVELOPMENT_OUTCOME.value)
        ),
        wbg_performance=RatingOfRecord.of(None, chosen.get(RatedSubject.WBG_PERFORMANCE.value)),
    )
