"""Operations as editable records: the project, its sectors, places, co-financing and links to programmes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from cpfkit import clock
from cpfkit.errors import Conflict, MissingReference
from cpfkit.model import (
    FinancingKind,
    Institution,
    Instrument,
    LocationKind,
    Money,
    Project,
    ProjectStatus,
)
from cpfkit.model.base import Num
from cpfkit.store.records.base import Resource, Scope, validated
from cpfkit.store.records.checks import check_project, usd
from cpfkit.store.records.common import contains_text
from cpfkit.store.records.fields import (
    Code,
    Day,
    Figure,
    Filters,
    Label,
    MoneyIn,
    Note,
    ProjectId,
    Provenance,
    Public,
    Schema,
    Slug,
)
from cpfkit.store.records.links import LinkIn, LinkOut, links_of, write_link
from cpfkit.store.repository_projects import project_to_model
from cpfkit.store.tables_framework import ObjectiveRow, PriorityAreaRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow, ProjectObjectiveLinkRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import FinancingRow, LocationRow, ProjectRow, SectorRow

__all__ = ["ProjectCreate", "ProjectFilters", "ProjectPublic", "ProjectUpdate", "Projects"]

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Short = Annotated[str, StringConstraints(min_length=1, max_length=32)]
_PENDING = "cpfkit_pending_projects"  # session.info: the validated operation between changes() and after_change()


class DatesIn(Schema):
    """The milestones of an operation (any may be unknown)."""

    concept: Day | None = None
    approval: Day | None = None
    effectiveness: Day | None = None
    original_closing: Day | None = None
    revised_closing: Day | None = None


class SectorIn(Schema):
    """A sector share, in percent (shares of one vocabulary add up to 100)."""

    code: Short
    vocabulary: Annotated[str, StringConstraints(min_length=1, max_length=8)] = "1"
    name: Note | None = None
    percentage: Figure = Field(gt=0, le=100)


class LocationIn(Schema):
    """A place the operation works in."""

    name: Label
    kind: LocationKind = LocationKind.REGION
    region: Note | None = None
    lat: Figure | None = Field(default=None, ge=-90, le=90)
    lon: Figure | None = Field(default=None, ge=-180, le=180)


class FinancingIn(Provenance):
    """Co-financing or private capital."""

    financier: Label
    kind: FinancingKind
    amount: MoneyIn
    mechanism: Note | None = None
    mobilised_by: Institution | None = None
    co_mobilisers: list[Label] = Field(
        default_factory=list,
        max_length=20,
        description="Private direct lines: the other MDBs that mobilised the financier too, each the financier of a "
        "public line of the operation.",
    )


class ProjectCreate(Provenance):
    """A new operation, defined by (owned by) one programme."""

    id: ProjectId
    programme: Slug = Field(description="The programme that defines the operation.")
    name: Label
    country: Country
    institution: Institution
    instrument: Instrument
    status: ProjectStatus
    dates: DatesIn = Field(default_factory=DatesIn)
    commitment: MoneyIn | None = None
    financing: list[FinancingIn] = Field(default_factory=list, max_length=200)
    sectors: list[SectorIn] = Field(default_factory=list, max_length=100)
    locations: list[LocationIn] = Field(default_factory=list, max_length=500)
    implementing_agency: Note | None = None
    borrower: Note | None = None
    description: Note | None = None
    reference_class: Short | None = None
    priority_areas: list[Code] = Field(default_factory=list, max_length=100)
    objectives: list[Code] = Field(default_factory=list, max_length=100)


class DatesUpdate(Schema):
    """Milestones to change; the others stay as they are (give null to clear one)."""

    concept: Day | None = None
    approval: Day | None = None
    effectiveness: Day | None = None
    original_closing: Day | None = None
    revised_closing: Day | None = None


class ProjectUpdate(Schema):
    """Fields to change; lists given replace the stored lists."""

    name: Label | None = None
    country: Country | None = None
    institution: Institution | None = None
    instrument: Instrument | None = None
    status: ProjectStatus | None = None
    dates: DatesUpdate | None = None
    commitment: MoneyIn | None = None
    financing: list[FinancingIn] | None = Field(default=None, max_length=200)
    sectors: list[SectorIn] | None = Field(default=None, max_length=100)
    locations: list[LocationIn] | None = Field(default=None, max_length=500)
    implementing_agency: Note | None = None
    borrower: Note | None = None
    description: Note | None = None
    reference_class: Short | None = None
    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: list[Annotated[str, StringConstraints(max_length=64)]] | None = Field(
        default=None, max_length=50
    )
    links: list[LinkIn] | None = Field(default=None, max_length=50)


class ProjectPublic(Public):
    """An operation as stored, with its version for ``If-Match``."""

    id: str
    name: str
    country: str | None = Field(description="ISO 3166-1 code; none for a regional or multi-country operation.")
    region: str | None = Field(
        default=None, description="IATI Region code (OECD DAC) or multi-country, for an operation with no country."
    )
    institution: str
    instrument: str
    status: str
    dates: dict[str, date | None]
    commitment: Money | None
    commitment_usd: Num | None
    financing: list[dict[str, Any]]
    sectors: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    implementing_agency: str | None
    borrower: str | None
    description: str | None
    reference_class: str | None
    source: str | None
    illustrative: bool
    illustrative_fields: list[str]
    owner_programme: str | None
    links: list[LinkOut]
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class ProjectFilters(Filters):
    """Filters of the list of operations."""

    programme: Slug | None = Field(default=None, description="Operations this programme counts.")
    status: ProjectStatus | None = None
    institution: Institution | None = None
    instrument: Instrument | None = None
    priority_area: Code | None = Field(default=None, description="Code of a priority area the operation serves.")
    objective: Code | None = Field(default=None, description="Code of an objective the operation serves.")
    region: Label | None = Field(default=None, description="A region or city the operation works in.")
    approved_from: Day | None = Field(default=None, description="Approved on or after this date.")
    approved_to: Day | None = Field(default=None, description="Approved on or before this date.")
    q: Label | None = Field(default=None, description="Text in the id or the name.")


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
        stmt = select(ProjectRow)
        if filters.programme:
            stmt = stmt.where(
                ProjectRow.id.in_(
                    select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == filters.programme)
                )
            )
        for column, value in (
            (ProjectRow.status, filters.status),
            (ProjectRow.institution, filters.institution),
            (ProjectRow.instrument, filters.instrument),
        ):
            if value is not None:
                stmt = stmt.where(column == value.value)
        if filters.priority_area:
            areas = select(ProjectAreaLinkRow.project_id).join(
                PriorityAreaRow, PriorityAreaRow.id == ProjectAreaLinkRow.priority_area_id
            )
            areas = areas.where(PriorityAreaRow.code == filters.priority_area)
            if filters.programme:
                areas = areas.where(ProjectAreaLinkRow.programme_id == filters.programme)
            stmt = stmt.where(ProjectRow.id.in_(areas))
        if filters.objective:
            objectives = select(ProjectObjectiveLinkRow.project_id).join(
                ObjectiveRow, ObjectiveRow.id == ProjectObjectiveLinkRow.objective_id
            )
            objectives = objectives.where(ObjectiveRow.code == filters.objective)
            if filters.programme:
                objectives = objectives.where(ProjectObjectiveLinkRow.programme_id == filters.programme)
            stmt = stmt.where(ProjectRow.id.in_(objectives))
        if filters.region:
            place = filters.region.lower()
            stmt = stmt.where(
                ProjectRow.id.in_(
                    select(LocationRow.project_id).where(
                        or_(func.lower(LocationRow.region) == place, func.lower(LocationRow.name) == place)
                    )
                )
            )
        if filters.approved_from:
            stmt = stmt.where(ProjectRow.approval_date >= filters.approved_from)
        if filters.approved_to:
            stmt = stmt.where(ProjectRow.approval_date <= filters.approved_to)
        if filters.q:
            stmt = stmt.where(contains_text(filters.q, ProjectRow.id, ProjectRow.name))
        return stmt.options(
            selectinload(ProjectRow.sectors), selectinload(ProjectRow.locations), selectinload(ProjectRow.financing)
        )

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
                    source=row.source,
                    illustrative=row.illustrative,
                    illustrative_fields=list(row.illustrative_fields or []),
                    owner_programme=row.owner_programme_id,
                    links=links.get(row.id, []),
                    version=row.version,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    deleted_at=row.deleted_at,
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
        for name, value in _columns(model).items():
            setattr(row, name, value)
        _replace_children(row, model)
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
        return _columns(model)

    def after_change(self, session: Session, row: ProjectRow, payload: BaseModel) -> None:
        """Replace the sectors, places and co-financing given; rewrite the links given."""
        assert isinstance(payload, ProjectUpdate)
        model = session.info.get(_PENDING, {}).pop(row.id)
        fields = payload.model_fields_set & {"sectors", "locations", "financing"}
        if fields:
            _replace_children(row, model, fields)
        label = f"project {row.id}"
        for i, link in enumerate(payload.links or []):
            counted = session.get(ProgrammeProjectRow, (link.programme, row.id))
            if counted is None:
                raise MissingReference(
                    f"programme {link.programme} does not count operation {row.id}",
                    record=label,
                    field=f"links.{i}.programme",
                )
            session.execute(
                delete(ProjectAreaLinkRow).where(
                    ProjectAreaLinkRow.programme_id == link.programme, ProjectAreaLinkRow.project_id == row.id
                )
            )
            session.execute(
                delete(ProjectObjectiveLinkRow).where(
                    ProjectObjectiveLinkRow.programme_id == link.programme, ProjectObjectiveLinkRow.project_id == row.id
                )
            )
            write_link(session, row.id, link, label, f"links.{i}.")


def _columns(model: Project) -> dict[str, Any]:
    """The project table's columns for a validated operation."""
    commitment_usd = None
    if model.commitment is not None:
        on = model.dates.approval or model.dates.concept or clock.today()
        commitment_usd = usd(model.commitment, on)[0]
    return {
        "name": model.name,
        "country": model.country,
        "region": model.region,
        "institution": model.institution.value,
        "instrument": model.instrument.value,
        "status": model.status.value,
        "concept_date": model.dates.concept,
        "approval_date": model.dates.approval,
        "effectiveness_date": model.dates.effectiveness,
        "original_closing_date": model.dates.original_closing,
        "revised_closing_date": model.dates.revised_closing,
        "commitment": model.commitment.amount if model.commitment else None,
        "commitment_currency": model.commitment.currency if model.commitment else None,
        "commitment_usd": commitment_usd,
        "implementing_agency": model.implementing_agency,
        "borrower": model.borrower,
        "description": model.description,
        "reference_class": model.reference_class,
        "source": model.source,
        "illustrative": model.illustrative,
        "illustrative_fields": sorted(model.illustrative_fields),
    }


def _replace_children(row: ProjectRow, model: Project, which: set[str] | None = None) -> None:
    which = which or {"sectors", "locations", "financing"}
    on = model.dates.approval or model.dates.concept or clock.today()
    if "sectors" in which:
        row.sectors = [
            SectorRow(code=s.code, vocabulary=s.vocabulary, name=s.name, percentage=s.percentage) for s in model.sectors
        ]
    if "locations" in which:
        row.locations = [
            LocationRow(name=loc.name, kind=loc.kind.value, region=loc.region, lat=loc.lat, lon=loc.lon)
            for loc in model.locations
        ]
    if "financing" in which:
        row.financing = [
            FinancingRow(
                financier=f.financier,
                kind=f.kind.value,
                amount=f.amount.amount,
                currency=f.amount.currency,
                amount_usd=usd(f.amount, on)[0],
                mechanism=f.mechanism,
                mobilised_by=f.mobilised_by.value if f.mobilised_by else None,
                co_mobilisers=list(f.co_mobilisers) or None,
                source=f.source,
                illustrative=f.illustrative,
                illustrative_fields=sorted(f.illustrative_fields),
            )
            for f in model.financing
        ]
