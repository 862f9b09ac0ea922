"""The portfolio report of a programme: envelope, review indicators with their flags, mobilisation, SORT, risks.

Every figure is computed at the as-of date from the engine's tables (a
DuckDB connection, :mod:`cpfkit.store.analytics`); each section carries the
sentence that explains it.  The ``--json`` form of ``cpfkit portfolio`` and
``GET /api/programmes/{id}/portfolio`` are this object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from cpfkit.language.message import Message
from cpfkit.metrics.mobilisation import Mobilisation
from cpfkit.metrics.portfolio.envelope_results import PortfolioEnvelope
from cpfkit.metrics.portfolio.results import (
    FiscalYearRatio,
    FlagRecord,
    Indicators,
    OperationLine,
    OutsideExposure,
    ProactivityCase,
)
from cpfkit.model import RiskEntry, RiskFactor, RiskStatus
from cpfkit.reports.common import ClosedPeriodNote
from cpfkit.risk.sort_tables import SortView

if TYPE_CHECKING:  # the engines (NumPy, DuckDB) load when a report is computed, not to declare one
    from cpfkit.metrics.portfolio.rules import ReviewRules
    from cpfkit.model import FxRates, Programme
    from cpfkit.store.analytics import PortfolioData

__all__ = ["PortfolioReport", "RiskSummary", "portfolio_report"]


@dataclass(frozen=True)
class RiskSummary:
    """The programme's risk register as of the review: open entries, and how many carry each factor of the lens."""

    open_entries: int
    closed_entries: int
    by_factor: dict[str, int]
    by_rating: dict[str, int]
    entries: tuple[RiskEntry, ...]


@dataclass(frozen=True)
class PortfolioReport:
    """The portfolio of a programme as of one date.

    ``indicators`` cover the operations the rules choose (IBRD/IDA lending by default); ``outside_indicators``
    are the other active operations — IBRD guarantees, IFC and MIGA operations, trust-funded grants — with
    their exposure, beside the indicators and not in them.
    """

    programme: str
    title: str
    as_of: date
    envelope: PortfolioEnvelope
    indicators: Indicators
    disbursement_ratio: FiscalYearRatio
    explanations: dict[str, str]
    flags: tuple[FlagRecord, ...]
    operations: tuple[OperationLine, ...]
    outside_indicators: tuple[OutsideExposure, ...]
    proactivity: tuple[ProactivityCase, ...]
    mobilisation: Mobilisation
    sort: SortView
    risks: RiskSummary
    rules: dict[str, Any]
    illustrative: bool
    explanation_messages: dict[str, Message] = field(default_factory=dict)
    """The ``explanations`` of the review as messages, to be written in a reader's language."""
    closed_period: ClosedPeriodNote | None = None
    """The close of the programme's period in force, if any (set by the service that builds the review)."""


def _risks(entries: Sequence[RiskEntry], as_of: date) -> RiskSummary:
    known = [e for e in entries if e.opened <= as_of]
    open_ = [e for e in known if e.status is RiskStatus.OPEN or (e.closed is not None and e.closed > as_of)]
    by_factor = {f.value: sum(1 for e in open_ if f in e.factors) for f in RiskFactor}
    ratings: dict[str, int] = {}
    for e in open_:
        ratings[e.rating.value] = ratings.get(e.rating.value, 0) + 1
    return RiskSummary(
        open_entries=len(open_),
        closed_entries=len(known) - len(open_),
        by_factor=by_factor,
        by_rating=ratings,
        entries=tuple(open_),
    )


def portfolio_report(
    data: PortfolioData,
    programme: Programme,
    as_of: date,
    fx: FxRates,
    rules: ReviewRules | None = None,
    risks: Sequence[RiskEntry] = (),
    *,
    listing: bool = True,
) -> PortfolioReport:
    """Compute every section of the portfolio report.

    Args:
        data: the portfolio engine's tables and series (:mod:`cpfkit.store.analytics`).
        programme: the programme (calendar, envelope, priority areas, exposure limit).
        as_of: the date of every figure.
        fx: the rates table.
        rules: thresholds and choices of the review (default: those of docs/definitions.md, 'Portfolio review').
        risks: the programme's risk register.
        listing: include the per-operation listings (``operations`` and each operation's SORT table).
    """
    from cpfkit.metrics.mobilisation import mobilisation
    from cpfkit.metrics.portfolio.engine import review
    from cpfkit.metrics.portfolio.envelope import portfolio_envelope
    from cpfkit.risk.sort import sort_view

    result = review(data, programme, as_of, rules, listing=listing)
    envelope = portfolio_envelope(
        data.con, programme, as_of, fx, result.facts, result.ibrd_outstanding_usd, result.ibrd_guarantees_usd
    )
    attribution = (rules.attribution if rules else None) or programme.mobilisation_attribution
    mobilised = mobilisation(data.con, programme.id, as_of, attribution)
    assert result.weights is not None
    sort = sort_view(data, programme.id, as_of, result.weights, listing=listing)
    illustrative = (
        programme.illustrative
        or any(f.illustrative for f in result.flags)
        or any(o.illustrative for o in result.operations)
        or mobilised.illustrative
        or any(y.envelope_illustrative or y.split_illustrative for y in envelope.use.fiscal_years)
    )
    return PortfolioReport(
        programme=programme.id,
        title=programme.title,
        as_of=as_of,
        envelope=envelope,
        indicators=result.indicators,
        disbursement_ratio=result.fiscal_year,
        explanations={
            **result.explanations,
            "envelope": envelope.explanation,
            "mobilisation": mobilised.explanation,
            "sort": (
                "Latest SORT rating of each category on or before the date, with the rating before it (trend up = "
                "riskier); an overall rating missing from the data is suggested as the highest category and marked "
                "suggested. The heat map weighs each active operation by its net commitment."
            ),
        },
        flags=result.flags,
        operations=result.operations,
        outside_indicators=result.outside,
        proactivity=result.proactivity,
        mobilisation=mobilised,
        sort=sort,
        risks=_risks(risks, as_of),
        rules={**result.rules, "attribution": mobilised.attribution},
        illustrative=bool(illustrative),
        explanation_messages=dict(result.explanation_messages),
    )
