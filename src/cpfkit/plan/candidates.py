"""The candidates of a plan: the programme's own pipeline operations, their windows, costs and contributions.

Candidates are the programme's own operations in the pipeline (status
``pipeline``, or approved after the as-of date), not dropped, with a
commitment.  They may be approved in any fiscal year from the as-of date's to
the programme's last, within their window: by default not before the fiscal
year of their planned approval (they are not ready earlier).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from cpfkit.language.catalogs import N_
from cpfkit.metrics.ledger import commitment_usd
from cpfkit.model import FxRates, ProgrammeData, Project, ProjectStatus, RiskLevel, SortCategory, fiscal_year
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.context import CandidateInfo
from cpfkit.plan.problem import Candidate
from cpfkit.plan.scoring import IndicatorScores, Probability
from cpfkit.plan.timing import mid_year

__all__ = ["Candidates", "candidates_of", "is_candidate", "latest_overall"]


@dataclass(frozen=True)
class Candidates:
    """The candidates as the problem sees them, what the report says of each, and the years each may take."""

    candidates: tuple[Candidate, ...]
    infos: dict[str, CandidateInfo]
    windows: dict[str, tuple[int, ...]]


def latest_overall(data: ProgrammeData, project: str, as_of: date) -> RiskLevel | None:
    """An operation's latest overall SORT rating on or before ``as_of`` (None: never rated)."""
    ratings = [
        r for r in data.sort_ratings if r.subject == project and r.category is SortCategory.OVERALL and r.date <= as_of
    ]
    return max(ratings, key=lambda r: r.date).rating if ratings else None


def is_candidate(p: Project, as_of: date) -> bool:
    """Whether an operation is in the pipeline on ``as_of``: not dropped, with a commitment, not yet approved."""
    if p.status is ProjectStatus.DROPPED or p.commitment is None or p.commitment.amount <= 0:
        return False
    return p.status is ProjectStatus.PIPELINE or p.dates.approval is None or p.dates.approval > as_of


def candidates_of(
    data: ProgrammeData,
    fx: FxRates,
    constraints: PlanConstraints,
    pipeline: Mapping[str, Project],
    scores: IndicatorScores,
    probability: Probability,
    *,
    as_of: date,
    fys: tuple[int, ...],
    npv_usd: Mapping[str, float],
    npv_illustrative: Collection[str],
) -> Candidates:
    """Each pipeline operation as a candidate: its window, areas, risk, contributions by year, NPV and cost."""
    start_month = data.programme.fy_start_month
    links = {link.project: link for link in data.links}
    objective = constraints.objective
    levels = set(constraints.high_risk.levels)
    candidates: list[Candidate] = []
    infos: dict[str, CandidateInfo] = {}
    windows: dict[str, tuple[int, ...]] = {}
    for pid, p in pipeline.items():
        planned = fiscal_year(p.dates.approval, start_month) if p.dates.approval else None
        window = constraints.windows.get(pid)
        earliest = window.earliest_fy if window and window.earliest_fy is not None else (planned or fys[0])
        latest = window.latest_fy if window and window.latest_fy is not None else fys[-1]
        windows[pid] = tuple(f for f in fys if earliest <= f <= latest)
        link = links.get(pid)
        project_areas = link.priority_areas if link else ()
        risk = constraints.high_risk.ratings.get(pid) or latest_overall(data, pid, as_of)
        pi = probability(pid)
        contributions: dict[str, dict[int, float]] = {}
        for contribution, normalised, target_date in scores.links.get(pid, []):
            by_fy = contributions.setdefault(contribution.indicator, {})
            for fy in fys:
                share = contribution.in_place(mid_year(fy, start_month), target_date)
                by_fy[fy] = by_fy.get(fy, 0.0) + normalised * share * pi
        npv = npv_usd.get(pid)
        blocked = None
        if objective.economic_test and npv is not None and npv < 0:
            blocked = N_("fails the economic test (NPV below zero at the programme's discount rate)")
        cost = commitment_usd(p, fx)
        candidates.append(
            Candidate(
                id=pid,
                cost=float(cost),
                institution=p.institution.value,
                fys=fys,
                areas={a: 1.0 / len(project_areas) for a in project_areas},
                high_risk=risk in levels if risk is not None else False,
                contributions=contributions,
                npv=npv,
                blocked=blocked,
            )
        )
        infos[pid] = CandidateInfo(
            id=pid,
            name=p.name,
            institution=p.institution.value,
            instrument=p.instrument.value,
            cost_usd=cost,
            planned_fy=planned,
            priority_areas=tuple(project_areas),
            risk=risk.value if risk is not None else None,
            npv_usd=npv,
            completion_probability=pi,
            illustrative=p.is_illustrative("commitment"),
            npv_illustrative=npv is not None and pid in npv_illustrative,
        )
    return Candidates(tuple(candidates), infos, windows)
