"""The list of programmes (``cpfkit programmes``, ``GET /api/programmes``): one line of figures for each.

The figures come from a few columns read on a plain connection (:mod:`cpfkit.store.listing`), without
loading each programme whole; they follow the same rules as the figures of a loaded programme
(:func:`summary_of_data`), through the functions of :mod:`cpfkit.metrics.ledger` and
:mod:`cpfkit.metrics.envelope` that both call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from cpfkit import clock
from cpfkit.metrics.envelope import envelope_total_usd
from cpfkit.metrics.ledger import commitment_usd_of, in_pipeline, is_delivered
from cpfkit.model.base import Num
from cpfkit.model.calendar import fy_label, fy_range
from cpfkit.model.enums import ProjectStatus
from cpfkit.model.money import FxRates, Money
from cpfkit.store.connection import HEAD_REVISION, open_engine, read_revision
from cpfkit.store.listing import Heading, ProgrammeRows, read_programmes

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from cpfkit.model import ProgrammeData
    from cpfkit.settings import Settings

__all__ = ["Heading", "Operation", "ProgrammeSummary", "listed_programmes", "programme_summaries", "summary_of_data"]

_ZERO = Decimal(0)


@dataclass(frozen=True)
class ProgrammeSummary:
    """One line about a programme.

    ``own_operations`` and ``own_commitments_usd`` cover the approved operations the
    programme defines; operations carried over from another programme are
    counted apart in ``carried_count`` (``cpfkit.model.figures`` defines each figure).
    """

    id: str
    title: str
    country: str
    period_start: date
    period_end: date
    fiscal_years: str
    status: str
    own_operations: int
    carried_count: int
    pipeline_count: int
    own_commitments_usd: Num
    envelope_usd: Num | None
    source: str | None
    illustrative: bool


@dataclass(frozen=True)
class Operation:
    """What the summary needs of an operation."""

    id: str
    status: ProjectStatus
    approval: date | None
    concept: date | None
    commitment: Money | None
    carried: bool


def _summary(
    p: Heading, operations: Iterable[Operation], envelope: Iterable[tuple[int, Money]], fx: FxRates
) -> ProgrammeSummary:
    """The figures of a programme from its operations and envelope, the same whichever way they were read."""
    fiscal_years = fy_range(p.period_start, p.period_end, p.fy_start_month)
    today = clock.today()
    ops = list(operations)
    approved = [x for x in ops if is_delivered(x.status, x.approval, x.carried, today)]
    return ProgrammeSummary(
        id=p.id,
        title=p.title,
        country=p.country,
        period_start=p.period_start,
        period_end=p.period_end,
        fiscal_years=f"{fy_label(fiscal_years[0])}–{fy_label(fiscal_years[-1])}",
        status=p.status,
        own_operations=len(approved),
        carried_count=sum(1 for x in ops if x.carried),
        pipeline_count=sum(1 for x in ops if in_pipeline(x.status, x.approval, today)),
        own_commitments_usd=sum((commitment_usd_of(x.commitment, x.approval, x.concept, fx) for x in approved), _ZERO),
        envelope_usd=envelope_total_usd(fiscal_years, p.fy_start_month, envelope, fx),
        source=p.source,
        illustrative=p.illustrative,
    )


def summary_of_data(data: ProgrammeData, fx: FxRates) -> ProgrammeSummary:
    """The summary of a loaded programme."""
    p = data.programme
    heading = Heading(
        p.id,
        p.title,
        p.country,
        p.period_start,
        p.period_end,
        p.fy_start_month,
        p.status.value,
        p.source,
        p.illustrative,
    )
    carried = {link.project for link in data.links if link.carried_from}
    operations = [
        Operation(x.id, x.status, x.dates.approval, x.dates.concept, x.commitment, x.id in carried)
        for x in data.projects
    ]
    return _summary(heading, operations, [(y.fy, y.total) for y in p.envelope], fx)


def _summary_of_rows(rows: ProgrammeRows, fx: FxRates) -> ProgrammeSummary:
    operations = [
        Operation(
            x.id,
            ProjectStatus(x.status),
            x.approval,
            x.concept,
            None if x.commitment is None else Money(amount=x.commitment, currency=x.currency),
            x.carried,
        )
        for x in rows.operations
    ]
    envelope = [(y.fy, Money(amount=y.total, currency=y.currency)) for y in rows.envelope]
    return _summary(rows.heading, operations, envelope, fx)


def programme_summaries(engine: Engine, fx: FxRates) -> list[ProgrammeSummary]:
    """The summary of every programme in a database at the newest migration, sorted by identifier."""
    with engine.connect() as conn:
        return [_summary_of_rows(rows, fx) for rows in read_programmes(conn)]


def listed_programmes(url: str | None, settings: Settings) -> list[ProgrammeSummary] | None:
    """The summaries of a database that needs no preparing, read without the ORM; None when it needs some.

    A database needs preparing (:func:`cpfkit.services.loading.open_store`) when it is not at the newest
    migration, or when it holds no programme and the embedded ones load into an empty database
    (``CPFKIT_AUTOLOAD``); it cannot be read here when it cannot be opened.  In each case the caller opens
    it as every command does, which prepares it or says what is wrong.
    """
    from cpfkit.reference.fx import load_fx

    try:
        engine, _ = open_engine(url or settings.database_url)
    except OperationalError:
        return None
    try:
        with engine.connect() as conn:
            if read_revision(conn) != [HEAD_REVISION]:
                return None
        rows = programme_summaries(engine, load_fx())
    except OperationalError:
        return None
    finally:
        engine.dispose()
    if not rows and settings.autoload:
        return None
    return rows
