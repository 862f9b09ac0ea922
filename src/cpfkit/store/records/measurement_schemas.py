"""What the measurements' API takes and gives: a new value of an indicator, a change, a value as stored, filters."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from cpfkit.model import Qualifier
from cpfkit.model.base import Num
from cpfkit.store.records.fields import Code, Day, Figure, Filters, Note, ProjectId, Provenance, Slug
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata

__all__ = ["MeasurementCreate", "MeasurementFilters", "MeasurementPublic", "MeasurementUpdate"]


class MeasurementCreate(Provenance):
    """A new actual value of an indicator, reported by one operation (or by the programme)."""

    programme: Slug
    indicator: Code = Field(description="Code of the indicator in the programme.")
    project: ProjectId | None = None
    date: Day
    value: Figure
    weight: Figure | None = Field(default=None, gt=0, description="Needed by weighted- and harmonic-mean indicators.")
    qualifier: Qualifier | None = Field(
        default=None, description="The bound the source states: at_least ('more than 1,000'), at_most ('up to')."
    )
    verified: bool = False
    quote: Note | None = Field(
        default=None, description="The sentence of the source that states the value; required when verified."
    )
    note: Note | None = None


class MeasurementUpdate(ProvenanceUpdate):
    """Fields to change."""

    project: ProjectId | None = None
    date: Day | None = None
    value: Figure | None = None
    weight: Figure | None = Field(default=None, gt=0)
    qualifier: Qualifier | None = None
    verified: bool | None = None
    quote: Note | None = None
    note: Note | None = None


class MeasurementFields(BaseModel):
    """A measurement's identity and own fields."""

    id: int
    programme: str
    indicator: str
    project: str | None
    date: date
    value: Num
    weight: Num | None
    qualifier: Qualifier | None
    verified: bool
    quote: str | None
    note: str | None


class MeasurementPublic(RecordMetadata, MeasurementFields):
    """A measurement as stored."""


class MeasurementFilters(Filters):
    """Filters of the list of measurements."""

    programme: Slug | None = None
    indicator: Code | None = None
    project: ProjectId | None = None
    verified: bool | None = None
    date_from: Day | None = None
    date_to: Day | None = None
