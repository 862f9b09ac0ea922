"""The simulation report's money by fiscal year: disbursements, new commitments, and the totals of the period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cpfkit.model.base import Num
from cpfkit.reports.simulation_rounding import dollars

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.outcomes import SimulationResult

__all__ = ["CommitmentYear", "DisbursementYear", "Totals", "commitments", "disbursements", "totals"]


@dataclass(frozen=True)
class DisbursementYear:
    """Disbursements of one fiscal year (US dollars), including what was disbursed before the as-of date."""

    fy: int
    label: str
    planned: Num
    actual_to_date: Num
    p10: Num
    p50: Num
    p90: Num
    mean: Num


@dataclass(frozen=True)
class CommitmentYear:
    """New commitments of one fiscal year: approvals and any additional financing (US dollars)."""

    fy: int
    label: str
    planned: Num
    p10: Num
    p50: Num
    p90: Num
    mean: Num


@dataclass(frozen=True)
class Totals:
    """Disbursements over the whole period and after it (US dollars)."""

    planned_in_period: Num
    p10_in_period: Num
    p50_in_period: Num
    p90_in_period: Num
    planned_after_period: Num
    p50_after_period: Num


def disbursements(result: SimulationResult) -> tuple[DisbursementYear, ...]:
    """The disbursements of each fiscal year of a simulation."""
    return tuple(
        DisbursementYear(
            y.fy,
            y.label,
            dollars(y.disbursed.planned),
            dollars(y.actual_to_date),
            dollars(y.disbursed.p10),
            dollars(y.disbursed.p50),
            dollars(y.disbursed.p90),
            dollars(y.disbursed.mean),
        )
        for y in result.fiscal_years
    )


def commitments(result: SimulationResult) -> tuple[CommitmentYear, ...]:
    """The new commitments of each fiscal year of a simulation."""
    return tuple(
        CommitmentYear(
            y.fy,
            y.label,
            dollars(y.committed.planned),
            dollars(y.committed.p10),
            dollars(y.committed.p50),
            dollars(y.committed.p90),
            dollars(y.committed.mean),
        )
        for y in result.fiscal_years
    )


def totals(result: SimulationResult) -> Totals:
    """The disbursements of a simulation in the period and after it."""
    inside, after = result.disbursed_in_period, result.disbursed_after_period
    return Totals(
        dollars(inside.planned),
        dollars(inside.p10),
        dollars(inside.p50),
        dollars(inside.p90),
        dollars(after.planned),
        dollars(after.p50),
    )
