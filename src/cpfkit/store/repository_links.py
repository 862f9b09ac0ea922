"""How a programme counts operations, between model objects and rows.

A programme counts its own operations and those carried over from another
programme, each with the priority areas and objectives it serves there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.errors import MissingReference
from cpfkit.model import ProgrammeData, ProjectLink
from cpfkit.store.tables_framework import ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow, ProjectObjectiveLinkRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["load_links", "save_links"]


def save_links(
    session: Session,
    data: ProgrammeData,
    origin: str,
    objective_ids: Mapping[str, int],
    area_ids: Mapping[str, int],
) -> None:
    """Count each linked operation in the programme, with the areas and objectives it serves (by their keys).

    Raises:
        MissingReference: a linked (carried-over) operation is not in the store.
    """
    programme_id = data.programme.id
    for link in data.links:
        if session.get(ProjectRow, link.project) is None:
            raise MissingReference(
                f"operation {link.project} is not in the store",
                file=origin,
                record=f"project {link.project}",
                field="id",
            )
        session.add(
            ProgrammeProjectRow(programme_id=programme_id, project_id=link.project, carried_from=link.carried_from)
        )
        for code in link.objectives:
            session.add(
                ProjectObjectiveLinkRow(
                    programme_id=programme_id, project_id=link.project, objective_id=objective_ids[code]
                )
            )
        for code in link.priority_areas:
            session.add(
                ProjectAreaLinkRow(programme_id=programme_id, project_id=link.project, priority_area_id=area_ids[code])
            )


def load_links(
    session: Session, programme_id: str, links: Collection[ProgrammeProjectRow], live: Collection[str]
) -> tuple[ProjectLink, ...]:
    """The programme's links to its live operations, each with the codes of its live areas and objectives."""
    objective_codes = dict(
        session.execute(
            select(ObjectiveRow.id, ObjectiveRow.code).where(
                ObjectiveRow.programme_id == programme_id, ObjectiveRow.deleted_at.is_(None)
            )
        ).all()
    )
    area_codes = dict(
        session.execute(
            select(PriorityAreaRow.id, PriorityAreaRow.code).where(
                PriorityAreaRow.programme_id == programme_id, PriorityAreaRow.deleted_at.is_(None)
            )
        ).all()
    )
    by_project_objectives: dict[str, list[str]] = defaultdict(list)
    for pid, oid in session.execute(
        select(ProjectObjectiveLinkRow.project_id, ProjectObjectiveLinkRow.objective_id).where(
            ProjectObjectiveLinkRow.programme_id == programme_id
        )
    ):
        if oid in objective_codes:
            by_project_objectives[pid].append(objective_codes[oid])
    by_project_areas: dict[str, list[str]] = defaultdict(list)
    for pid, aid in session.execute(
        select(ProjectAreaLinkRow.project_id, ProjectAreaLinkRow.priority_area_id).where(
            ProjectAreaLinkRow.programme_id == programme_id
        )
    ):
        if aid in area_codes:
            by_project_areas[pid].append(area_codes[aid])
    return tuple(
        ProjectLink(
            project=link.project_id,
            objectives=tuple(sorted(by_project_objectives[link.project_id])),
            priority_areas=tuple(sorted(by_project_areas[link.project_id])),
            carried_from=link.carried_from,
        )
        for link in sorted(links, key=lambda link: link.project_id)
        if link.project_id in live
    )
