"""Inputs of the economic appraisal of one operation: costs, residual value and benefit modules.

Every flow is economic (not financial), in constant US dollars of the
appraisal's price year, incremental to the without-project case.  Years are
counted ``t = 0, 1, …`` from ``base_year``, the first year with costs
(docs/appraisal.md, 'Formulas').  The benefit modules hold the documented inputs of
``cpfkit.appraise.transport``, ``cpfkit.appraise.hydropower`` and a generic
stream; the engine turns them into yearly amounts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from cpfkit.model.base import Num, Record, Sourced

__all__ = [
    "AccidentClass",
    "AppraisalInputs",
    "AppraisalScope",
    "Benefit",
    "Flow",
    "FreightFlow",
    "GenericBenefit",
    "HydropowerBenefit",
    "Residual",
    "TransportBenefit",
    "VehicleClass",
]

_MAX_YEARS = 150
_SHARE_TOLERANCE = Decimal("0.001")


class Flow(Record):
    """A yearly stream of US dollars.

    Either ``values`` by year (``{0: 100000000, 1: 100000000}``) or a constant
    ``amount`` from year ``start`` to year ``end`` (inclusive) that grows by
    ``growth`` a year after the first.
    """

    values: dict[int, Num] = {}
    amount: Num | None = None
    start: int | None = Field(default=None, ge=0, le=_MAX_YEARS)
    end: int | None = Field(default=None, ge=0, le=_MAX_YEARS)
    growth: Num = Field(default=Decimal(0), gt=-1, le=1)

    @field_validator("values")
    @classmethod
    def _years(cls, value: dict[int, Decimal]) -> dict[int, Decimal]:
        for t in value:
            if not 0 <= t <= _MAX_YEARS:
                raise ValueError(f"year {t} is outside 0…{_MAX_YEARS}")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Flow:
        constant = self.amount is not None or self.start is not None or self.end is not None
        if self.values and constant:
            raise ValueError("give either values by year, or amount with start and end, not both")
        if not self.values and not constant:
            raise ValueError("give values by year, or amount with start and end")
        if constant:
            if self.amount is None or self.start is None or self.end is None:
                raise ValueError("a constant stream needs amount, start and end")
            if self.end < self.start:
                raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self

    @property
    def last_year(self) -> int:
        """The last year with a value."""
        return max(self.values) if self.values else int(self.end or 0)


class Residual(Record):
    """The economic value left in the assets at the end of the appraisal period.

    It is counted as a negative cost of year ``t`` (``docs/appraisal.md``):
    it lowers PV(C), moves with the costs in the cost tests and is not a
    benefit.
    """

    t: int = Field(ge=0, le=_MAX_YEARS)
    value: Num = Field(ge=0)


class _Period(Record):
    """The years a benefit module runs: ``start`` … ``end`` inclusive."""

    start: int = Field(ge=0, le=_MAX_YEARS)
    end: int = Field(ge=0, le=_MAX_YEARS)

    @model_validator(mode="after")
    def _ordered(self) -> _Period:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


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


class TransportBenefit(_Period):
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


class HydropowerBenefit(_Period):
    """Energy, firm capacity, irrigation water and avoided emissions of a dam.

    See docs/appraisal.md, 'Hydropower and multipurpose dams'.

    Energy is ``annual_mwh`` when given, else installed MW × 8,760 h ×
    capacity factor; ``losses`` (outages, transmission) are taken off.
    Output builds up in a straight line over ``ramp_years``.  Avoided
    emissions are valued apart so that results are shown with and without them.
    """

    kind: Literal["hydropower"]
    name: str = "power and water"
    installed_mw: Num = Field(default=Decimal(0), ge=0)
    capacity_factor: Num = Field(default=Decimal(0), ge=0, le=1)
    annual_mwh: Num | None = Field(default=None, ge=0)
    losses: Num = Field(default=Decimal(0), ge=0, lt=1)
    ramp_years: int = Field(default=0, ge=0, le=20)
    energy_value_per_mwh: Num = Field(default=Decimal(0), ge=0)
    firm_mw: Num = Field(default=Decimal(0), ge=0)
    capacity_value_per_kw_year: Num = Field(default=Decimal(0), ge=0)
    irrigation_m3_per_year: Num = Field(default=Decimal(0), ge=0)
    water_value_per_m3: Num = Field(default=Decimal(0), ge=0)
    emission_factor_t_per_mwh: Num = Field(default=Decimal(0), ge=0)
    carbon_value_per_t: Num = Field(default=Decimal(0), ge=0)

    @model_validator(mode="after")
    def _energy(self) -> HydropowerBenefit:
        if self.annual_mwh is None and (self.installed_mw == 0) != (self.capacity_factor == 0):
            raise ValueError("give installed_mw and capacity_factor together, or annual_mwh")
        return self


class GenericBenefit(Flow):
    """Any other benefit, given directly as a yearly stream (values by year, or a growing constant)."""

    kind: Literal["generic"]
    name: str


Benefit = Annotated[TransportBenefit | HydropowerBenefit | GenericBenefit, Field(discriminator="kind")]


class AppraisalScope(Record):
    """What an appraisal counts, and whose costs and benefits.

    ``appraised`` is ``operation`` when the flows are those of the financed
    operation itself, ``whole investment`` when they are those of a larger
    asset of which the operation finances a part (a regional plant, a road
    financed by several lenders).  ``stance`` is ``national`` when one
    country's costs and benefits are counted, ``regional`` when those of
    several; ``countries`` names them (ISO 3166 alpha-2).  ``description``
    says it in a sentence for the reader.
    """

    appraised: Literal["operation", "whole investment"]
    stance: Literal["national", "regional"]
    countries: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], ...] = Field(min_length=1)
    description: str = Field(min_length=1)

    @model_validator(mode="after")
    def _stance_matches_countries(self) -> AppraisalScope:
        if len(set(self.countries)) != len(self.countries):
            raise ValueError("a country is listed twice")
        if self.stance == "national" and len(self.countries) != 1:
            raise ValueError(f"a national stance counts one country, not {len(self.countries)}")
        if self.stance == "regional" and len(self.countries) < 2:
            raise ValueError("a regional stance counts the costs and benefits of two countries or more")
        return self


class AppraisalInputs(Sourced):
    """The cash-flow data of one operation's economic analysis.

    ``capital`` is the investment cost by year, ``operation_maintenance`` the
    incremental operating and maintenance cost, ``residual`` the value left at
    the end (a negative cost of its year), ``benefits`` the modules that
    produce the benefit streams.  ``base_year`` is the calendar year of t = 0.
    ``scope`` says what is appraised and whose costs and benefits count (a
    programme folder must give it; records stored before it existed have
    none, and reports say so).  ``illustrative_fields`` may name only fields
    of this record.
    """

    project: str
    title: str | None = None
    base_year: int = Field(ge=1950, le=2200)
    price_year: int | None = Field(default=None, ge=1950, le=2200)
    currency: Literal["USD"] = "USD"
    capital: Flow
    operation_maintenance: Flow | None = None
    residual: Residual | None = None
    benefits: tuple[Benefit, ...] = Field(min_length=1)
    description: str | None = None
    scope: AppraisalScope | None = None

    @model_validator(mode="after")
    def _known_illustrative_fields(self) -> AppraisalInputs:
        unknown = sorted(f for f in self.illustrative_fields if f.split(".")[0] not in type(self).model_fields)
        if unknown:
            raise ValueError(f"illustrative_fields names no field of an appraisal: {', '.join(unknown)}")
        return self

    @property
    def horizon(self) -> int:
        """The last year of the appraisal period."""
        years = [self.capital.last_year]
        if self.operation_maintenance is not None:
            years.append(self.operation_maintenance.last_year)
        if self.residual is not None:
            years.append(self.residual.t)
        for b in self.benefits:
            years.append(b.last_year if isinstance(b, GenericBenefit) else b.end)
        return max(years)
