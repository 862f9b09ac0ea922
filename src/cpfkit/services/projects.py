"""Use cases of the operations: a programme's operations with their money, and one operation with its ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit import clock
from cpfkit.metrics.ledger import commitment_usd, ledger_totals
from cpfkit.model import (
    ProgrammeData,
    Project,
    Transaction,
    to_usd,
)
from cpfkit.model.base import Num
from cpfkit.reference import load_fx
from cpfkit.services.loading import programme_data
from cpfkit.store import Store
from cpfkit.store.repository import (
    load_project,
)

__all__ = ["LedgerLine", "ProjectDetail", "ProjectSummary", "project", "project_summaries", "projects"]


@dataclass(frozen=True)
class ProjectSummary:
    """One line about an operation in a programme."""

    id: str
    name: str
    institution: str
    instrument: str
    status: str
    approval: date | None
    closing: date | None
    commitment_usd: Num
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    priority_areas: tuple[str, ...]
    objectives: tuple[str, ...]
    implementing_agency: str | None
    regions: tuple[str, ...]
    carried_from: str | None
    source: str | None
    illustrative: bool


def projects(store: Store, programme_id: str, as_of: date | None = None) -> list[ProjectSummary]:
    """The operations a programme counts, with money as of a date (default: today)."""
    return project_summaries(programme_data(store, programme_id), as_of)


def project_summaries(data: ProgrammeData, as_of: date | None = None) -> list[ProjectSummary]:
    """:func:`projects` of an already loaded programme."""
    fx = load_fx()
    as_of = as_of or clock.today()
    totals = ledger_totals(data.transactions, fx, as_of)
    links = {link.project: link for link in data.links}
    out: list[ProjectSummary] = []
    for p in data.projects:
        link = links[p.id]
        out.append(
            ProjectSummary(
                id=p.id,
                name=p.name,
                institution=p.institution.value,
                instrument=p.instrument.value,
                status=p.status.value,
                approval=p.dates.approval,
                closing=p.dates.closing,
                commitment_usd=commitment_usd(p, fx),
                net_commitment_usd=totals.net_commitment(p, fx),
                disbursed_usd=totals.disbursed(p.id),
                undisbursed_usd=totals.undisbursed(p, fx),
                priority_areas=link.priority_areas,
                objectives=link.objectives,
                implementing_agency=p.implementing_agency,
                regions=tuple(dict.fromkeys(loc.region or loc.name for loc in p.locations)),
                carried_from=link.carried_from,
                source=p.source,
                illustrative=p.illustrative,
            )
        )
    return out


@dataclass(frozen=True)
class LedgerLine:
    """A transaction with its US-dollar value."""

    transaction: Transaction
    amount_usd: Num
    rate_period: str


@dataclass(frozen=True)
class ProjectDetail:
    """An operation, its ledger in US dollars, its totals and the programmes that count it."""

    project: Project
    programmes: tuple[str, ...]
    commitment_usd: Num
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    ledger: tuple[LedgerLine, ...]


def project(store: Store, project_id: str) -> ProjectDetail:
    """One operation with its ledger and totals."""
    fx = load_fx()
    with store.reader() as session:
        model, txs, programme_list = load_project(session, project_id)
    totals = ledger_totals(txs, fx, clock.today())
    lines = []
    for tx in txs:
        usd, used = to_usd(tx.amount, fx, tx.date)
        lines.append(LedgerLine(tx, usd.amount, used.period))
    return ProjectDetail(
        project=model,
        programmes=tuple(programme_list),
        commitment_usd=commitment_usd(model, fx),
        net_commitment_usd=totals.net_commitment(model, fx),
        disbursed_usd=totals.disbursed(model.id),
        undisbursed_usd=totals.undisbursed(model, fx),
        ledger=tuple(lines),
    )
