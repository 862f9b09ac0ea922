"""What the risk register's API takes and gives: a new entry, a change (closing too), an entry as stored, filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from cpfkit.model import RiskFactor, RiskLevel, RiskStatus, SortCategory
from cpfkit.store.records.fields import Day, Filters, Label, Note, ProjectId, Provenance, Slug
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata

__all__ = ["RiskCode", "RiskCreate", "RiskFilters", "RiskPublic", "RiskUpdate"]

RiskCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
_Factors = Annotated[list[RiskFactor], Field(max_length=len(RiskFactor))]


class RiskCreate(Provenance):
    """A new entry of a programme's register (open; ``code`` defaults to the next ``R<n>``).

    Its SORT category, rating and owner are chosen by the person who adds it: none has a default.
    """

    programme: Slug
    code: RiskCode | None = Field(default=None, description="Entry code (default: the next R<n>).")
    title: Label
    description: Note | None = None
    factors: _Factors = Field(default_factory=list)
    category: SortCategory = Field(description="The SORT category the risk belongs to (required).")
    rating: RiskLevel = Field(description="The SORT level of the risk (required).")
    mitigation: Note | None = None
    owner: Label = Field(description="Who is accountable for the mitigation (required).")
    project: ProjectId | None = None
    opened: Day | None = Field(default=None, description="Date opened (default: today).")


class RiskUpdate(ProvenanceUpdate):
    """Fields to change (the programme and code stay); closing is ``status: closed`` with ``closed``."""

    title: Label | None = None
    description: Note | None = None
    factors: _Factors | None = None
    category: SortCategory | None = None
    rating: RiskLevel | None = None
    mitigation: Note | None = None
    owner: Label | None = None
    project: ProjectId | None = None
    status: RiskStatus | None = None
    opened: Day | None = None
    closed: Day | None = None
    closing_note: Note | None = None


class RiskFields(BaseModel):
    """A register entry's identity and own fields."""

    id: int
    programme: str
    code: str
    title: str
    description: str | None
    factors: list[str]
    category: str | None
    rating: str
    mitigation: str | None
    owner: str | None
    project: str | None
    status: str
    opened: date
    closed: date | None
    closing_note: str | None


class RiskPublic(RecordMetadata, RiskFields):
    """A register entry as stored."""


class RiskFilters(Filters):
    """Filters of the list of register entries."""

    programme: Slug | None = None
    project: ProjectId | None = None
    status: RiskStatus | None = None
    tag: RiskFactor | None = Field(default=None, description="Entries tagged with this risk factor.")
    category: SortCategory | None = None
    rating: RiskLevel | None = None
    opened_from: Day | None = None
    opened_to: Day | None = None
