"""Use cases of one operation's page: its record, money, disbursement curves, ratings, results, risks and flags.

Everything an operation's page shows comes from here (or from :mod:`cpfkit.services.projects`), so that the page
computes nothing itself.  The programme's data and its portfolio review are passed in when the caller
already holds them (the pages keep both per data version).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from cpfkit import clock
from cpfkit.metrics.mobilisation import attributed_usd
from cpfkit.metrics.portfolio.results import FlagRecord
from cpfkit.metrics.progress import IndicatorProgress, indicator_progress
from cpfkit.model import (
    FinancingKind,
    Programme,
    ProgrammeData,
    ProjectLink,
    ProjectRating,
    SortRating,
    TransactionType,
)
from cpfkit.model.base import Num
from cpfkit.model.money import to_usd
from cpfkit.model.portfolio import RiskEntry
from cpfkit.reference import load_fx
from cpfkit.reports.portfolio import PortfolioReport
from cpfkit.services import projects
from cpfkit.services.loading import programme_data
from cpfkit.services.portfolio import portfolio, risk_register
from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.store.records import resource
from cpfkit.workplace import editing

__all__ = ["CurvePoint", "ProjectView", "project_audit", "project_programme", "project_programmes", "project_view"]


@dataclass(frozen=True)
class CurvePoint:
    """Cumulative US dollars on a date."""

    on: date
    cumulative_usd: Num


@dataclass(frozen=True)
class ProjectView:
    """What an operation's page shows.

    ``disbursed_curve`` is the cumulative disbursement from the ledger (one point per disbursement, in US
    dollars at the rate of each date); ``planned_curve`` the planned cumulative disbursement of
    ``disbursement_plan.csv`` where the data has one.  ``indicators`` are the programme indicators the
    operation reports on, each measured on the operation's own latest values against the indicator's
    baseline and target.  ``private_direct_usd`` is the part credited to the operation's institution under
    the programme's attribution rule; ``co_mobilised_usd`` the part attributed to the other MDBs that
    mobilised the same private finance.
    """

    detail: projects.ProjectDetail
    programme: Programme
    link: ProjectLink | None
    version: int
    cofinancing_usd: Num
    private_direct_usd: Num
    private_indirect_usd: Num
    co_mobilised_usd: Num
    disbursed_curve: tuple[CurvePoint, ...]
    planned_curve: tuple[CurvePoint, ...]
    ratings: tuple[ProjectRating, ...]
    sort_ratings: tuple[SortRating, ...]
    indicators: tuple[IndicatorProgress, ...]
    risks: tuple[RiskEntry, ...]
    flags: tuple[FlagRecord, ...]
    as_of: date


def project_programme(store: Store, project_id: str) -> str:
    """The programme that defines an operation (else the first that counts it).

    Raises:
        NotFound: no such operation.
    """
    record = editing.get(store, resource("projects"), project_id)
    owner: str | None = getattr(record, "owner_programme", None)
    if owner:
        return owner
    return projects.project(store, project_id).programmes[0]


def project_programmes(store: Store, project_id: str) -> frozenset[str]:
    """The programmes an operation belongs to: the one that defines it and every one that counts it.

    The editors of any of them may change it (the rule of ``PATCH /api/projects/{id}``).

    Raises:
        NotFound: no such operation.
    """
    return frozenset({project_programme(store, project_id), *projects.project(store, project_id).programmes})


def project_view(
    store: Store,
    project_id: str,
    *,
    as_of: date | None = None,
    data: ProgrammeData | None = None,
    review: PortfolioReport | None = None,
) -> ProjectView:
    """Everything an operation's page shows, as of a date (default: today).

    Args:
        store: the database.
        project_id: the operation.
        as_of: the date of the results and flags.
        data: the defining programme's data, if the caller already holds it; the operation's texts are those of
            this data (in the reader's language when it was read in one).
        review: that programme's portfolio review as of ``as_of``, if the caller already holds it.

    Raises:
        NotFound: no such operation.
    """
    as_of = as_of or clock.today()
    fx = load_fx()
    detail = projects.project(store, project_id)
    record = editing.get(store, resource("projects"), project_id)
    owner = getattr(record, "owner_programme", None) or detail.programmes[0]
    data = data or programme_data(store, owner)
    review = review or portfolio(store, owner, as_of, listing=False)
    # the operation as the programme's data gives it: in the data's language when it was read in one
    shown = next((p for p in data.projects if p.id == project_id), None)
    if shown is not None and shown is not detail.project:
        detail = replace(detail, project=shown)
    project = detail.project

    financing: dict[FinancingKind, Decimal] = {kind: Decimal(0) for kind in FinancingKind}
    attribution = data.programme.mobilisation_attribution
    lines = attributed_usd(project, fx, attribution, project.dates.approval or as_of)
    co_mobilised = Decimal(0)
    for f, (amount, credited) in zip(project.financing, lines, strict=True):
        financing[f.kind] += amount if f.kind is FinancingKind.PUBLIC else credited
        co_mobilised += amount - credited

    disbursed: list[CurvePoint] = []
    total = Decimal(0)
    for line in sorted(detail.ledger, key=lambda ln: ln.transaction.date):
        if line.transaction.type is TransactionType.DISBURSEMENT:
            total += line.amount_usd
            disbursed.append(CurvePoint(line.transaction.date, total))
    planned = tuple(
        CurvePoint(p.date, to_usd(p.cumulative, fx, p.date)[0].amount)
        for p in sorted(data.planned_disbursements, key=lambda p: p.date)
        if p.project == project_id
    )

    mine = [m for m in data.measurements if m.project == project_id]
    measured = {m.indicator for m in mine}
    indicators = tuple(
        indicator_progress(ind, mine, as_of) for _, _, ind in data.programme.indicators() if ind.code in measured
    )
    return ProjectView(
        detail=detail,
        programme=data.programme,
        link=next((link for link in data.links if link.project == project_id), None),
        version=int(getattr(record, "version", 0)),
        cofinancing_usd=financing[FinancingKind.PUBLIC],
        private_direct_usd=financing[FinancingKind.PRIVATE_DIRECT],
        private_indirect_usd=financing[FinancingKind.PRIVATE_INDIRECT],
        co_mobilised_usd=co_mobilised,
        disbursed_curve=tuple(disbursed),
        planned_curve=planned,
        ratings=tuple(sorted((r for r in data.ratings if r.project == project_id), key=lambda r: r.date)),
        sort_ratings=tuple(sorted((r for r in data.sort_ratings if r.subject == project_id), key=lambda r: r.date)),
        indicators=indicators,
        risks=tuple(r for r in risk_register(store, owner) if r.project == project_id),
        flags=tuple(f for f in review.flags if f.project == project_id),
        as_of=as_of,
    )


def project_audit(store: Store, project_id: str, *, limit: int = 100) -> tuple[list[editing.AuditEntry], int]:
    """The history of an operation and of its ledger and ratings, newest first (as ``GET /api/audit?project=``)."""
    return editing.audit_entries(store, AuditQuery(project=project_id), limit=limit)
