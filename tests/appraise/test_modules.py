"""Benefit modules against the worked examples of docs/appraisal.md, 'Transport' (transport) and §5.4 (hydropower)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from pydantic import ValidationError

from cpfkit.appraise.hydropower import CARBON, annual_energy_mwh, hydropower_benefits
from cpfkit.appraise.project import DiscountRate, appraise, cash_flows
from cpfkit.appraise.transport import transport_benefits
from cpfkit.model.appraisal import AppraisalInputs, Flow, HydropowerBenefit, TransportBenefit
from cpfkit.reference.appraisal import load_appraisal_parameters

PARAMS = load_appraisal_parameters()


def transport(**fields: object) -> TransportBenefit:
    return TransportBenefit.model_validate({"kind": "transport", "start": 0, "end": 0, **fields})


def streams(b: TransportBenefit, length: int = 1) -> dict[str, list[float]]:
    out = transport_benefits(b, length, non_work_share=0.3, generated_factor=0.5)
    return {k: v.tolist() for k, v in out.items()}


def test_transport_worked_example() -> None:
    """10,000 veh/day saving 0.5 h at 1.5 persons and US$4/h; 100 km at 0.40 → 0.32 US$/veh-km."""
    b = transport(
        length_km=100,
        value_of_time={"work": 4},
        vehicle_classes=[
            {
                "name": "car",
                "aadt": 10000,
                "occupancy": 1.5,
                "purposes": {"work": 1},
                "hours_saved": 0.5,
                "voc_without": 0.40,
                "voc_with": 0.32,
            }
        ],
    )
    s = streams(b)
    assert s["travel time"][0] == pytest.approx(10_950_000)
    assert s["vehicle operating costs"][0] == pytest.approx(29_200_000)


def test_value_of_time_by_trip_purpose() -> None:
    """Half work trips at US$10/h, half leisure at the non-work share (0.3) of it: 1,000 × 365 × 1 h × 2 × 6.5."""
    b = transport(
        value_of_time={"work": 10},
        vehicle_classes=[
            {"name": "car", "aadt": 1000, "occupancy": 2, "purposes": {"work": 0.5, "leisure": 0.5}, "hours_saved": 1}
        ],
    )
    assert streams(b)["travel time"][0] == pytest.approx(1000 * 365 * 1 * 2 * (0.5 * 10 + 0.5 * 3))
    own = transport(
        value_of_time={"work": 10, "leisure": 5},
        vehicle_classes=[
            {"name": "car", "aadt": 1000, "occupancy": 2, "purposes": {"work": 0.5, "leisure": 0.5}, "hours_saved": 1}
        ],
    )
    assert streams(own)["travel time"][0] == pytest.approx(1000 * 365 * 2 * 7.5)


def worked_car(aadt: int, generated_share: float, includes: bool) -> TransportBenefit:
    """The car of the worked example (US$3 of time and US$8 of operating costs saved a trip), with generated trips."""
    return transport(
        length_km=100,
        value_of_time={"work": 4},
        traffic_includes_generated=includes,
        vehicle_classes=[
            {
                "name": "car",
                "aadt": aadt,
                "occupancy": 1.5,
                "purposes": {"work": 1},
                "hours_saved": 0.5,
                "voc_without": 0.40,
                "voc_with": 0.32,
                "generated_share": generated_share,
            }
        ],
    )


def test_generated_trips_are_counted_once_at_half_the_saving() -> None:
    """10,000 vehicles a day with the road, a quarter more than the 8,000 without it (rule of a half).

    8,000 normal trips save the full US$11 (3 of time, 8 of operating costs): 8,000 × 365 × 3 = US$8.76M
    and × 8 = US$23.36M; 2,000 generated trips save half: ½ × 2,000 × 365 × 11 = US$4.015M; in all
    US$36.135M a year.  Counting all 10,000 at the full saving and half of 2,500 more on top would give
    US$45.17M.  The same traffic given as the 8,000 normal trips gives the same benefits.
    """
    s = streams(worked_car(10_000, 0.25, includes=True))
    assert s["travel time"][0] == pytest.approx(8_760_000)
    assert s["vehicle operating costs"][0] == pytest.approx(23_360_000)
    assert s["generated traffic"][0] == pytest.approx(4_015_000)
    assert sum(v[0] for v in s.values()) == pytest.approx(36_135_000)
    assert streams(worked_car(8_000, 0.25, includes=False)) == pytest.approx(s)


def test_generated_traffic_needs_to_know_whether_aadt_includes_it() -> None:
    with pytest.raises(ValidationError, match="traffic_includes_generated"):
        transport(
            vehicle_classes=[
                {"name": "truck", "aadt": 100, "vehicle_hour_value": 20, "hours_saved": 2, "generated_share": 0.2}
            ]
        )
    with pytest.raises(ValidationError, match="'containers' generate traffic"):
        transport(freight=[{"name": "containers", "tonnes_per_year": 1000, "km_saved": 10, "generated_share": 0.1}])
    assert "generated traffic" not in streams(worked_car(10_000, 0, includes=True))


def test_generated_freight_is_split_as_trips_are() -> None:
    """1.2 million tonnes with the line, 0.2 of them generated: 1 million save US$5 a tonne, 0.2 million half of it."""
    b = transport(
        traffic_includes_generated=True,
        freight=[
            {
                "name": "containers",
                "tonnes_per_year": 1_200_000,
                "km_saved": 100,
                "cost_per_tonne_km": 0.05,
                "generated_share": 0.2,
            }
        ],
    )
    s = streams(b)
    assert s["freight costs"][0] == pytest.approx(5_000_000)
    assert s["generated traffic"][0] == pytest.approx(0.5 * 200_000 * 5)


def test_freight_accidents_maintenance_and_growth() -> None:
    b = transport(
        start=1,
        end=3,
        traffic_growth=0.1,
        freight=[
            {
                "name": "containers",
                "tonnes_per_year": 1_000_000,
                "km_saved": 150,
                "cost_per_tonne_km": 0.03,
                "hours_saved": 10,
                "value_per_tonne_hour": 0.2,
            }
        ],
        accidents=[{"severity": "fatal", "per_year_without": 10, "per_year_with": 6, "cost_per_accident": 500_000}],
        maintenance_saving=-1_000_000,
    )
    s = streams(b, 5)
    assert s["freight costs"] == pytest.approx([0, 4.5e6, 4.95e6, 5.445e6, 0])
    assert s["freight time"][1] == pytest.approx(2e6)
    assert s["accidents"] == pytest.approx([0, 2e6, 2.2e6, 2.42e6, 0])
    assert s["maintenance"] == pytest.approx([0, -1e6, -1e6, -1e6, 0])


def test_hydropower_worked_example() -> None:
    """500 MW at a capacity factor of 0.45 → 1,971,000 MWh a year; at US$60/MWh → US$118.3 million."""
    b = HydropowerBenefit(
        kind="hydropower", start=0, end=0, installed_mw=500, capacity_factor=Decimal("0.45"), energy_value_per_mwh=60
    )
    assert annual_energy_mwh(b) == pytest.approx(1_971_000)
    assert hydropower_benefits(b, 1)["energy"][0] == pytest.approx(118_260_000)


def test_hydropower_capacity_water_carbon_and_ramp() -> None:
    b = HydropowerBenefit(
        kind="hydropower",
        start=1,
        end=4,
        annual_mwh=1_000_000,
        losses=Decimal("0.1"),
        ramp_years=2,
        energy_value_per_mwh=50,
        firm_mw=200,
        capacity_value_per_kw_year=80,
        irrigation_m3_per_year=1_000_000_000,
        water_value_per_m3=Decimal("0.02"),
        emission_factor_t_per_mwh=Decimal("0.8"),
        carbon_value_per_t=40,
    )
    s = {k: v.tolist() for k, v in hydropower_benefits(b, 6).items()}
    assert s["energy"] == pytest.approx([0, 22.5e6, 45e6, 45e6, 45e6, 0])
    assert s["firm capacity"][2] == pytest.approx(16e6)
    assert s["irrigation water"][2] == pytest.approx(20e6)
    assert s[CARBON][2] == pytest.approx(900_000 * 0.8 * 40)


def test_npv_is_reported_with_and_without_avoided_emissions() -> None:
    inputs = AppraisalInputs.model_validate(
        {
            "project": "DAM",
            "base_year": 2026,
            "capital": {"values": {0: 500_000_000}},
            "benefits": [
                {
                    "kind": "hydropower",
                    "start": 1,
                    "end": 30,
                    "annual_mwh": 1_000_000,
                    "energy_value_per_mwh": 40,
                    "emission_factor_t_per_mwh": 0.5,
                    "carbon_value_per_t": 30,
                }
            ],
            "illustrative": True,
        }
    )
    a = appraise(inputs, DiscountRate(Decimal("0.06"), "test", "unverified", "x"), PARAMS)
    flows = cash_flows(inputs, PARAMS)
    without = flows.without(flows.carbon)
    expected = sum(without.net / 1.06 ** np.arange(without.net.size))
    assert a.carbon is not None and a.carbon.components == (CARBON,)
    w = a.carbon.without_carbon
    assert w.npv_usd == pytest.approx(Decimal(str(round(expected, 2))))
    assert a.npv_usd > w.npv_usd and a.carbon.with_carbon.npv_usd == a.npv_usd
    assert w.eirr is not None and a.eirr is not None and w.eirr < a.eirr and w.bcr is not None and a.bcr is not None
    assert w.bcr < a.bcr
    # 1,000,000 MWh × 0.5 t × US$30 a year for 30 years at 6%
    assert a.carbon.pv_usd == pytest.approx(Decimal(15_000_000 * (1 - 1.06**-30) / 0.06), abs=Decimal(1))
    assert a.carbon.share_of_npv == Decimal(str(round(float(a.carbon.pv_usd) / float(a.npv_usd), 4)))


def test_flow_forms_and_their_errors() -> None:
    assert Flow(values={0: 1}).last_year == 0
    assert Flow(amount=5, start=2, end=9).last_year == 9
    with pytest.raises(ValidationError, match="not both"):
        Flow(values={0: 1}, amount=5, start=0, end=1)
    with pytest.raises(ValidationError, match="amount, start and end"):
        Flow(amount=5, start=0)
    with pytest.raises(ValidationError, match="before start"):
        Flow(amount=5, start=4, end=1)
    with pytest.raises(ValidationError, match="purpose shares add up"):
        transport(
            vehicle_classes=[{"name": "c", "aadt": 1, "occupancy": 1, "purposes": {"work": 0.6}, "hours_saved": 1}]
        )
    with pytest.raises(ValidationError, match="no value of time"):
        transport(
            vehicle_classes=[{"name": "c", "aadt": 1, "occupancy": 1, "purposes": {"leisure": 1}, "hours_saved": 1}]
        )
    with pytest.raises(ValidationError, match="length_km"):
        transport(vehicle_classes=[{"name": "c", "aadt": 1, "voc_without": 1, "voc_with": 0.5}])
