"""The envelope section of the portfolio review: envelope use, share by priority area, IBRD exposure.

Envelope use is :func:`cpfkit.metrics.envelope.envelope_from_items` (the same
rules as ``cpfkit envelope``).  On top of it (choices in ``docs/definitions.md``):

* **share by priority area**: commitments approved in the programme's fiscal
  years, each operation split equally among the priority areas it serves;
  operations linked to no area are shown as unassigned;
* **IBRD exposure** (``domain.md`` §3.3): disbursed and not repaid on IBRD loans
  the programme counts, plus IBRD guarantees in force, against the programme's
  ``ibrd_exposure_limit``; with no limit in the data the check is skipped and
  says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb

from cpfkit.metrics.envelope import EnvelopeItem, EnvelopeReport, envelope_from_items
from cpfkit.metrics.portfolio.engine import ratio
from cpfkit.metrics.portfolio.evidence import usd
from cpfkit.model import FxRates, Programme, ProjectStatus, fy_bounds, to_usd
from cpfkit.model.base import Num

__all__ = ["AreaShare", "IbrdExposure", "PortfolioEnvelope", "portfolio_envelope"]

_ZERO = Decimal(0)
_CENT = Decimal("0.01")

_QUERY = """
SELECT p.id, p.status, p.approval, p.institution, coalesce(p.commitment_usd, 0) AS amount,
    list(a.area ORDER BY a.area) FILTER (WHERE a.area IS NOT NULL) AS areas
FROM projects p
JOIN programme_projects pp ON pp.pno = p.pno AND pp.programme_id = $programme
LEFT JOIN project_areas a ON a.pno = p.pno AND a.programme_id = $programme
GROUP BY ALL
ORDER BY p.approval NULLS LAST, p.id
"""


@dataclass(frozen=True)
class AreaShare:
    """Commitments attributed to one priority area."""

    area: str
    title: str
    committed_usd: Num
    share: Num | None
    pipeline_usd: Num
    operations: int


@dataclass(frozen=True)
class IbrdExposure:
    """IBRD's exposure to the country through the programme's operations, against the limit."""

    outstanding_usd: Num
    guarantees_usd: Num
    exposure_usd: Num
    limit_usd: Num | None
    headroom_usd: Num | None
    within_limit: bool | None
    check: str


@dataclass(frozen=True)
class PortfolioEnvelope:
    """Envelope use with shares by priority area and IBRD exposure."""

    use: EnvelopeReport
    by_priority_area: tuple[AreaShare, ...]
    unassigned_usd: Num
    ibrd_exposure: IbrdExposure
    explanation: str


def portfolio_envelope(
    con: duckdb.DuckDBPyConnection,
    programme: Programme,
    as_of: date,
    fx: FxRates,
    ibrd_outstanding_usd: Decimal,
    ibrd_guarantees_usd: Decimal,
) -> PortfolioEnvelope:
    """The envelope section of the review.

    Args:
        con: a DuckDB connection holding the portfolio engine's tables.
        programme: the programme, with its envelope and priority areas.
        as_of: approvals up to this date count as committed.
        fx: the rates table (to convert an exposure limit given in another currency).
        ibrd_outstanding_usd: disbursed less repaid on IBRD loans (from the review).
        ibrd_guarantees_usd: IBRD guarantees in force (from the review).
    """
    rows = con.execute(_QUERY, {"programme": programme.id}).fetchall()
    items: list[EnvelopeItem] = [(r[0], ProjectStatus(r[1]), r[2], r[3], Decimal(r[4])) for r in rows]
    use = envelope_from_items(programme, items, fx, as_of)
    first = fy_bounds(programme.fiscal_years[0], programme.fy_start_month)[0]
    last = fy_bounds(programme.fiscal_years[-1], programme.fy_start_month)[1]
    committed: dict[str, Decimal] = {}
    pipeline: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    unassigned = _ZERO
    for _id, status, approval, _institution, amount, areas in rows:
        if status == ProjectStatus.DROPPED.value or approval is None or not first <= approval <= last:
            continue
        is_pipeline = status == ProjectStatus.PIPELINE.value or approval > as_of
        amount = Decimal(amount)
        if not areas:
            if not is_pipeline:
                unassigned += amount
            continue
        part = (amount / len(areas)).quantize(_CENT)
        for area in areas:
            target = pipeline if is_pipeline else committed
            target[area] = target.get(area, _ZERO) + part
            if not is_pipeline:
                counts[area] = counts.get(area, 0) + 1
    total = sum(committed.values(), _ZERO) + unassigned
    shares = tuple(
        AreaShare(
            area=a.code,
            title=a.title,
            committed_usd=committed.get(a.code, _ZERO),
            share=ratio(committed.get(a.code, _ZERO), total),
            pipeline_usd=pipeline.get(a.code, _ZERO),
            operations=counts.get(a.code, 0),
        )
        for a in programme.priority_areas
    )
    exposure = _exposure(programme, as_of, fx, ibrd_outstanding_usd, ibrd_guarantees_usd)
    return PortfolioEnvelope(
        use=use,
        by_priority_area=shares,
        unassigned_usd=unassigned,
        ibrd_exposure=exposure,
        explanation=(
            "Envelope use follows `cpfkit envelope` (commitments by the FY of approval, against the envelope of "
            "the institutions it covers). Shares by priority area split each operation approved in the "
            f"programme's years equally among the areas it serves ({usd(total)} in all). {exposure.check}"
        ),
    )


def _exposure(
    programme: Programme, as_of: date, fx: FxRates, outstanding: Decimal, guarantees: Decimal
) -> IbrdExposure:
    exposure = outstanding + guarantees
    base = (
        f"IBRD exposure = disbursed and not repaid {usd(outstanding)} + guarantees in force {usd(guarantees)} "
        f"= {usd(exposure)}"
    )
    if programme.ibrd_exposure_limit is None:
        return IbrdExposure(
            outstanding,
            guarantees,
            exposure,
            None,
            None,
            None,
            base + "; no limit in the programme data: check skipped.",
        )
    limit = to_usd(programme.ibrd_exposure_limit, fx, as_of)[0].amount
    within = exposure <= limit
    verdict = "within" if within else "ABOVE"
    return IbrdExposure(
        outstanding,
        guarantees,
        exposure,
        limit,
        limit - exposure,
        within,
        base + f", {verdict} the limit of {usd(limit)} (headroom {usd(limit - exposure)}).",
    )
