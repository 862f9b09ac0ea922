"""The simulation report's tornado charts: which drivers move an output most, from their worst to their best runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.outcomes import Tornado


__all__ = ["TornadoChart", "TornadoDriver", "tornado_chart"]


@dataclass(frozen=True)
class TornadoDriver:
    """The mean output when a driver is in its worst or best tenth of runs."""

    driver: str
    low: float
    high: float
    swing: float


@dataclass(frozen=True)
class TornadoChart:
    """The drivers of one output: the one with the largest expected shortfall, or disbursements."""

    output: str
    indicator: str
    unit: str
    planned: float
    mean: float
    shortfall: float
    drivers: tuple[TornadoDriver, ...]


def tornado_chart(t: Tornado) -> TornadoChart:
    """The report's view of a simulation's tornado."""
    return TornadoChart(
        t.output,
        t.code,
        t.unit,
        t.planned,
        t.mean,
        round(t.shortfall, 4),
        tuple(TornadoDriver(b.driver, b.low, b.high, b.swing) for b in t.bars),
    )
