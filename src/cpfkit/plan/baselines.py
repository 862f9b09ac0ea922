"""What a plan adds to: the commitments already approved (for the shares and the high-risk cap), and IBRD exposure.

* **Priority-area shares** count an operation's commitment equally under each
  priority area it serves, over the commitments already approved in the
  programme's years plus the plan; the **high-risk share** counts operations
  whose latest overall SORT rating (on or before the as-of date, or as the
  scenario sets it) is one of the high levels.
* **IBRD exposure** = the limit (scenario, else the programme's
  ``ibrd_exposure_limit``) against the net commitments of the IBRD operations
  the programme counts and that are not closed (a conservative stand-in for
  disbursed-and-outstanding), plus the plan's IBRD commitments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from cpfkit.metrics.ledger import commitment_usd, ledger_totals
from cpfkit.model import FxRates, Institution, ProgrammeData, Project, ProjectStatus, fiscal_year, to_usd
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.candidates import latest_overall

__all__ = ["IbrdPosition", "ShareBase", "ibrd_position", "share_base"]


@dataclass(frozen=True)
class ShareBase:
    """The commitments already approved in the programme's years: in all, by priority area, and high risk."""

    total: float
    by_area: dict[str, float]
    high_risk: float


@dataclass(frozen=True)
class IbrdPosition:
    """The IBRD exposure limit (None: no limit) and the exposure before the plan (US dollars)."""

    limit: float | None
    current: float


def share_base(
    data: ProgrammeData,
    fx: FxRates,
    constraints: PlanConstraints,
    own: Collection[Project],
    candidates: Collection[str],
    *,
    as_of: date,
) -> ShareBase:
    """The programme's own approved commitments that the plan's shares are counted over."""
    programme = data.programme
    links = {link.project: link for link in data.links}
    levels = set(constraints.high_risk.levels)
    total, high = 0.0, 0.0
    by_area: dict[str, float] = defaultdict(float)
    for p in own:
        if p.id in candidates or p.status is ProjectStatus.DROPPED or p.dates.approval is None:
            continue
        if fiscal_year(p.dates.approval, programme.fy_start_month) not in programme.fiscal_years:
            continue
        amount = float(commitment_usd(p, fx))
        total += amount
        served = links[p.id].priority_areas if p.id in links else ()
        for a in served:
            by_area[a] += amount / len(served)
        risk = constraints.high_risk.ratings.get(p.id) or latest_overall(data, p.id, as_of)
        if risk is not None and risk in levels:
            high += amount
    return ShareBase(total, dict(by_area), high)


def ibrd_position(
    data: ProgrammeData, fx: FxRates, constraints: PlanConstraints, candidates: Collection[str], *, as_of: date
) -> IbrdPosition:
    """The limit and the current IBRD exposure, from the scenario or else the programme and its ledger."""
    limit = None
    if constraints.ibrd_exposure.limit_usd is not None:
        limit = float(constraints.ibrd_exposure.limit_usd)
    elif data.programme.ibrd_exposure_limit is not None:
        limit = float(to_usd(data.programme.ibrd_exposure_limit, fx, as_of)[0].amount)
    current = 0.0
    if constraints.ibrd_exposure.current_usd is not None:
        current = float(constraints.ibrd_exposure.current_usd)
    elif limit is not None:
        totals = ledger_totals(data.transactions, fx, as_of)
        for p in data.projects:
            if p.id in candidates or p.institution is not Institution.IBRD:
                continue
            if p.status in (ProjectStatus.DROPPED, ProjectStatus.CLOSED) or p.dates.approval is None:
                continue
            current += float(totals.net_commitment(p, fx))
    return IbrdPosition(limit, current)
