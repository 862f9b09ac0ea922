"""Parameters of the risk simulation: reference classes, instruments, disbursement profiles and defaults.

The values live in ``reference/simulation/*.yaml``, each dated (OpenFisca
style: the value that applies on a date is the latest one dated on or before
it, and the first one also applies before its date) and marked with how far
it is established (``status``) and its ``source``.  This module validates
them once and answers "which value applies on this date"; it holds no number
itself.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "STATUSES",
    "ConstantSpec",
    "DatedDistribution",
    "DatedNumber",
    "DistributionSpec",
    "InstrumentParameters",
    "LognormalSpec",
    "ProfileParameters",
    "ReferenceClass",
    "SimulationReference",
    "TriangularSpec",
    "load_simulation_reference",
]

_HERE = Path(__file__).parent / "simulation"
STATUSES = ("verified", "verified (secondary)", "unverified", "cpfkit convention", "illustrative")
Status = Literal["verified", "verified (secondary)", "unverified", "cpfkit convention", "illustrative"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LognormalSpec(_Strict):
    """A lognormal ratio given by its mean and either its standard deviation ``sd`` or its log-sd ``sigma``."""

    distribution: Literal["lognormal"] = "lognormal"
    mean: float = Field(gt=0)
    sd: float | None = Field(default=None, ge=0)
    sigma: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_spread(self) -> LognormalSpec:
        if (self.sd is None) == (self.sigma is None):
            raise ValueError("give exactly one of sd (of the ratio) and sigma (of its logarithm)")
        return self


class TriangularSpec(_Strict):
    """A triangular distribution on [low, high] with its mode."""

    distribution: Literal["triangular"] = "triangular"
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> TriangularSpec:
        if not self.low <= self.mode <= self.high:
            raise ValueError(f"need low <= mode <= high, not {self.low}, {self.mode}, {self.high}")
        return self


class ConstantSpec(_Strict):
    """A value without uncertainty."""

    distribution: Literal["constant"] = "constant"
    value: float


DistributionSpec = Annotated[LognormalSpec | TriangularSpec | ConstantSpec, Field(discriminator="distribution")]


def _latest(values: dict[date, Any], on: date) -> Any:
    """The value dated latest on or before ``on``; the first value also applies before its date."""
    dated = sorted(d for d in values if d <= on)
    return values[dated[-1]] if dated else values[min(values)]


class _Dated(_Strict):
    status: Status
    source: str | None = None
    note: str | None = None
    description: str | None = None

    @field_validator("source")
    @classmethod
    def _squash(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value else value


class DatedNumber(_Dated):
    """A number that may change over time."""

    values: dict[date, float] = Field(min_length=1)

    def at(self, on: date) -> float:
        """The value that applies on a date."""
        return float(_latest(self.values, on))


class DatedDistribution(_Dated):
    """A distribution whose parameters may change over time."""

    distribution: Literal["lognormal", "triangular", "constant"]
    values: dict[date, dict[str, float]] = Field(min_length=1)

    @model_validator(mode="after")
    def _values_valid(self) -> DatedDistribution:
        for on in self.values:
            self.at(on)
        return self

    def at(self, on: date) -> LognormalSpec | TriangularSpec | ConstantSpec:
        """The distribution that applies on a date."""
        params = {"distribution": self.distribution, **_latest(self.values, on)}
        if self.distribution == "lognormal":
            return LognormalSpec.model_validate(params)
        if self.distribution == "triangular":
            return TriangularSpec.model_validate(params)
        return ConstantSpec.model_validate(params)


class ReferenceClass(_Strict):
    """Cost, schedule and approval-slip distributions of one project type."""

    label: str
    sector_group: str
    cost_ratio: DatedDistribution
    duration_ratio: DatedDistribution
    approval_slip_months: DatedDistribution
    planned_duration_years: DatedNumber


class InstrumentParameters(_Strict):
    """How operations of one instrument start and disburse."""

    label: str
    planned_effectiveness_lag_months: DatedNumber
    effectiveness_lag_ratio: DatedDistribution
    disburses: bool
    profile: str
    profile_by_class: dict[str, str] = Field(default_factory=dict)

    def profile_for(self, reference_class: str) -> str:
        """The profile of an operation of this instrument in a reference class."""
        return self.profile_by_class.get(reference_class, self.profile)


class ProfileParameters(_Strict):
    """A disbursement profile: cumulative share against elapsed share of the implementation period."""

    label: str
    values: dict[date, tuple[tuple[float, float], ...]] = Field(min_length=1)
    status: Status
    source: str | None = None

    @field_validator("values")
    @classmethod
    def _curves(
        cls, values: dict[date, tuple[tuple[float, float], ...]]
    ) -> dict[date, tuple[tuple[float, float], ...]]:
        for on, points in values.items():
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            if len(points) < 2 or xs[0] != 0 or ys[0] != 0 or xs[-1] != 1 or ys[-1] != 1:
                raise ValueError(f"profile dated {on} must start at (0, 0) and end at (1, 1)")
            if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
                raise ValueError(f"profile dated {on}: elapsed shares must increase")
            if any(b < a for a, b in zip(ys, ys[1:], strict=False)):
                raise ValueError(f"profile dated {on}: cumulative shares must not fall")
        return values

    def at(self, on: date) -> tuple[tuple[float, float], ...]:
        """The curve that applies on a date."""
        points: tuple[tuple[float, float], ...] = _latest(self.values, on)
        return points


class SimulationReference(_Strict):
    """Every parameter file of the simulation, validated."""

    classes: dict[str, ReferenceClass]
    instruments: dict[str, InstrumentParameters]
    profiles: dict[str, ProfileParameters]
    defaults: dict[str, DatedNumber]

    @model_validator(mode="after")
    def _consistent(self) -> SimulationReference:
        if "other" not in self.classes:
            raise ValueError("reference_classes.yaml must define the class 'other' (the default)")
        for name, inst in self.instruments.items():
            for profile in (inst.profile, *inst.profile_by_class.values()):
                if profile not in self.profiles:
                    raise ValueError(f"instrument {name} names an unknown profile {profile!r}")
            for cls in inst.profile_by_class:
                if cls not in self.classes:
                    raise ValueError(f"instrument {name} names an unknown reference class {cls!r}")
        needed = {
            "country_correlation",
            "sector_correlation",
            "additional_financing_share",
            "pipeline_drop_probability",
            "cost_duration_correlation",
            "start_duration_correlation",
            "start_cost_correlation",
        }
        missing = needed - set(self.defaults)
        if missing:
            raise ValueError(f"defaults.yaml lacks {', '.join(sorted(missing))}")
        return self

    def reference_class(self, name: str | None) -> tuple[str, ReferenceClass]:
        """The class of an operation (``other`` when it names none or an unknown one)."""
        key = name if name in self.classes else "other"
        return key, self.classes[key]

    def default(self, name: str, on: date) -> float:
        """A default setting on a date."""
        return self.defaults[name].at(on)


def _read(name: str) -> Any:
    with (_HERE / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def load_simulation_reference() -> SimulationReference:
    """Load and validate the simulation's parameter files (once).

    Raises:
        ValueError: a file does not follow its schema (names the file and the field).
    """
    raw = {
        "classes": _read("reference_classes.yaml")["classes"],
        "instruments": _read("instruments.yaml")["instruments"],
        "profiles": _read("disbursement_profiles.yaml")["profiles"],
        "defaults": _read("defaults.yaml"),
    }
    try:
        return SimulationReference.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"reference/simulation: {where}: {first['msg']}") from None
