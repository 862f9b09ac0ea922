"""The completion summary of a programme: operations delivered, money committed, headline results.

Every figure is computed from the stored operations and measurements at the
as-of date; nothing is read from a stored total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cpfkit import clock
from cpfkit.metrics.ledger import commitment_usd, delivered_operations, ledger_totals
from cpfkit.metrics.results import aggregate
from cpfkit.model import FxRates, ProgrammeData, Qualifier
from cpfkit.model.base import Num

__all__ = ["CompletionSummary", "DeliveredProject", "HeadlineResult", "completion_summary"]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class DeliveredProject:
    """One operation the programme delivered."""

    id: str
    name: str
    institution: str
    approval: date | None
    commitment_usd: Num
    net_commitment_usd: Num
    disbursed_usd: Num
    source: str | None
    illustrative: bool


@dataclass(frozen=True)
class HeadlineResult:
    """A headline result with the operations it comes from and its sources."""

    code: str
    indicator: str
    value: Num | None
    unit: str
    published: str | None
    lower: Num | None
    upper: Num | None
    projects: tuple[str, ...]
    sources: tuple[str, ...]
    illustrative: bool
    qualifier: Qualifier | None = None  # "more than 1,000": at_least (docs/definitions.md, "Published bounds")


@dataclass(frozen=True)
class CompletionSummary:
    """What a programme delivered, as of a date."""

    programme: str
    title: str
    as_of: date
    own_operations: int
    own_commitments_usd: Num
    own_net_commitments_usd: Num
    own_disbursed_usd: Num
    projects: tuple[DeliveredProject, ...]
    results: tuple[HeadlineResult, ...]
    sources: tuple[str, ...]


def completion_summary(data: ProgrammeData, fx: FxRates, as_of: date | None = None) -> CompletionSummary:
    """Count the programme's own approved operations and compute each headline result.

    Operations counted: those the programme defines (not those carried over from
    another programme), approved on or before ``as_of`` and not dropped.
    """
    as_of = as_of or clock.today()
    totals = ledger_totals(data.transactions, fx, as_of)
    delivered: list[DeliveredProject] = []
    for project in delivered_operations(data, as_of):
        delivered.append(
            DeliveredProject(
                id=project.id,
                name=project.name,
                institution=project.institution.value,
                approval=project.dates.approval,
                commitment_usd=commitment_usd(project, fx),
                net_commitment_usd=totals.net_commitment(project, fx),
                disbursed_usd=totals.disbursed(project.id),
                source=project.source,
                illustrative=project.is_illustrative("commitment"),
            )
        )
    results: list[HeadlineResult] = []
    for _, _, indicator in data.programme.indicators():
        if not indicator.headline:
            continue
        agg = aggregate(indicator, data.measurements, as_of)
        sources = _unique([indicator.source, *agg.overlap_sources, *(m.source for m in agg.contributions)])
        results.append(
            HeadlineResult(
                code=indicator.code,
                indicator=indicator.name,
                value=agg.value,
                unit=indicator.unit,
                published=indicator.published,
                lower=agg.lower,
                upper=agg.upper,
                projects=agg.projects,
                sources=sources,
                illustrative=indicator.illustrative or agg.illustrative,
                qualifier=agg.qualifier,
            )
        )
    all_sources = _unique(
        [data.programme.source, *(p.source for p in delivered), *(s for r in results for s in r.sources)]
    )
    return CompletionSummary(
        programme=data.programme.id,
        title=data.programme.title,
        as_of=as_of,
        own_operations=len(delivered),
        own_commitments_usd=sum((p.commitment_usd for p in delivered), _ZERO),
        own_net_commitments_usd=sum((p.net_commitment_usd for p in delivered), _ZERO),
        own_disbursed_usd=sum((p.disbursed_usd for p in delivered), _ZERO),
        projects=tuple(delivered),
        results=tuple(results),
        sources=all_sources,
    )


def _unique(items: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))
