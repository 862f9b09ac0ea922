"""Default parameters of economic appraisal, with their status and source (``reference/appraisal/``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["AppraisalParameters", "Parameter", "load_appraisal_parameters"]

_FILE = Path(__file__).parent / "appraisal" / "parameters.yaml"
_STATUSES = ("verified", "unverified", "cpfkit convention")


@dataclass(frozen=True)
class Parameter:
    """One parameter: its value and where the value comes from."""

    name: str
    value: Any
    unit: str
    source_status: str
    source: str
    description: str


@dataclass(frozen=True)
class AppraisalParameters:
    """The appraisal defaults, each with its source status (verified, unverified, cpfkit convention) and source."""

    parameters: dict[str, Parameter]

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    @property
    def discount_rate(self) -> float:
        """The default real discount rate (6%, status unverified)."""
        return float(self.parameters["discount_rate"].value)

    @property
    def non_work_time_share(self) -> float:
        """Value of non-work time as a share of the working value of time."""
        return float(self.parameters["non_work_time_share"].value)

    @property
    def generated_traffic_factor(self) -> float:
        """The rule-of-a-half factor for generated traffic."""
        return float(self.parameters["generated_traffic_factor"].value)

    @property
    def cost_increase(self) -> float:
        """The cost increase of the standard sensitivity test (0.20)."""
        return float(self.parameters["cost_increase"].value)

    @property
    def benefit_decrease(self) -> float:
        """The benefit decrease of the standard sensitivity test (0.20)."""
        return float(self.parameters["benefit_decrease"].value)

    @property
    def delays(self) -> tuple[int, ...]:
        """The delays (years) of the standard sensitivity tests."""
        return tuple(int(d) for d in self.parameters["delays"].value)

    @property
    def eirr_bounds(self) -> tuple[float, float]:
        """The interval of rates searched for EIRR roots."""
        return float(self.parameters["eirr_lower"].value), float(self.parameters["eirr_upper"].value)


@cache
def load_appraisal_parameters() -> AppraisalParameters:
    """Load the appraisal defaults once.

    Examples:
        >>> params = load_appraisal_parameters()
        >>> params.discount_rate, params["discount_rate"].source_status
        (0.06, 'unverified')
    """
    raw = yaml.safe_load(_FILE.read_text(encoding="utf-8"))["parameters"]
    out: dict[str, Parameter] = {}
    for name, entry in raw.items():
        status = str(entry["source_status"])
        if status not in _STATUSES:
            raise ValueError(f"{_FILE}: parameter {name}: source_status {status!r} is not one of {_STATUSES}")
        out[name] = Parameter(
            name=name,
            value=entry["value"],
            unit=str(entry.get("unit", "")),
            source_status=status,
            source=str(entry["source"]).strip(),
            description=str(entry.get("description", "")).strip(),
        )
    return AppraisalParameters(out)
