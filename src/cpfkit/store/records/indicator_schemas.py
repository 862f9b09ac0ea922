"""What the indicators' API takes and gives: a new indicator, a change, an indicator as stored, the filters."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from cpfkit.model import Aggregation, Direction, IndicatorKind, Observation, Overlap
from cpfkit.store.records.fields import (
    Code,
    Day,
    Figure,
    Filters,
    Label,
    Note,
    ProjectId,
    Provenance,
    Schema,
    Slug,
)
from cpfkit.store.records.framework import Position
from cpfkit.store.records.metadata import ProvenanceUpdate, RecordMetadata

__all__ = ["IndicatorCreate", "IndicatorFilters", "IndicatorPublic", "IndicatorUpdate", "ObservationIn", "OverlapIn"]


class ObservationIn(Schema):
    """A value on a date."""

    value: Figure
    date: Day


class OverlapIn(Provenance):
    """Beneficiaries that several operations reach in common, counted once."""

    projects: list[ProjectId] = Field(min_length=2, max_length=50)
    amount: Figure | None = Field(default=None, ge=0)


class IndicatorCreate(Provenance):
    """A new results indicator under an objective."""

    programme: Slug
    objective: Code = Field(description="Code of the objective.")
    code: Code
    name: Label
    unit: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    direction: Direction = Field(description="Whether progress is up, down or holding (required).")
    aggregation: Aggregation = Field(description="How the operations' values add up (required).")
    kind: IndicatorKind = Field(description="An objective indicator or a supplementary one (required).")
    baseline: ObservationIn | None = None
    target: ObservationIn | None = None
    headline: bool = False
    published: Note | None = None
    description: Note | None = None
    overlaps: list[OverlapIn] = Field(default_factory=list, max_length=100)
    position: Position | None = None


class IndicatorUpdate(ProvenanceUpdate):
    """Fields to change (``objective`` moves the indicator; ``overlaps`` given replace the stored ones)."""

    objective: Code | None = None
    code: Code | None = None
    name: Label | None = None
    unit: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    direction: Direction | None = None
    aggregation: Aggregation | None = None
    kind: IndicatorKind | None = None
    baseline: ObservationIn | None = None
    target: ObservationIn | None = None
    headline: bool | None = None
    published: Note | None = None
    description: Note | None = None
    overlaps: list[OverlapIn] | None = Field(default=None, max_length=100)
    position: Position | None = None


class IndicatorFields(BaseModel):
    """An indicator's identity and own fields."""

    id: int
    programme: str
    objective: str
    code: str
    name: str
    unit: str
    direction: str
    aggregation: str
    kind: str
    baseline: Observation | None
    target: Observation | None
    headline: bool
    published: str | None
    description: str | None
    overlaps: list[Overlap]
    position: int


class IndicatorPublic(RecordMetadata, IndicatorFields):
    """An indicator as stored."""


class IndicatorFilters(Filters):
    """Filters of the list of indicators."""

    programme: Slug | None = None
    objective: Code | None = None
    priority_area: Code | None = None
    headline: bool | None = None
    kind: IndicatorKind | None = None
