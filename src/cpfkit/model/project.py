"""Operations: what is financed, by whom, where, and when."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from cpfkit.model.base import Num, Record, Sourced
from cpfkit.model.enums import (
    FinancingKind,
    Institution,
    Instrument,
    LocationKind,
    ProjectStatus,
)
from cpfkit.model.money import Money

__all__ = [
    "MULTI_COUNTRY",
    "Financing",
    "KeyDates",
    "Location",
    "Project",
    "ProjectLink",
    "SectorShare",
    "check_sector_shares",
]

_PROJECT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{1,127}$")
MULTI_COUNTRY = "multi-country"
"""The ``region`` of an operation in several countries that no single IATI region covers."""
_SHARE_TOLERANCE = Decimal("0.5")


class KeyDates(Record):
    """The milestones of an operation; any may be unknown."""

    concept: date | None = None
    approval: date | None = None
    effectiveness: date | None = None
    original_closing: date | None = None
    revised_closing: date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> KeyDates:
        chain = [
            ("concept", self.concept),
            ("approval", self.approval),
            ("effectiveness", self.effectiveness),
            ("original_closing", self.original_closing),
        ]
        known = [(n, d) for n, d in chain if d is not None]
        for (first, a), (second, b) in zip(known, known[1:], strict=False):
            if b < a:
                raise ValueError(f"{second} ({b}) is before {first} ({a})")
        start = self.effectiveness or self.approval
        if self.revised_closing and start and self.revised_closing < start:
            raise ValueError(f"revised_closing ({self.revised_closing}) is before the operation started ({start})")
        return self

    @property
    def closing(self) -> date | None:
        """The closing date in force: the revised one if any, else the original."""
        return self.revised_closing or self.original_closing


class SectorShare(Record):
    """A sector of an operation with its share of the financing, in percent."""

    code: str
    vocabulary: str = "1"
    name: str | None = None
    percentage: Num = Field(gt=0, le=100)


class Location(Record):
    """Where an operation works: a region or city, with coordinates when known."""

    name: str
    kind: LocationKind = LocationKind.REGION
    region: str | None = None
    lat: Num | None = Field(default=None, ge=-90, le=90)
    lon: Num | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self


class Financing(Sourced):
    """Money besides the operation's own commitment: public co-financing or private capital.

    ``co_mobilisers`` (private direct lines only) names the other MDBs whose
    active and direct role also brought the financier in — each the
    ``financier`` of a public line of the same operation, whose amount is that
    MDB's commitment to the activity — so that the mobilisation can be
    attributed among them (``docs/portfolio.md``).
    """

    financier: str
    kind: FinancingKind
    amount: Money
    mechanism: str | None = None
    mobilised_by: Institution | None = None
    co_mobilisers: tuple[str, ...] = ()

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        if value.amount < 0:
            raise ValueError("must not be negative")
        return value

    @model_validator(mode="after")
    def _co_mobilisers(self) -> Financing:
        if self.co_mobilisers and self.kind is not FinancingKind.PRIVATE_DIRECT:
            raise ValueError("co_mobilisers: only a private-direct line has co-mobilisers")
        names = [n.strip().casefold() for n in self.co_mobilisers]
        if any(not n for n in names):
            raise ValueError("co_mobilisers: a co-mobiliser's name is empty")
        if len(set(names)) != len(names):
            raise ValueError("co_mobilisers: a co-mobiliser is named twice")
        return self


def check_sector_shares(sectors: Iterable[SectorShare]) -> None:
    """The shares of each sector vocabulary must add up to 100% (within half a point).

    Raises:
        ValueError: the shares of a vocabulary add up to something else.
    """
    by_vocabulary: dict[str, Decimal] = defaultdict(Decimal)
    for share in sectors:
        by_vocabulary[share.vocabulary] += share.percentage
    for vocabulary, total in by_vocabulary.items():
        if abs(total - 100) > _SHARE_TOLERANCE:
            raise ValueError(f"sector shares of vocabulary {vocabulary} add up to {total}%, not 100%")


class Project(Sourced):
    """An operation: an IBRD/IDA project, IFC investment, MIGA guarantee, PPP or advisory task.

    An operation in one country has its ISO 3166-1 ``country``; a regional or
    multi-country one has no country and a ``region``: an IATI Region code
    (OECD DAC vocabulary) or ``multi-country`` when no single region covers it.
    """

    id: str
    name: str
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    region: str | None = Field(default=None, pattern=r"^([0-9]{1,4}|multi-country)$")
    institution: Institution
    instrument: Instrument
    status: ProjectStatus
    dates: KeyDates = KeyDates()
    commitment: Money | None = None
    financing: tuple[Financing, ...] = ()
    sectors: tuple[SectorShare, ...] = ()
    locations: tuple[Location, ...] = ()
    implementing_agency: str | None = None
    borrower: str | None = None
    description: str | None = None
    reference_class: str | None = None

    @field_validator("id")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not _PROJECT_ID.match(value):
            raise ValueError(f"not a usable project identifier: {value!r}")
        return value

    @field_validator("commitment")
    @classmethod
    def _not_negative(cls, value: Money | None) -> Money | None:
        if value is not None and value.amount < 0:
            raise ValueError("must not be negative")
        return value

    @field_validator("financing")
    @classmethod
    def _co_mobilisers_known(cls, value: tuple[Financing, ...], info: ValidationInfo) -> tuple[Financing, ...]:
        """A co-mobiliser is a public line of the same operation, beside the operation's own commitment."""
        public = {f.financier.strip().casefold() for f in value if f.kind is FinancingKind.PUBLIC}
        for i, line in enumerate(value):
            if not line.co_mobilisers:
                continue
            where = f"line {i + 1} ({line.financier})"
            institution = info.data.get("institution")
            if line.mobilised_by is not None and line.mobilised_by != institution:
                raise ValueError(
                    f"{where}: co_mobilisers are weighed against the operation's own commitment, so the line must be "
                    f"mobilised by the operation's institution ({institution}), not {line.mobilised_by}"
                )
            if info.data.get("commitment") is None:
                raise ValueError(f"{where}: co_mobilisers need the operation's commitment to weigh it against theirs")
            for name in line.co_mobilisers:
                if name.strip().casefold() not in public:
                    raise ValueError(
                        f"{where}: co-mobiliser {name!r} is not the financier of a public line of this operation "
                        "(its commitment to the activity)"
                    )
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Project:
        if self.country is None and self.region is None:
            raise ValueError("needs a country (ISO 3166-1), or a region for a regional or multi-country operation")
        if self.status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED) and self.dates.approval is None:
            raise ValueError(f"a {self.status} project needs an approval date (dates.approval)")
        check_sector_shares(self.sectors)
        return self

    @property
    def private_capital(self) -> tuple[Financing, ...]:
        """The private financing the operation mobilised (direct and indirect)."""
        return tuple(f for f in self.financing if f.kind is not FinancingKind.PUBLIC)


class ProjectLink(Record):
    """How one programme counts an operation: the priority areas and objectives it serves.

    ``carried_from`` names the programme that defines an operation this
    programme counts too (an operation approved under the previous framework
    and still under implementation).
    """

    project: str
    priority_areas: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    carried_from: str | None = None
