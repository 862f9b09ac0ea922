"""What the programmes' API takes and gives: a new programme, a change, a programme as stored, the filters."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from cpfkit.model import EnvelopeYear, Institution, MobilisationAttribution, Money, ProgrammeStatus
from cpfkit.model.base import Num
from cpfkit.store.records.fields import Day, Figure, Filters, Label, MoneyIn, Note, Provenance, Slug
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata

__all__ = [
    "EnvelopeShareIn",
    "EnvelopeYearIn",
    "ProgrammeCreate",
    "ProgrammeFilters",
    "ProgrammePublic",
    "ProgrammeUpdate",
]

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class EnvelopeShareIn(Provenance):
    """One institution's part of a year's envelope."""

    institution: Institution
    amount: MoneyIn


class EnvelopeYearIn(Provenance):
    """The envelope of one fiscal year (named by the year it ends), optionally split by institution."""

    fy: int = Field(ge=1900, le=2200)
    total: MoneyIn
    by_institution: list[EnvelopeShareIn] = Field(default_factory=list, max_length=20)


class ProgrammeCreate(Provenance):
    """A new programme (its results framework is added through the priority-area, objective and indicator resources)."""

    id: Slug
    country: Country
    title: Label
    period_start: Day
    period_end: Day
    fy_start_month: int = Field(
        ge=1,
        le=12,
        description="First month of the programme's fiscal year (7 for the World Bank's July-June; required).",
    )
    status: ProgrammeStatus
    description: Note | None = None
    envelope: list[EnvelopeYearIn] = Field(default_factory=list, max_length=50)
    ibrd_exposure_limit: MoneyIn | None = None
    discount_rate: Figure | None = Field(default=None, ge=0, le=1)
    mobilisation_attribution: MobilisationAttribution = Field(
        default=MobilisationAttribution.PRO_RATA,
        description="How private direct mobilisation shared with other MDBs is attributed: pro-rata or full.",
    )


class ProgrammeUpdate(ProvenanceUpdate):
    """Fields to change; an envelope given replaces the stored one."""

    country: Country | None = None
    title: Label | None = None
    period_start: Day | None = None
    period_end: Day | None = None
    fy_start_month: int | None = Field(default=None, ge=1, le=12)
    status: ProgrammeStatus | None = None
    description: Note | None = None
    envelope: list[EnvelopeYearIn] | None = Field(default=None, max_length=50)
    ibrd_exposure_limit: MoneyIn | None = None
    discount_rate: Figure | None = Field(default=None, ge=0, le=1)
    mobilisation_attribution: MobilisationAttribution | None = None


class ProgrammeFields(BaseModel):
    """A programme's identity and own fields."""

    id: str
    country: str
    title: str
    period_start: date
    period_end: date
    fy_start_month: int
    status: str
    description: str | None
    envelope: list[EnvelopeYear]
    ibrd_exposure_limit: Money | None
    discount_rate: Num | None
    mobilisation_attribution: str


class ProgrammePublic(RecordMetadata, ProgrammeFields):
    """A programme as stored, with its version for ``If-Match``."""


class ProgrammeFilters(Filters):
    """Filters of the list of programmes."""

    status: ProgrammeStatus | None = None
    country: Country | None = None
    q: Label | None = Field(default=None, description="Text in the id or the title.")
