"""The queries of the operations' tables of the copy: the operations, the programmes' links, areas, financing."""

from __future__ import annotations

from cpfkit.store.analytics_scope import Query, Scope, int_of, text_of
from cpfkit.store.tables_framework import PriorityAreaRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow
from cpfkit.store.tables_project import FinancingRow, ProjectRow

__all__ = ["financing", "programme_projects", "project_areas", "projects"]


def projects(scope: Scope) -> Query:
    """The query of the copy's ``projects`` table."""
    p = ProjectRow
    members = scope.members
    columns = (
        p.id,
        p.name,
        p.institution,
        p.instrument,
        p.status,
        text_of(p.approval_date),
        text_of(p.effectiveness_date),
        text_of(p.original_closing_date),
        text_of(p.revised_closing_date),
        text_of(p.commitment_usd),
        p.implementing_agency,
        int_of(p.illustrative),
    )
    names = (
        "id",
        "name",
        "institution",
        "instrument",
        "status",
        "approval",
        "effectiveness",
        "original_closing",
        "revised_closing",
        "commitment_usd",
        "implementing_agency",
        "illustrative",
    )
    return columns, names, [p.deleted_at.is_(None), *([p.id.in_(members)] if members is not None else [])]


def programme_projects(scope: Scope) -> Query:
    """The query of the copy's ``programme_projects`` table."""
    pp = ProgrammeProjectRow
    return (
        (pp.programme_id, pp.project_id, pp.carried_from),
        ("programme_id", "project_id", "carried_from"),
        scope.of_programme(pp.programme_id),
    )


def project_areas(scope: Scope) -> Query:
    """The query of the copy's ``project_areas`` table."""
    link, area = ProjectAreaLinkRow, PriorityAreaRow
    return (
        (link.programme_id, link.project_id, area.code),
        ("programme_id", "project_id", "area"),
        [link.priority_area_id == area.id, *scope.of_programme(link.programme_id)],
    )


def financing(scope: Scope) -> Query:
    """The query of the copy's ``financing`` table."""
    f = FinancingRow
    columns = (
        f.project_id,
        f.financier,
        f.kind,
        text_of(f.amount_usd),
        f.mechanism,
        f.mobilised_by,
        text_of(f.co_mobilisers),
        int_of(f.illustrative),
    )
    names = ("project_id", "financier", "kind", "amount_usd", "mechanism", "mobilised_by", "co_mobilisers")
    return columns, (*names, "illustrative"), scope.of_members(f)
