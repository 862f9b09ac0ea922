"""The portfolio engine's input built from a :class:`ProgrammeData` (no database).

The engine reads a :class:`~cpfkit.store.analytics.PortfolioData`: DuckDB
tables (:data:`cpfkit.store.analytics.COLUMNS`) and sorted series
(:mod:`cpfkit.store.series`).  The store builds it from the database; this
module builds the same raw columns from model objects (tests, folders not yet
stored) and hands them to the same :func:`~cpfkit.store.analytics.prepare`.
US-dollar values follow the store's rules exactly.
"""

from __future__ import annotations

from typing import Any

from cpfkit import clock
from cpfkit.metrics.ledger import commitment_usd
from cpfkit.model import FxRates, ProgrammeData, to_usd
from cpfkit.store.analytics import PortfolioData, prepare
from cpfkit.store.analytics_tables import COLUMNS, SERIES_TABLES, Columns, names_cell

__all__ = ["prepare_data", "tables_from_data"]


def prepare_data(data: ProgrammeData, fx: FxRates) -> PortfolioData:
    """The engine's tables and series for one programme, from model objects (no database)."""
    return prepare(tables_from_data(data, fx))


def tables_from_data(data: ProgrammeData, fx: FxRates) -> dict[str, Columns]:
    """The engine's tables for one programme, computed from model objects (give them to :func:`register`).

    US-dollar values follow the store's rules exactly: commitments and
    financing at the approval date, ledger and planned amounts at their own
    date, each rounded to the cent.
    """
    programme = data.programme.id
    own = {p.id for p in data.projects}
    out: dict[str, Columns] = {}
    out["projects"] = _rows(
        "projects",
        [
            (
                p.id,
                p.name,
                p.institution.value,
                p.instrument.value,
                p.status.value,
                p.dates.approval,
                p.dates.effectiveness,
                p.dates.original_closing,
                p.dates.revised_closing,
                commitment_usd(p, fx) if p.commitment is not None else None,
                p.implementing_agency,
                p.illustrative,
            )
            for p in data.projects
        ],
    )
    out["programme_projects"] = _rows(
        "programme_projects", [(programme, lk.project, lk.carried_from) for lk in data.links if lk.project in own]
    )
    out["project_areas"] = _rows(
        "project_areas",
        [(programme, lk.project, a) for lk in data.links if lk.project in own for a in lk.priority_areas],
    )
    out["transactions"] = _rows(
        "transactions",
        [
            (t.project, t.type.value, t.date, to_usd(t.amount, fx, t.date)[0].amount, t.illustrative)
            for t in data.transactions
            if t.project in own
        ],
    )
    out["ratings"] = _rows(
        "ratings",
        [(r.project, r.kind.value, r.date, r.rating.value, r.illustrative) for r in data.ratings if r.project in own],
    )
    out["sort_ratings"] = _rows(
        "sort_ratings",
        [
            (
                programme if s.subject == programme else None,
                s.subject if s.subject != programme else None,
                s.category.value,
                s.date,
                s.rating.value,
                s.illustrative,
            )
            for s in data.sort_ratings
            if s.subject == programme or s.subject in own
        ],
    )
    financing = []
    for p in data.projects:
        on = p.dates.approval or p.dates.concept or clock.today()
        for f in p.financing:
            financing.append(
                (
                    p.id,
                    f.financier,
                    f.kind.value,
                    to_usd(f.amount, fx, on)[0].amount,
                    f.mechanism,
                    f.mobilised_by.value if f.mobilised_by else None,
                    names_cell(f.co_mobilisers),
                    f.illustrative,
                )
            )
    out["financing"] = _rows("financing", financing)
    out["events"] = _rows(
        "events",
        [
            (e.project, e.kind.value, e.date, e.end, e.new_closing, e.note, e.illustrative)
            for e in data.events
            if e.project in own
        ],
    )
    out["planned"] = _rows(
        "planned",
        [
            (p.project, p.date, to_usd(p.cumulative, fx, p.date)[0].amount, p.illustrative)
            for p in data.planned_disbursements
            if p.project in own
        ],
    )
    out["country_flags"] = _rows(
        "country_flags",
        [(programme, f.kind.value, f.date, f.end, f.value, f.note, f.illustrative) for f in data.country_flags],
    )
    return out


def _rows(table: str, rows: list[tuple[Any, ...]]) -> Columns:
    if table in SERIES_TABLES:
        names = list(SERIES_TABLES[table])
    else:
        names = [
            ("project_id" if c == "pno" else c) for c in COLUMNS[table] if not (table == "projects" and c == "pno")
        ]
    if not rows:
        return {n: [] for n in names}
    return {n: list(col) for n, col in zip(names, zip(*rows, strict=True), strict=True)}
