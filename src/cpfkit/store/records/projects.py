"""Operations as editable records: the project, its sectors, places, co-financing and links to programmes.

The schemas are in :mod:`cpfkit.store.records.project_schemas` (the parts in
:mod:`~cpfkit.store.records.project_inputs`), the list's query in
:mod:`~cpfkit.store.records.project_queries`, the rows written in
:mod:`~cpfkit.store.records.project_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, MissingReference
from cpfkit.model import Project
from cpfkit.store.records.checks import check_project
from cpfkit.store.records.fields import MoneyIn
from cpfkit.store.records.links import LinkIn, links_of, rewrite_links, write_link
from cpfkit.store.records.metadata import metadata_of
from cpfkit.store.records.project_inputs import FinancingIn
from cpfkit.store.records.project_queries import select_projects
from cpfkit.store.records.project_rows import project_columns, replace_children
from cpfkit.store.records.project_schemas import ProjectCreate, ProjectFilters, ProjectPublic, ProjectUpdate
from cpfkit.store.records.resource import Resource, Scope
from cpfkit.store.records.validation import validated
from cpfkit.store.repository_projects import project_to_model
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import ProjectRow

__all__ = ["ProjectCreate", "ProjectFilters", "ProjectPublic", "ProjectUpdate", "Projects"]

_PENDING = "cpfkit_pending_projects"  # session.info: the validated operation between changes() and after_change()


def _money_dict(value: MoneyIn | None) -> dict[str, Any] | None:
    return None if value is None else {"amount": value.amount, "currency": value.currency}


def _financing_dict(f: FinancingIn) -> dict[str, Any]:
    return {**f.model_dump(exclude={"amount"}), "amount": _money_dict(f.amount)}


class Projects(Resource[ProjectRow]):
    """Operations (``/api/projects``)."""

    name = "project"
    path = "projects"
    row = ProjectRow
    key_type = str
    create_schema = ProjectCreate
    update_schema = ProjectUpdate
    public_schema = ProjectPublic
    filter_schema = ProjectFilters
    sortable = {
        "id": "id",
        "name": "name",
        "status": "status",
        "institution": "institution",
        "instrument": "instrument",
        "approval": "approval_date",
        "closing": "original_closing_date",
        "commitment_usd": "commitment_usd",
        "updated_at": "updated_at",
    }
    default_sort = ("approval", "id")

    # -- reading ------------------------------------------------------------------------------

    def select_rows(self, filters: BaseModel) -> Select[Any]:
        """Operations matching the filters."""
        assert isinstance(filters, ProjectFilters)
        return select_projects(filters)

    def to_public(self, session: Session, rows: Sequence[ProjectRow]) -> list[BaseModel]:
        """Operations with their links to every programme that counts them."""
        links = links_of(session, [r.id for r in rows])
        out: list[BaseModel] = []
        for row in rows:
            model = project_to_model(row)
            dumped = model.model_dump()
            out.append(
                ProjectPublic(
                    id=row.id,
                    name=row.name,
                    country=row.country,
                    region=row.region,
                    institution=row.institution,
                    instrument=row.instrument,
                    status=row.status,
                    dates=dumped["dates"],
                    commitment=model.commitment,
                    commitment_usd=row.commitment_usd,
                    financing=[f.model_dump(mode="json") for f in model.financing],
                    sectors=[s.model_dump(mode="json") for s in model.sectors],
                    locations=[loc.model_dump(mode="json") for loc in model.locations],
                    implementing_agency=row.implementing_agency,
                    borrower=row.borrower,
                    description=row.description,
                    reference_class=row.reference_class,
                    owner_programme=row.owner_programme_id,
                    links=links.get(row.id, []),
                    **metadata_of(row),
                )
            )
        return out

    def scope(self, session: Session, row: ProjectRow) -> Scope:
        """The programmes that count the operation (and the one that defines it)."""
        counted = set(
            session.scalars(select(ProgrammeProjectRow.programme_id).where(ProgrammeProjectRow.project_id == row.id))
        )
        if row.owner_programme_id:
            counted.add(row.owner_programme_id)
        return Scope(frozenset(counted), programme_id=row.owner_programme_id, project_id=row.id)

    # -- writing ------------------------------------------------------------------------------

    def create_scope(self, session: Session, payload: BaseModel) -> set[str]:
        """The defining programme."""
        assert isinstance(payload, ProjectCreate)
        return {payload.programme}

    def create(self, session: Session, payload: BaseModel) -> ProjectRow:
        """A new operation, counted by its programme, with its links."""
        assert isinstance(payload, ProjectCreate)
        label = f"project {payload.id}"
        programme = session.get(ProgrammeRow, payload.programme)
        if programme is None or programme.deleted_at is not None:
            raise MissingReference(f"no programme {payload.programme!r}", record=label, field="programme")
        existing = session.get(ProjectRow, payload.id)
        if existing is not None:
            hint = " (it is deleted: restore it instead)" if existing.deleted_at is not None else ""
            raise Conflict(f"operation {payload.id} already exists{hint}", record=label, field="id")
        data = payload.model_dump(exclude={"programme", "priority_areas", "objectives", "commitment", "financing"})
        data["commitment"] = _money_dict(payload.commitment)
        data["financing"] = [_financing_dict(f) for f in payload.financing]
        model = validated(Project, data, label)
        check_project(model, label)
        row = ProjectRow(id=model.id, owner_programme_id=payload.programme, version=1)
        for name, value in project_columns(model).items():
            setattr(row, name, value)
        replace_children(row, model)
        session.add(row)
        session.add(ProgrammeProjectRow(programme_id=payload.programme, project_id=model.id))
        write_link(
            session,
            model.id,
            LinkIn(programme=payload.programme, priority_areas=payload.priority_areas, objectives=payload.objectives),
            label,
            "",
        )
        return row

    def _merged(self, row: ProjectRow, payload: ProjectUpdate) -> Project:
        current = project_to_model(row).model_dump()
        given = payload.model_dump(exclude_unset=True, exclude={"links", "dates", "commitment", "financing"})
        data = {**current, **given}
        if given.get("country"):
            data["region"] = None  # an operation given a country is that country's, no longer regional
        fields = payload.model_fields_set
        if "dates" in fields:
            data["dates"] = {
                **current["dates"],
                **(payload.dates.model_dump(exclude_unset=True) if payload.dates else {}),
            }
        if "commitment" in fields:
            data["commitment"] = _money_dict(payload.commitment)
        if "financing" in fields:
            data["financing"] = [_financing_dict(f) for f in payload.financing or []]
        for name in ("sectors", "locations", "financing", "illustrative_fields"):
            if name in fields and getattr(payload, name) is None:
                data[name] = []
        return validated(Project, data, f"project {row.id}")

    def changes(self, session: Session, row: ProjectRow, payload: BaseModel) -> dict[str, Any]:
        """The operation's columns after the change, checked like a loaded operation."""
        assert isinstance(payload, ProjectUpdate)
        model = self._merged(row, payload)
        check_project(model, f"project {row.id}")
        session.info.setdefault(_PENDING, {})[row.id] = model
        return project_columns(model)

    def after_change(self, session: Session, row: ProjectRow, payload: BaseModel) -> None:
        """Replace the sectors, places and co-financing given; rewrite the links given."""
        assert isinstance(payload, ProjectUpdate)
        model = session.info.get(_PENDING, {}).pop(row.id)
        fields = payload.model_fields_set & {"sectors", "locations", "financing"}
        if fields:
            replace_children(row, model, fields)
        rewrite_links(session, row.id, payload.links or [], f"project {row.id}")
