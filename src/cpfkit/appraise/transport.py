"""Transport user benefits: travel time (by trip purpose), vehicle operating costs, freight, accidents.

docs/appraisal.md, 'Transport', per year ``t`` of the benefit period and vehicle class ``c``:

* normal trips N_c and generated trips G_c from the AADT given: when it includes the generated
  trips, N_c = AADT_c · 365 / (1 + g_c) and G_c = AADT_c · 365 − N_c; when it does not,
  N_c = AADT_c · 365 and G_c = g_c · N_c (``g_c`` the generated share of the normal traffic)
* time savings = N_c · Δh_c · (occupancy_c · Σ_purpose share · VOT_purpose + vehicle-hour value_c)
* vehicle operating cost savings = N_c · L_km · (VOC_without_c − VOC_with_c)
* generated traffic (rule of a half) = ½ · G_c · saving per trip

Each trip is counted once: a generated trip earns half the saving, never the
full saving and the half on top of it.
* freight savings = normal tonnes · (km saved · cost per tonne-km + saving per tonne), and
  normal tonnes · hours saved · value per tonne-hour (tonnes split as trips are)
* accident savings = Σ_severity (accidents without − with) · cost per accident
* maintenance savings = maintenance without − with (may be negative)

Traffic, freight and accidents grow by the traffic growth rate from the first
benefit year.  The value of time of a purpose with no value of its own is the
non-work share (default 0.30, unverified) of the ``work`` value.
"""

from __future__ import annotations

import numpy as np

from cpfkit.appraise.cashflow import Array
from cpfkit.appraise.streams import active_years, growth_index
from cpfkit.language.catalogs import N_
from cpfkit.model.transport_benefit import TransportBenefit, VehicleClass

__all__ = [
    "COMPONENTS",
    "DAYS_PER_YEAR",
    "split_traffic",
    "transport_benefits",
    "value_of_time",
    "vehicle_trip_saving",
]

COMPONENTS = (
    N_("travel time"),
    N_("vehicle operating costs"),
    N_("generated traffic"),
    N_("freight costs"),
    N_("freight time"),
    N_("accidents"),
    N_("maintenance"),
)
"""The benefit components a transport module produces, by their English names (marked for the catalogs)."""

DAYS_PER_YEAR = 365


def split_traffic(given: float, generated_share: float, includes_generated: bool | None) -> tuple[float, float]:
    """The normal and the generated traffic in a traffic figure.

    Args:
        given: the traffic as the data give it (trips or tonnes a year).
        generated_share: generated traffic as a share of the normal traffic.
        includes_generated: whether ``given`` already includes the generated traffic
            (None only when there is none).

    Examples:
        10,000 vehicles a day with the project, a quarter more than without it: 8,000 normal, 2,000 generated.

        >>> split_traffic(10_000, 0.25, True)
        (8000.0, 2000.0)
        >>> split_traffic(8_000, 0.25, False)
        (8000.0, 2000.0)
    """
    if generated_share == 0:
        return float(given), 0.0
    if includes_generated is None:
        raise ValueError("generated traffic needs to know whether the traffic given includes it")
    if includes_generated:
        normal = given / (1.0 + generated_share)
        return normal, given - normal
    return float(given), given * generated_share


def value_of_time(purpose: str, values: dict[str, float], non_work_share: float) -> float:
    """US dollars per person-hour for a trip purpose.

    Examples:
        >>> value_of_time("leisure", {"work": 10.0}, 0.3)
        3.0
    """
    if purpose in values:
        return values[purpose]
    return non_work_share * values["work"]


