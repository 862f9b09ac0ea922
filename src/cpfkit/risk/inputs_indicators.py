"""The plan of one indicator as of a date: where it stands, and what each linked operation brings by its target."""

from __future__ import annotations

from datetime import date

from cpfkit.metrics.contributions import YEAR_DAYS, Links, in_place, is_milestone
from cpfkit.metrics.results import aggregate
from cpfkit.model import Aggregation, Indicator, IndicatorKind, ProgrammeData, Project, ProjectStatus
from cpfkit.risk.plan_indicators import ContributionPlan, IndicatorPlan
from cpfkit.risk.plan_operations import OperationPlan

__all__ = ["indicator_plan"]


def indicator_plan(
    indicator: Indicator,
    objective: str,
    data: ProgrammeData,
    reading: Links,
    projects: dict[str, Project],
    operations: list[OperationPlan],
    index: dict[str, int],
    as_of: date,
) -> IndicatorPlan:
    """An indicator's plan: where it stands, and what each linked operation brings by its target date.

    Where it stands: the latest aggregate of its measurements (the anchor is
    the date of the latest of them), else its baseline.  A link counts from
    the baseline in full, as the planner counts it; when the value is
    measured, the share of each link in place by the measurement's date is
    in that value, except that of an operation of a ``sum`` indicator
    measured by operation: an operation that reports its own value stands
    where that value puts it (and goes on at its planned pace), one that does
    not has brought nothing yet.
    """
    agg = aggregate(indicator, data.measurements, as_of)
    baseline = float(indicator.baseline.value) if indicator.baseline else None
    target = indicator.target
    measured = agg.value is not None
    current = float(agg.value) if agg.value is not None else baseline
    anchor = max((m.date for m in agg.contributions), default=as_of)
    by_operation = measured and indicator.aggregation is Aggregation.SUM and agg.contributions[0].project is not None
    own = {m.project: m for m in agg.contributions} if by_operation else {}
    contributions: list[ContributionPlan] = []
    fixed = 0.0
    linked: list[str] = []
    for link in reading.of_indicator(indicator.code):
        project = projects.get(link.project)
        if project is None or project.status is ProjectStatus.DROPPED:
            continue
        linked.append(link.project)
        j = index.get(link.project)
        if j is not None:
            approval = operations[j].approval
            approved = not operations[j].pipeline
        elif project.dates.approval is not None:
            approval, approved = float(project.dates.approval.toordinal()), True
        else:
            continue
        length = link.lag_years * YEAR_DAYS
        m = own.get(link.project)
        if approved and m is not None and link.value > 0:
            reference = min(max(float(m.value) / link.value, 0.0), 1.0)
            begin = float(m.date.toordinal()) - reference * length
            at_approval = False
        else:
            begin = approval
            at_approval = link.lag_years <= 0
            reference = 0.0
            if measured and approved and not by_operation:
                reference = in_place(anchor.toordinal() - begin, link.lag_years, step=link.milestone)
        if target is None:
            continue
        if j is None:  # closed before the as-of date: what is still to come is certain
            done = in_place(target.date.toordinal() - begin, link.lag_years, step=link.milestone)
            fixed += link.value * (done - reference)
            continue
        contributions.append(
            ContributionPlan(j, link.value, begin, begin + length, reference, at_approval, link.milestone)
        )
    return IndicatorPlan(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        objective=objective,
        objective_kind=indicator.kind is IndicatorKind.OBJECTIVE,
        direction=indicator.direction.value,
        baseline=baseline,
        target=float(target.value) if target else None,
        target_date=float(target.date.toordinal()) if target else None,
        current=current,
        contributions=tuple(contributions),
        illustrative=indicator.is_illustrative("target") or indicator.is_illustrative("baseline"),
        milestone=is_milestone(indicator),
        fixed=fixed,
        linked=tuple(dict.fromkeys(linked)),
    )
