"""The queries of the dated records of the copy: ledger, ISR and SORT ratings, events, plans, country flags."""

from __future__ import annotations

from typing import Any

from cpfkit.store.analytics_scope import Query, Scope, int_of, text_of
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow
from cpfkit.store.tables_portfolio import CountryFlagRow, PlannedDisbursementRow, ProjectEventRow

__all__ = ["country_flags", "events", "planned", "ratings", "sort_ratings", "transactions"]


def transactions(scope: Scope) -> Query:
    """The query of the copy's ``transactions`` table."""
    t = TransactionRow
    return (
        (t.project_id, t.type, text_of(t.date), text_of(t.amount_usd), int_of(t.illustrative)),
        ("project_id", "type", "date", "amount_usd", "illustrative"),
        scope.of_members(t),
    )


def ratings(scope: Scope) -> Query:
    """The query of the copy's ``ratings`` table."""
    r = ProjectRatingRow
    return (
        (r.project_id, r.kind, text_of(r.date), r.rating, int_of(r.illustrative)),
        ("project_id", "kind", "date", "rating", "illustrative"),
        scope.of_members(r),
    )


def sort_ratings(scope: Scope) -> Query:
    """The query of the copy's ``sort_ratings`` table."""
    s = SortRatingRow
    where: list[Any] = [s.deleted_at.is_(None)]
    members = scope.members
    if members is not None:
        where.append((s.programme_id == scope.programme_id) | s.project_id.in_(members))
    return (
        (s.programme_id, s.project_id, s.category, text_of(s.date), s.rating, int_of(s.illustrative)),
        ("programme_id", "project_id", "category", "date", "rating", "illustrative"),
        where,
    )


def events(scope: Scope) -> Query:
    """The query of the copy's ``events`` table."""
    e = ProjectEventRow
    columns = (
        e.project_id,
        e.kind,
        text_of(e.date),
        text_of(e.end_date),
        text_of(e.new_closing_date),
        e.note,
        int_of(e.illustrative),
    )
    names = ("project_id", "kind", "date", "end_date", "new_closing", "note", "illustrative")
    return columns, names, scope.of_members(e)


def planned(scope: Scope) -> Query:
    """The query of the copy's ``planned`` table."""
    d = PlannedDisbursementRow
    return (
        (d.project_id, text_of(d.date), text_of(d.amount_usd), int_of(d.illustrative)),
        ("project_id", "date", "amount_usd", "illustrative"),
        scope.of_members(d),
    )


def country_flags(scope: Scope) -> Query:
    """The query of the copy's ``country_flags`` table."""
    c = CountryFlagRow
    columns = (
        c.programme_id,
        c.kind,
        text_of(c.date),
        text_of(c.end_date),
        text_of(c.value),
        c.note,
        int_of(c.illustrative),
    )
    names = ("programme_id", "kind", "date", "end_date", "value", "note", "illustrative")
    return columns, names, [c.deleted_at.is_(None), *scope.of_programme(c.programme_id)]
