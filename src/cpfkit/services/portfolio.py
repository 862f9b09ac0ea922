"""Use cases of the portfolio review and the risk register, shared by the CLI, the API and the pages.

Kept apart from the other areas so each area's use cases stay in one place; the store is
opened with :func:`cpfkit.services.loading.open_store`.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Mapping
from datetime import date
from typing import Any

from cpfkit import clock
from cpfkit.errors import DataError
from cpfkit.metrics.portfolio import ReviewRules
from cpfkit.model import RiskEntry, RiskStatus
from cpfkit.reference import load_fx
from cpfkit.reports.common import ClosedPeriodNote
from cpfkit.reports.portfolio import PortfolioReport, portfolio_report
from cpfkit.services.translations import TextBook, programme_in, review_in, risks_in
from cpfkit.store import Store, periods
from cpfkit.store.records import resource
from cpfkit.store.records.base import validated
from cpfkit.store.records.risks import RiskCreate, RiskUpdate, next_code, to_entry
from cpfkit.store.repository import load_programme
from cpfkit.store.repository_portfolio import find_risk, list_risks, require_programme
from cpfkit.workplace import editing
from cpfkit.workplace.roles import Principal, permit

__all__ = ["add_risk_entry", "close_risk_entry", "new_risk_code", "portfolio", "risk_register"]


def portfolio(
    store: Store,
    programme_id: str,
    as_of: date | None = None,
    rules: ReviewRules | None = None,
    *,
    listing: bool = True,
    book: TextBook | None = None,
) -> PortfolioReport:
    """The portfolio report of a programme as of a date (default: today).

    ``listing=False`` leaves out the per-operation listings (the table of
    operations and each operation's SORT table): every figure, flag and the
    heat map are still computed.  With a ``book`` of translations, the programme's and the risk
    register's texts, and the names and agencies of the operations, are those of its language where
    translated.

    Raises:
        NotFound: no such programme.
    """
    from cpfkit.store.portfolio_copy import portfolio_data  # the engine's tables (NumPy): not for the risk register

    as_of = as_of or clock.today()
    with store.reader() as session:
        programme = load_programme(session, programme_id)
        risks = list_risks(session, programme_id)
        close = periods.in_force(session, programme_id)
    if book is not None:
        programme = programme_in(programme, book)
        risks = risks_in(risks, programme_id, book)
    data = portfolio_data(store, programme_id)
    # the review creates many short-lived objects and no cycles: the cyclic collector would only slow it down
    collecting = gc.isenabled()
    gc.disable()
    try:
        report = portfolio_report(data, programme, as_of, load_fx(), rules, risks, listing=listing)
    finally:
        if collecting:
            gc.enable()
        data.close()
    if close is not None:
        note = ClosedPeriodNote(close.until, close.closed_at.date(), close.closed_by, close.reason)
        report = dataclasses.replace(report, closed_period=note)
    return report if book is None else review_in(report, programme_id, book)


def risk_register(store: Store, programme_id: str) -> list[RiskEntry]:
    """Every entry of a programme's risk register, open and closed."""
    with store.reader() as session:
        return list_risks(session, programme_id)


def new_risk_code(store: Store, programme_id: str) -> str:
    """The next free entry code of a programme's register (``R<n>``)."""
    with store.reader() as session:
        require_programme(session, programme_id)
        return next_code(session, programme_id)


def add_risk_entry(store: Store, programme_id: str, fields: Mapping[str, Any], principal: Principal) -> RiskEntry:
    """Add an open entry to a programme's register, as ``principal``: checked, version 1, audited, one transaction.

    ``fields`` are those of :class:`~cpfkit.store.records.risks.RiskCreate` but the programme; without a
    ``source`` the entry is marked illustrative; without a ``code`` it takes the next ``R<n>``.

    Raises:
        NotFound: no such programme.
        PermissionDenied: ``principal`` may not edit the programme.
        DuplicateIdentifier: the code is taken (deleted entries keep theirs).
        DataError: a field is not valid (named), or the operation is not counted by the programme.
    """
    data = {k: v for k, v in fields.items() if v is not None}
    data.setdefault("illustrative", data.get("source") is None)
    payload = validated(RiskCreate, {**data, "programme": programme_id}, f"risk of {programme_id}")
    res = resource("risk")
    with store.reader() as session:
        require_programme(session, programme_id)
    return to_entry(editing.create(store, res, payload, principal))


def close_risk_entry(
    store: Store,
    programme_id: str,
    code: str,
    on: date,
    note: str | None,
    principal: Principal,
    *,
    version: int | None = None,
) -> RiskEntry:
    """Close an open entry of a programme's register on a date, as ``principal`` (version-checked, audited).

    Args:
        store: the store.
        programme_id: the programme.
        code: the entry's code.
        on: the day it closed.
        note: how it ended.
        principal: who closes it.
        version: the version the caller read (``If-Match``); the current one when None.

    Raises:
        NotFound: no such programme or live entry.
        PermissionDenied: ``principal`` may not edit the programme.
        DataError: already closed, or ``on`` before the entry was opened.
        VersionMismatch: the entry changed since ``version``.
    """
    res = resource("risk")
    permit(principal, res)({programme_id})
    with store.reader() as session:
        key, current, entry = find_risk(session, programme_id, code)
    if entry.status is RiskStatus.CLOSED:
        raise DataError(f"risk {code} was already closed on {entry.closed}", record=f"risk {code}", field="status")
    if on < entry.opened:
        raise DataError(f"{on} is before the entry was opened ({entry.opened})", record=f"risk {code}", field="closed")
    payload = RiskUpdate(status=RiskStatus.CLOSED, closed=on, closing_note=note)
    record = editing.update(store, res, key, payload, current if version is None else version, principal)
    return to_entry(record)
