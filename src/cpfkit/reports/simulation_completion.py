"""The simulation report's operations: when each completes, and whether a pipeline one is approved in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cpfkit.reports.simulation_rounding import share

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.outcomes import SimulationResult

__all__ = ["ProjectCompletion", "completions"]


@dataclass(frozen=True)
class ProjectCompletion:
    """When an operation completes (its closing), and whether a pipeline operation is approved in the period."""

    project: str
    name: str
    reference_class: str
    instrument: str
    status: str
    planned_approval: date
    p50_approval: date | None
    planned_completion: date
    p10_completion: date | None
    p50_completion: date | None
    p90_completion: date | None
    p_complete_in_period: float
    p_approved_in_period: float | None
    p_dropped: float
    cost_ratio_p50: float
    illustrative: bool


def completions(result: SimulationResult) -> tuple[ProjectCompletion, ...]:
    """Each operation of a simulation: its completion dates, chances and cost."""
    return tuple(
        ProjectCompletion(
            project=o.id,
            name=o.name,
            reference_class=o.reference_class,
            instrument=o.instrument,
            status=o.status,
            planned_approval=o.planned_approval,
            p50_approval=o.approval_p50,
            planned_completion=o.planned_completion,
            p10_completion=o.completion_p10,
            p50_completion=o.completion_p50,
            p90_completion=o.completion_p90,
            p_complete_in_period=round(o.p_complete_in_period, 4),
            p_approved_in_period=share(o.p_approved_in_period),
            p_dropped=round(o.p_dropped, 4),
            cost_ratio_p50=round(o.cost_ratio_p50, 4),
            illustrative=o.illustrative,
        )
        for o in result.operations
    )