def vehicle_trip_saving(
    vc: VehicleClass, length_km: float | None, values: dict[str, float], non_work_share: float
) -> tuple[float, float]:
    """The time saving and the operating-cost saving of one vehicle trip, in US dollars.

    Examples:
        >>> vc = VehicleClass(name="car", aadt=10000, occupancy=1.5, purposes={"work": 1}, hours_saved=0.5,
        ...                   voc_without=0.40, voc_with=0.32)
        >>> [round(x, 2) for x in vehicle_trip_saving(vc, 100.0, {"work": 4.0}, 0.3)]
        [3.0, 8.0]
    """
    person_value = sum(float(s) * value_of_time(p, values, non_work_share) for p, s in vc.purposes.items())
    per_hour = float(vc.occupancy) * person_value + float(vc.vehicle_hour_value)
    time_saving = float(vc.hours_saved) * per_hour
    voc_saving = 0.0
    if vc.voc_without is not None and vc.voc_with is not None:
        length = float(vc.length_km) if vc.length_km is not None else length_km
        assert length is not None
        voc_saving = length * float(vc.voc_without - vc.voc_with)
    return time_saving, voc_saving


def transport_benefits(
    benefit: TransportBenefit, length: int, *, non_work_share: float, generated_factor: float
) -> dict[str, Array]:
    """Yearly benefit streams of a transport module, by component (zero components left out).

    Args:
        benefit: the module's documented inputs.
        length: number of years of the appraisal (``T + 1``).
        non_work_share: value of non-work time as a share of work time, for purposes without a value.
        generated_factor: share of the per-trip saving credited to generated trips (½, rule of a half).

    Examples:
        The worked example of the transport formulas (``docs/appraisal.md``): 10,000 vehicles a day saving half an hour,
        1.5 persons per vehicle at US$4 an hour, and 100 km at 0.40 → 0.32 US$/veh-km:

        >>> b = TransportBenefit(kind="transport", start=0, end=0, length_km=100, value_of_time={"work": 4},
        ...     vehicle_classes=[VehicleClass(name="car", aadt=10000, occupancy=1.5, purposes={"work": 1},
        ...                                   hours_saved=0.5, voc_without=0.40, voc_with=0.32)])
        >>> {k: round(float(v[0]) / 1e6, 2) for k, v in transport_benefits(b, 1, non_work_share=0.3,
        ...                                                                generated_factor=0.5).items()}
        {'travel time': 10.95, 'vehicle operating costs': 29.2}
    """
    grow = growth_index(benefit.start, benefit.end, float(benefit.traffic_growth), length)
    values = {k: float(v) for k, v in benefit.value_of_time.items()}
    road_length = float(benefit.length_km) if benefit.length_km is not None else None
    streams: dict[str, Array] = {}

    def add(name: str, stream: Array) -> None:
        streams[name] = streams.get(name, np.zeros(length)) + stream

    includes = benefit.traffic_includes_generated
    for vc in benefit.vehicle_classes:
        trips, generated = split_traffic(float(vc.aadt) * DAYS_PER_YEAR, float(vc.generated_share), includes)
        time_saving, voc_saving = vehicle_trip_saving(vc, road_length, values, non_work_share)
        add(N_("travel time"), trips * time_saving * grow)
        add(N_("vehicle operating costs"), trips * voc_saving * grow)
        add(N_("generated traffic"), generated_factor * generated * (time_saving + voc_saving) * grow)
    for flow in benefit.freight:
        tonnes, generated = split_traffic(float(flow.tonnes_per_year), float(flow.generated_share), includes)
        cost_saving = float(flow.km_saved) * float(flow.cost_per_tonne_km) + float(flow.cost_saving_per_tonne)
        time_saving = float(flow.hours_saved) * float(flow.value_per_tonne_hour)
        add(N_("freight costs"), tonnes * cost_saving * grow)
        add(N_("freight time"), tonnes * time_saving * grow)
        add(N_("generated traffic"), generated_factor * generated * (cost_saving + time_saving) * grow)
    for accident in benefit.accidents:
        avoided = float(accident.per_year_without - accident.per_year_with) * float(accident.cost_per_accident)
        add(N_("accidents"), avoided * grow)
    if benefit.maintenance_saving:
        add(N_("maintenance"), float(benefit.maintenance_saving) * active_years(benefit.start, benefit.end, length))
    return {k: v for k, v in streams.items() if np.any(v != 0)}
