"""Inputs of the transport benefit module: road traffic by vehicle class, freight, accidents, maintenance.

The engine is :mod:`cpfkit.appraise.transport` (docs/appraisal.md, 'Transport').
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from cpfkit.model.appraisal_flows import Period
from cpfkit.model.base import Num, Record

__all__ = ["AccidentClass", "FreightFlow", "TransportBenefit", "VehicleClass"]

_SHARE_TOLERANCE = Decimal("0.001")


class VehicleClass(Record):
    """Road traffic of one vehicle class, in the first benefit year.

    ``hours_saved`` is per vehicle trip over the whole section; the value of
    that time is ``occupancy`` × Σ purpose share × value of time of the
    purpose, plus ``vehicle_hour_value`` (crew, vehicle and cargo time per
    vehicle-hour).  Vehicle operating costs are US dollars per vehicle-km
    without and with the project.  ``generated_share`` is the traffic the
    project generates, as a share of the normal traffic (the traffic there
    would be without the project); whether ``aadt`` already includes those
    generated trips is said once for the module (``traffic_includes_generated``).
    """

    name: str
    aadt: Num = Field(ge=0)
    occupancy: Num = Field(default=Decimal(0), ge=0)
    purposes: dict[str, Num] = {}
    hours_saved: Num = Decimal(0)
    vehicle_hour_value: Num = Field(default=Decimal(0), ge=0)
    voc_without: Num | None = Field(default=None, ge=0)
    voc_with: Num | None = Field(default=None, ge=0)
    length_km: Num | None = Field(default=None, gt=0)
    generated_share: Num = Field(default=Decimal(0), ge=0, le=5)

    @model_validator(mode="after")
    def _coherent(self) -> VehicleClass:
        if self.purposes:
            total = sum(self.purposes.values(), Decimal(0))
            if abs(total - 1) > _SHARE_TOLERANCE:
                raise ValueError(f"purpose shares add up to {total}, not 1")
            if any(v < 0 for v in self.purposes.values()):
                raise ValueError("purpose shares must not be negative")
        if self.occupancy > 0 and not self.purposes and self.hours_saved:
            raise ValueError("give the trip purposes (shares of person trips) of the occupants")
        if (self.voc_without is None) != (self.voc_with is None):
            raise ValueError("give both voc_without and voc_with, or neither")
        return self


class FreightFlow(Record):
    """Freight carried on the improved link (rail or road), in the first benefit year.

    Savings per tonne: ``km_saved`` × ``cost_per_tonne_km`` (a shorter route
    or cheaper haulage) and ``hours_saved`` × ``value_per_tonne_hour`` (the
    time value of cargo).  ``generated_share`` is the freight the project
    generates, as a share of the normal freight, as for vehicle classes.
    """

    name: str
    tonnes_per_year: Num = Field(ge=0)
    km_saved: Num = Decimal(0)
    cost_per_tonne_km: Num = Field(default=Decimal(0), ge=0)
    cost_saving_per_tonne: Num = Decimal(0)
    hours_saved: Num = Decimal(0)
    value_per_tonne_hour: Num = Field(default=Decimal(0), ge=0)
    generated_share: Num = Field(default=Decimal(0), ge=0, le=5)


class AccidentClass(Record):
    """Accidents of one severity on the link, per year in the first benefit year."""

    severity: str
    per_year_without: Num = Field(ge=0)
    per_year_with: Num = Field(ge=0)
    cost_per_accident: Num = Field(ge=0)


class TransportBenefit(Period):
    """Road and rail user benefits (docs/appraisal.md, 'Transport').

    ``value_of_time`` gives US dollars per person-hour by trip purpose; a
    purpose without a value takes the non-work share of the ``work`` value.
    Traffic, freight and accidents grow by ``traffic_growth`` a year after the
    first benefit year.  ``maintenance_saving`` is the yearly maintenance cost
    avoided (negative when the project costs more to maintain).

    ``traffic_includes_generated`` says whether the ``aadt`` of the vehicle
    classes and the ``tonnes_per_year`` of the freight flows are the traffic
    with the project, generated trips included (``true``), or the normal
    traffic only, the generated trips coming on top (``false``).  It must be
    given as soon as any class or flow has a ``generated_share``: the same
    number means a different benefit under each reading.
    """

    kind: Literal["transport"]
    name: str = "transport user benefits"
    traffic_includes_generated: bool | None = None
    traffic_growth: Num = Field(default=Decimal(0), gt=-1, le=1)
    length_km: Num | None = Field(default=None, gt=0)
    value_of_time: dict[str, Num] = {}
    vehicle_classes: tuple[VehicleClass, ...] = ()
    freight: tuple[FreightFlow, ...] = ()
    accidents: tuple[AccidentClass, ...] = ()
    maintenance_saving: Num = Decimal(0)

    @model_validator(mode="after")
    def _coherent(self) -> TransportBenefit:
        if not (self.vehicle_classes or self.freight or self.accidents or self.maintenance_saving):
            raise ValueError("give vehicle_classes, freight, accidents or maintenance_saving")
        for vc in self.vehicle_classes:
            if vc.voc_without is not None and vc.length_km is None and self.length_km is None:
                raise ValueError(f"vehicle class {vc.name!r}: operating costs need length_km")
            for purpose in vc.purposes:
                if purpose not in self.value_of_time and "work" not in self.value_of_time:
                    raise ValueError(f"vehicle class {vc.name!r}: no value of time for purpose {purpose!r}")
        generating = [vc.name for vc in self.vehicle_classes if vc.generated_share > 0]
        generating += [f.name for f in self.freight if f.generated_share > 0]
        if generating and self.traffic_includes_generated is None:
            raise ValueError(
                f"{', '.join(repr(n) for n in generating)} generate traffic: say whether the aadt and tonnes given "
                "include the generated trips (traffic_includes_generated: true or false)"
            )
        return self
