"""What a simulation assumed: its correlation settings and the reference classes its operations were drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.plan import SimulationSettings


__all__ = ["Assumptions", "ReferenceClassUsed", "settings_summary"]


@dataclass(frozen=True)
class ReferenceClassUsed:
    """The distributions one reference class contributes, with their status and source."""

    name: str
    label: str
    operations: tuple[str, ...]
    cost_ratio: str
    duration_ratio: str
    approval_slip_months: str
    status: dict[str, str]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Assumptions:
    """The settings and reference classes a simulation used."""

    country_correlation: float
    sector_correlation: float
    start_duration_correlation: float
    start_cost_correlation: float
    cost_duration_correlation: float
    additional_financing_share: float
    reference_classes: tuple[ReferenceClassUsed, ...]


def settings_summary(settings: SimulationSettings, classes: tuple[ReferenceClassUsed, ...]) -> Assumptions:
    """The assumptions block of a report."""
    return Assumptions(
        settings.country_correlation,
        settings.sector_correlation,
        settings.start_duration_correlation,
        settings.start_cost_correlation,
        settings.cost_duration_correlation,
        settings.additional_financing_share,
        classes,
    )
