"""Use cases of the portfolio review and the risk register, shared by the CLI, the API and the pages.

Kept apart from :mod:`cpfkit.services` so each area's use cases stay in one place; the store is
opened with :func:`cpfkit.services.open_store`.
"""

from __future__ import annotations

import gc
from datetime import date

from cpfkit.jsonable import jsonable
from cpfkit.metrics.portfolio import ReviewRules
from cpfkit.model import RiskEntry
from cpfkit.reference import load_fx
from cpfkit.reports.portfolio import PortfolioReport, portfolio_report
from cpfkit.store import Store
from cpfkit.store.audit import Actor, record
from cpfkit.store.portfolio_copy import portfolio_data
from cpfkit.store.repository import load_programme
from cpfkit.store.repository_portfolio import add_risk, close_risk, list_risks, next_risk_code

__all__ = ["add_risk_entry", "close_risk_entry", "new_risk_code", "portfolio", "risk_register"]


def portfolio(
    store: Store,
    programme_id: str,
    as_of: date | None = None,
    rules: ReviewRules | None = None,
    *,
    listing: bool = True,
) -> PortfolioReport:
    """The portfolio report of a programme as of a date (default: today).

    ``listing=False`` leaves out the per-operation listings (the table of
    operations and each operation's SORT table): every figure, flag and the
    heat map are still computed.

    Raises:
        NotFound: no such programme.
    """
    as_of = as_of or date.today()
    with store.reader() as session:
        programme = load_programme(session, programme_id)
        risks = list_risks(session, programme_id)
    data = portfolio_data(store, programme_id)
    # the review creates many short-lived objects and no cycles: the cyclic collector would only slow it down
    collecting = gc.isenabled()
    gc.disable()
    try:
        return portfolio_report(data, programme, as_of, load_fx(), rules, risks, listing=listing)
    finally:
        if collecting:
            gc.enable()
        data.close()


def risk_register(store: Store, programme_id: str) -> list[RiskEntry]:
    """Every entry of a programme's risk register, open and closed."""
    with store.reader() as session:
        return list_risks(session, programme_id)


def new_risk_code(store: Store, programme_id: str) -> str:
    """The next free entry code of a programme's register (``R<n>``)."""
    with store.reader() as session:
        load_programme(session, programme_id)
        return next_risk_code(session, programme_id)


def add_risk_entry(store: Store, programme_id: str, entry: RiskEntry, actor: Actor | None = None) -> RiskEntry:
    """Add an entry to a programme's register, in one transaction (with its audit entry when ``actor`` is named)."""
    with store.transaction() as session:
        added = add_risk(session, programme_id, entry)
        if actor is not None:
            record(
                session,
                actor,
                "create",
                "risk",
                f"{programme_id}/{added.code}",
                programme_id=programme_id,
                project_id=added.project,
                version=1,
                after=jsonable(added.model_dump(exclude_defaults=True)),
            )
        return added


def close_risk_entry(
    store: Store, programme_id: str, code: str, on: date, note: str | None = None, actor: Actor | None = None
) -> RiskEntry:
    """Close an open entry of a programme's register on a date, in one transaction (audited when ``actor`` is named)."""
    with store.transaction() as session:
        closed = close_risk(session, programme_id, code, on, note)
        if actor is not None:
            record(
                session,
                actor,
                "close",
                "risk",
                f"{programme_id}/{code}",
                programme_id=programme_id,
                project_id=closed.project,
                before={"status": "open"},
                after=jsonable({"status": closed.status, "closed": closed.closed, "closing_note": closed.closing_note}),
            )
        return closed
