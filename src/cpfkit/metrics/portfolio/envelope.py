"""The envelope section of the portfolio review: envelope use, share by priority area, IBRD exposure.

Envelope use is :func:`cpfkit.metrics.envelope.envelope_from_items` (the same
rules as ``cpfkit envelope``).  On top of it (choices in ``docs/definitions.md``):

* **share by priority area**: commitments approved in the programme's fiscal
  years, each operation split equally among the priority areas it serves;
  operations linked to no area are shown as unassigned;
* **IBRD exposure** (``docs/definitions.md``, "Portfolio review"): disbursed and not repaid on IBRD loans
  the programme counts, plus IBRD guarantees in force, against the programme's
  ``ibrd_exposure_limit``; with no limit in the data the check is skipped and
  says so.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import numpy as np

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Message
from cpfkit.metrics.envelope import EnvelopeItem, envelope_from_items
from cpfkit.metrics.portfolio.envelope_results import AreaShare, IbrdExposure, PortfolioEnvelope
from cpfkit.metrics.portfolio.evidence_text import millions
from cpfkit.metrics.portfolio.facts_table import Facts
from cpfkit.metrics.portfolio.numbers import ratio
from cpfkit.model import FxRates, Programme, ProjectStatus, fy_bounds, to_usd
from cpfkit.store.series_keys import DAY0, day_number

if TYPE_CHECKING:  # DuckDB loads when a portfolio is computed, not when this module is imported
    import duckdb

__all__ = ["AreaShare", "IbrdExposure", "PortfolioEnvelope", "portfolio_envelope"]

_ZERO = Decimal(0)
_STATUS = {s.value: s for s in ProjectStatus}
_CENT = Decimal("0.01")


def portfolio_envelope(
    con: duckdb.DuckDBPyConnection,
    programme: Programme,
    as_of: date,
    fx: FxRates,
    facts: Facts,
    ibrd_outstanding_usd: Decimal,
    ibrd_guarantees_usd: Decimal,
) -> PortfolioEnvelope:
    """The envelope section of the review.

    Args:
        con: a DuckDB connection holding the portfolio engine's tables.
        programme: the programme, with its envelope and priority areas.
        as_of: approvals up to this date count as committed.
        fx: the rates table (to convert an exposure limit given in another currency).
        facts: the review's facts (the operations, their status, approval and commitment).
        ibrd_outstanding_usd: disbursed less repaid on IBRD loans (from the review).
        ibrd_guarantees_usd: IBRD guarantees in force (from the review).
    """
    scale = facts.scale
    approval = facts.approval
    dated = (approval >= 0) & (facts.status != ProjectStatus.DROPPED.value)
    index = np.flatnonzero(dated)
    days = (np.datetime64(DAY0, "D") + approval[index].astype("timedelta64[D]")).tolist()
    amounts = [Decimal(v).scaleb(-scale) for v in facts.commitment[index].tolist()]
    items: list[EnvelopeItem] = [
        (pid, _STATUS[status], day, institution, amount)
        for pid, status, day, institution, amount in zip(
            facts.id[index].tolist(),
            facts.status[index].tolist(),
            days,
            facts.institution[index].tolist(),
            amounts,
            strict=True,
        )
    ]
    use = envelope_from_items(programme, items, fx, as_of)
    first = day_number(fy_bounds(programme.fiscal_years[0], programme.fy_start_month)[0])
    last = day_number(fy_bounds(programme.fiscal_years[-1], programme.fy_start_month)[1])
    in_years = dated & (approval >= first) & (approval <= last)
    pipeline_op = (facts.status == ProjectStatus.PIPELINE.value) | (approval > day_number(as_of))
    links = con.execute(
        "SELECT pno, area FROM project_areas WHERE programme_id = ? ORDER BY pno, area", [programme.id]
    ).fetchnumpy()
    link_pno = np.asarray(links["pno"], dtype=np.int64)
    link_at = np.searchsorted(facts.pno, link_pno)
    n_areas = np.bincount(link_at, minlength=facts.size) if len(link_at) else np.zeros(facts.size, np.int64)
    # each operation's commitment split equally among its areas, each part rounded half-even to the cent
    areas = np.asarray(links["area"], dtype=object)
    codes, area_at = np.unique(areas, return_inverse=True) if len(areas) else (np.zeros(0, object), link_at)
    keep = in_years[link_at] if len(link_at) else np.zeros(0, np.bool_)
    cent = 10 ** max(scale - 2, 0)
    divisor = n_areas[link_at] * cent
    parted, by = facts.commitment[link_at], np.maximum(divisor, 1)
    quotient = parted // by  # not divmod: it has no loop for the Python integers of very large portfolios
    remainder = parted - quotient * by
    up = (2 * remainder > divisor) | ((2 * remainder == divisor) & (quotient % 2 == 1))
    part = (quotient + up) * cent
    later = pipeline_op[link_at]
    committed: dict[str, Decimal] = {}
    pipeline: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for a, code in enumerate(codes.tolist()):
        mine = keep & (area_at == a)
        committed[code] = Decimal(int(part[mine & ~later].sum())).scaleb(-scale)
        pipeline[code] = Decimal(int(part[mine & later].sum())).scaleb(-scale)
        counts[code] = int((mine & ~later).sum())
    unassigned = Decimal(int(facts.commitment[in_years & ~pipeline_op & (n_areas == 0)].sum())).scaleb(-scale)
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
    explanation = Message(
        N_(
            "Envelope use follows `cpfkit envelope` (commitments by the FY of approval, against the envelope of "
            "the institutions it covers). Shares by priority area split each operation approved in the "
            "programme's years equally among the areas it serves (%(total)s in all). %(check)s"
        ),
        {"total": _usd(total), "check": exposure.check_message or exposure.check},
    )
    return PortfolioEnvelope(
        use=use,
        by_priority_area=shares,
        unassigned_usd=unassigned,
        ibrd_exposure=exposure,
        explanation=str(explanation),
        explanation_message=explanation,
    )


def _exposure(
    programme: Programme, as_of: date, fx: FxRates, outstanding: Decimal, guarantees: Decimal
) -> IbrdExposure:
    exposure = outstanding + guarantees
    sums = {"outstanding": _usd(outstanding), "guarantees": _usd(guarantees), "exposure": _usd(exposure)}
    if programme.ibrd_exposure_limit is None:
        check = Message(
            N_(
                "IBRD exposure = disbursed and not repaid %(outstanding)s + guarantees in force %(guarantees)s "
                "= %(exposure)s; no limit in the programme data: check skipped."
            ),
            sums,
        )
        return IbrdExposure(outstanding, guarantees, exposure, None, None, None, str(check), check)
    limit = to_usd(programme.ibrd_exposure_limit, fx, as_of)[0].amount
    within = exposure <= limit
    check = Message(
        N_(
            "IBRD exposure = disbursed and not repaid %(outstanding)s + guarantees in force %(guarantees)s "
            "= %(exposure)s, within the limit of %(limit)s (headroom %(headroom)s)."
        )
        if within
        else N_(
            "IBRD exposure = disbursed and not repaid %(outstanding)s + guarantees in force %(guarantees)s "
            "= %(exposure)s, ABOVE the limit of %(limit)s (headroom %(headroom)s)."
        ),
        {**sums, "limit": _usd(limit), "headroom": _usd(limit - exposure)},
    )
    return IbrdExposure(outstanding, guarantees, exposure, limit, limit - exposure, within, str(check), check)


def _usd(value: Decimal | float | int) -> Message:
    """US dollars in millions with one decimal, as the evidence writes them (``US$544.2 million``)."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if amount < 0 and (abs(amount) / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP):
        return Message(N_("-US$%(amount)s million"), {"amount": millions(abs(amount))})
    return Message(N_("US$%(amount)s million"), {"amount": millions(abs(amount))})
