"""The parts of an operation as the API takes them: milestones, sector shares, places, co-financing."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from cpfkit.model import FinancingKind, Institution, LocationKind
from cpfkit.store.records.fields import Day, Figure, Label, MoneyIn, Note, Provenance, Schema

__all__ = ["DatesIn", "DatesUpdate", "FinancingIn", "LocationIn", "SectorIn", "Short"]

Short = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class DatesIn(Schema):
    """The milestones of an operation (any may be unknown)."""

    concept: Day | None = None
    approval: Day | None = None
    effectiveness: Day | None = None
    original_closing: Day | None = None
    revised_closing: Day | None = None


class DatesUpdate(Schema):
    """Milestones to change; the others stay as they are (give null to clear one)."""

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
