"""A programme's publishing defaults: what an IATI export fills in where an operation lacks it.

IATI asks of every activity things an operation defined in cpfkit may not
say: the organisation that reports it, and the sectors it works in.  A
programme states them once (``iati:`` in ``programme.yaml``; see
``docs/data-format.md``), each default with its source or marked
illustrative, and the export marks the activities it fills.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from cpfkit.model.base import Record, Sourced
from cpfkit.model.project import SectorShare, check_sector_shares

__all__ = ["AreaSectors", "IatiDefaults", "IatiOrganisation"]


class IatiOrganisation(Sourced):
    """An organisation as IATI names it: its identifier, its OrganisationType code and its name."""

    ref: str = Field(min_length=1, max_length=200)
    type: str = Field(pattern=r"^[0-9]{2}$")
    name: str = Field(min_length=1)


class AreaSectors(Sourced):
    """The sectors an operation serving one priority area is reported under when it names none."""

    priority_area: str
    sectors: tuple[SectorShare, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _shares(self) -> AreaSectors:
        check_sector_shares(self.sectors)
        return self


class IatiDefaults(Record):
    """What an IATI export of a programme fills in where one of its operations lacks it.

    ``reporting_org`` reports an operation whose institution has no IATI
    organisation of its own (``iati_organisations.csv``); ``sectors`` gives,
    by priority area, the sectors of an operation that names none.
    """

    reporting_org: IatiOrganisation | None = None
    sectors: tuple[AreaSectors, ...] = ()

    @model_validator(mode="after")
    def _one_entry_per_area(self) -> IatiDefaults:
        seen: set[str] = set()
        for entry in self.sectors:
            if entry.priority_area in seen:
                raise ValueError(f"priority area {entry.priority_area!r} has sectors twice")
            seen.add(entry.priority_area)
        return self

    def sectors_of(self, area: str) -> AreaSectors | None:
        """The default sectors of a priority area, if the programme gives them."""
        return next((entry for entry in self.sectors if entry.priority_area == area), None)
