"""How programmes count an operation: the priority areas and objectives it serves in each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cpfkit.errors import MissingReference
from cpfkit.store.records.fields import Code, Schema, Slug
from cpfkit.store.tables_framework import ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow, ProjectObjectiveLinkRow

__all__ = ["LinkIn", "LinkOut", "links_of", "rewrite_links", "write_link"]


class LinkIn(Schema):
    """The priority areas and objectives an operation serves in one programme that counts it."""

    programme: Slug
    priority_areas: list[Code] = Field(default_factory=list, max_length=100)
    objectives: list[Code] = Field(default_factory=list, max_length=100)


class LinkOut(BaseModel):
    """How one programme counts the operation."""

    programme: str
    priority_areas: list[str]
    objectives: list[str]
    carried_from: str | None


def write_link(session: Session, project_id: str, link: LinkIn, label: str, prefix: str) -> None:
    """Store the areas and objectives an operation serves in one programme (codes must be live there)."""
    areas = dict(
        session.execute(
            select(PriorityAreaRow.code, PriorityAreaRow.id).where(
                PriorityAreaRow.programme_id == link.programme, PriorityAreaRow.deleted_at.is_(None)
            )
        ).all()
    )
    objectives = {
        code: (oid, area_id)
        for code, oid, area_id in session.execute(
            select(ObjectiveRow.code, ObjectiveRow.id, ObjectiveRow.priority_area_id).where(
                ObjectiveRow.programme_id == link.programme, ObjectiveRow.deleted_at.is_(None)
            )
        )
    }
    for code in link.objectives:
        if code not in objectives:
            raise MissingReference(
                f"no objective {code!r} in programme {link.programme}", record=label, field=f"{prefix}objectives"
            )
    for code in link.priority_areas:
        if code not in areas:
            raise MissingReference(
                f"no priority area {code!r} in programme {link.programme}",
                record=label,
                field=f"{prefix}priority_areas",
            )
    area_ids = [areas[c] for c in dict.fromkeys(link.priority_areas)]
    if not area_ids:  # derived from the objectives, as the folder loader does
        area_ids = list(dict.fromkeys(objectives[c][1] for c in link.objectives))
    for area_id in area_ids:
        session.add(ProjectAreaLinkRow(programme_id=link.programme, project_id=project_id, priority_area_id=area_id))
    for code in dict.fromkeys(link.objectives):
        session.add(
            ProjectObjectiveLinkRow(
                programme_id=link.programme, project_id=project_id, objective_id=objectives[code][0]
            )
        )


def rewrite_links(session: Session, project_id: str, links: Sequence[LinkIn], label: str) -> None:
    """Replace the areas and objectives an operation serves in each programme given (which must count it)."""
    for i, link in enumerate(links):
        counted = session.get(ProgrammeProjectRow, (link.programme, project_id))
        if counted is None:
            raise MissingReference(
                f"programme {link.programme} does not count operation {project_id}",
                record=label,
                field=f"links.{i}.programme",
            )
        session.execute(
            delete(ProjectAreaLinkRow).where(
                ProjectAreaLinkRow.programme_id == link.programme, ProjectAreaLinkRow.project_id == project_id
            )
        )
        session.execute(
            delete(ProjectObjectiveLinkRow).where(
                ProjectObjectiveLinkRow.programme_id == link.programme, ProjectObjectiveLinkRow.project_id == project_id
            )
        )
        write_link(session, project_id, link, label, f"links.{i}.")


def links_of(session: Session, project_ids: list[str]) -> dict[str, list[LinkOut]]:
    """Every programme's link to each operation (in a fixed number of queries)."""
    if not project_ids:
        return {}
    counted = session.execute(
        select(ProgrammeProjectRow.project_id, ProgrammeProjectRow.programme_id, ProgrammeProjectRow.carried_from)
        .where(ProgrammeProjectRow.project_id.in_(project_ids))
        .order_by(ProgrammeProjectRow.programme_id)
    ).all()
    areas: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid, prog, code in session.execute(
        select(ProjectAreaLinkRow.project_id, ProjectAreaLinkRow.programme_id, PriorityAreaRow.code)
        .join(PriorityAreaRow, PriorityAreaRow.id == ProjectAreaLinkRow.priority_area_id)
        .where(ProjectAreaLinkRow.project_id.in_(project_ids))
        .order_by(PriorityAreaRow.position)
    ):
        areas[(pid, prog)].append(code)
    objectives: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid, prog, code in session.execute(
        select(ProjectObjectiveLinkRow.project_id, ProjectObjectiveLinkRow.programme_id, ObjectiveRow.code)
        .join(ObjectiveRow, ObjectiveRow.id == ProjectObjectiveLinkRow.objective_id)
        .where(ProjectObjectiveLinkRow.project_id.in_(project_ids))
        .order_by(ObjectiveRow.position)
    ):
        objectives[(pid, prog)].append(code)
    out: dict[str, list[LinkOut]] = defaultdict(list)
    for pid, prog, carried in counted:
        out[pid].append(
            LinkOut(
                programme=prog,
                priority_areas=areas[(pid, prog)],
                objectives=objectives[(pid, prog)],
                carried_from=carried,
            )
        )
    return out
