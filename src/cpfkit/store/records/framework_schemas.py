"""What the results framework's API takes and gives: priority areas and objectives, new, changed, stored, filtered."""

from __future__ import annotations

from pydantic import BaseModel, Field

from cpfkit.store.records.fields import Code, Filters, Label, Note, Schema, Slug
from cpfkit.store.records.framework import Position
from cpfkit.store.records.metadata import RecordMetadata

__all__ = [
    "ObjectiveCreate",
    "ObjectiveFilters",
    "ObjectivePublic",
    "ObjectiveUpdate",
    "PriorityAreaCreate",
    "PriorityAreaFilters",
    "PriorityAreaPublic",
    "PriorityAreaUpdate",
]


class PriorityAreaCreate(Schema):
    """A new priority area of a programme."""

    programme: Slug
    code: Code
    title: Label
    description: Note | None = None
    cross_cutting: bool = False
    position: Position | None = Field(default=None, description="Order in the framework (default: last).")


class PriorityAreaUpdate(Schema):
    """Fields to change."""

    code: Code | None = None
    title: Label | None = None
    description: Note | None = None
    cross_cutting: bool | None = None
    position: Position | None = None


class PriorityAreaFields(BaseModel):
    """A priority area's identity and own fields."""

    id: int
    programme: str
    code: str
    title: str
    description: str | None
    cross_cutting: bool
    position: int


class PriorityAreaPublic(RecordMetadata, PriorityAreaFields):
    """A priority area as stored."""


class PriorityAreaFilters(Filters):
    """Filters of the list of priority areas."""

    programme: Slug | None = None
    cross_cutting: bool | None = None


class ObjectiveCreate(Schema):
    """A new CPF objective under a priority area."""

    programme: Slug
    priority_area: Code = Field(description="Code of the priority area.")
    code: Code
    title: Label
    description: Note | None = None
    position: Position | None = None


class ObjectiveUpdate(Schema):
    """Fields to change (``priority_area`` moves the objective)."""

    priority_area: Code | None = None
    code: Code | None = None
    title: Label | None = None
    description: Note | None = None
    position: Position | None = None


class ObjectiveFields(BaseModel):
    """An objective's identity and own fields."""

    id: int
    programme: str
    priority_area: str
    code: str
    title: str
    description: str | None
    position: int


class ObjectivePublic(RecordMetadata, ObjectiveFields):
    """An objective as stored."""


class ObjectiveFilters(Filters):
    """Filters of the list of objectives."""

    programme: Slug | None = None
    priority_area: Code | None = None
