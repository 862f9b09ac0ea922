"""The simulation report's chances: of each indicator meeting its target, of each objective's rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cpfkit.reports.simulation_rounding import share
from cpfkit.reports.simulation_tornado import TornadoChart, tornado_chart

if TYPE_CHECKING:  # the simulation engine (NumPy, SciPy) is not needed to declare or read a report
    from cpfkit.risk.outcomes import SimulationResult

__all__ = ["IndicatorChance", "ObjectiveChance", "indicator_chances", "objective_chances"]


@dataclass(frozen=True)
class IndicatorChance:
    """An indicator at its target date: its simulated value and the probability that it meets the target.

    ``operations`` are the operations linked to it in ``contributions.csv`` (the only ones that move it); a
    ``milestone`` is 0 or 1 in every run; ``tornado`` ranks the drivers of its value (those of its own
    operations, their sectors' and the country's), None when it does not move.
    """

    indicator: str
    name: str
    unit: str
    objective: str
    target: float | None
    target_date: date | None
    baseline: float | None
    current: float | None
    planned: float | None
    p10: float | None
    p50: float | None
    p90: float | None
    p_target_met: float | None
    simulated: bool
    note: str | None
    illustrative: bool
    milestone: bool
    operations: tuple[str, ...]
    tornado: TornadoChart | None


@dataclass(frozen=True)
class ObjectiveChance:
    """A CPF objective: the probability of each suggested rating."""

    objective: str
    title: str
    p_achieved_or_mostly: float
    planned_rating: str
    ratings: dict[str, float]


def indicator_chances(result: SimulationResult) -> tuple[IndicatorChance, ...]:
    """Each indicator of a simulation at its target date, with the drivers of those that move."""
    tornadoes = {t.code: tornado_chart(t) for t in result.tornado_indicators}
    return tuple(
        IndicatorChance(
            indicator=i.code,
            name=i.name,
            unit=i.unit,
            objective=i.objective,
            target=i.target,
            target_date=i.target_date,
            baseline=i.baseline,
            current=i.current,
            planned=i.value.planned if i.value else None,
            p10=i.value.p10 if i.value else None,
            p50=i.value.p50 if i.value else None,
            p90=i.value.p90 if i.value else None,
            p_target_met=share(i.p_target_met),
            simulated=i.simulated,
            note=i.note,
            illustrative=i.illustrative,
            milestone=i.milestone,
            operations=i.operations,
            tornado=tornadoes.get(i.code),
        )
        for i in result.indicators
    )


def objective_chances(result: SimulationResult) -> tuple[ObjectiveChance, ...]:
    """Each objective of a simulation with the probability of each rating."""
    return tuple(
        ObjectiveChance(
            o.code,
            o.title,
            round(o.p_achieved_or_mostly, 4),
            o.planned_rating,
            {k: round(v, 4) for k, v in o.ratings.items()},
        )
        for o in result.objectives
    )
