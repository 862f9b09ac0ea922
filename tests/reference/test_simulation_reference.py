"""The simulation's parameter files: they load, cover every class and instrument, and are dated and sourced."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from cpfkit.model import Instrument
from cpfkit.reference.simulation import STATUSES, DatedNumber, load_simulation_reference
from cpfkit.services import programmes as services


def test_files_load_and_cover_every_instrument_and_embedded_class() -> None:
    ref = load_simulation_reference()
    assert {i.value for i in Instrument} == set(ref.instruments)
    used = set()
    for folder in services.EMBEDDED_PROGRAMMES.iterdir():
        raw = yaml.safe_load((folder / "projects.yaml").read_text(encoding="utf-8"))
        used |= {p.get("reference_class") for p in raw["projects"] if p.get("reference_class")}
    assert used <= set(ref.classes), used - set(ref.classes)
    assert {"roads", "rail", "bridges", "hydropower", "energy", "water", "finance", "policy", "other"} <= set(
        ref.classes
    )


def test_every_parameter_says_how_far_it_is_established() -> None:
    ref = load_simulation_reference()
    sourced = 0
    for name, cls in ref.classes.items():
        for param in (cls.cost_ratio, cls.duration_ratio, cls.approval_slip_months, cls.planned_duration_years):
            assert param.status in STATUSES, name
            if param.status.startswith("verified") or param.status == "unverified":
                assert param.source, f"{name}: a {param.status} figure needs its source"
                sourced += 1
    assert sourced >= 5  # the published reference classes (roads, rail, bridges, hydropower…) were checked
    for profile in ref.profiles.values():
        assert profile.status in STATUSES


def test_verified_classes_hold_the_published_figures() -> None:
    ref = load_simulation_reference()
    on = date(2026, 11, 25)
    published = {"roads": (1.20, 0.30), "rail": (1.45, 0.38), "bridges": (1.34, 0.62), "hydropower": (1.24, 0.42)}
    for name, (mean, sd) in published.items():
        spec = ref.classes[name].cost_ratio.at(on)
        assert (spec.mean, spec.sd) == (mean, sd), name  # type: ignore[union-attr]
    hydro = ref.classes["hydropower"].duration_ratio.at(on)
    assert (hydro.mean, hydro.sigma) == (1.44, 0.3)  # type: ignore[union-attr]


def test_dated_values_apply_from_their_date() -> None:
    param = DatedNumber(values={date(2020, 1, 1): 1.0, date(2025, 1, 1): 2.0}, status="cpfkit convention")
    assert param.at(date(2019, 6, 1)) == 1.0  # the first value also applies before its date
    assert param.at(date(2024, 12, 31)) == 1.0
    assert param.at(date(2025, 1, 1)) == 2.0


def test_profiles_start_at_zero_end_at_one_and_never_fall() -> None:
    from cpfkit.reference.simulation import ProfileParameters

    with pytest.raises(ValueError, match="must not fall"):
        ProfileParameters(
            label="x", status="cpfkit convention", values={date(2026, 1, 1): ((0, 0), (0.5, 0.6), (0.7, 0.5), (1, 1))}
        )
    with pytest.raises(ValueError, match="start at"):
        ProfileParameters(label="x", status="cpfkit convention", values={date(2026, 1, 1): ((0, 0.1), (1, 1))})
