"""What the operations' API takes and gives: a new operation, a change, an operation as stored, the filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from cpfkit.model import Institution, Instrument, Money, ProjectStatus
from cpfkit.model.base import Num
from cpfkit.store.records.fields import Code, Day, Filters, Label, MoneyIn, Note, ProjectId, Provenance, Slug
from cpfkit.store.records.links import LinkIn, LinkOut
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata
from cpfkit.store.records.project_inputs import DatesIn, DatesUpdate, FinancingIn, LocationIn, SectorIn, Short

__all__ = ["ProjectCreate", "ProjectFilters", "ProjectPublic", "ProjectUpdate"]

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


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


class ProjectUpdate(ProvenanceUpdate):
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
    links: list[LinkIn] | None = Field(default=None, max_length=50)


class ProjectFields(BaseModel):
    """An operation's identity and own fields."""

    id: str
    owner_programme: str | None
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
    links: list[LinkOut]


class ProjectPublic(RecordMetadata, ProjectFields):
    """An operation as stored, with its version for ``If-Match``."""


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
