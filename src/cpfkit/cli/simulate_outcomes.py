"""What ``cpfkit simulate`` prints of results and operations: chances of targets and ratings, completion, drivers."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.table import Table

from cpfkit.cli.console import console
from cpfkit.cli.numbers import money
from cpfkit.cli.simulate_format import day, delta_pct, pct, short, value_text
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.reports.simulation import SimulationReport

__all__ = ["print_outcomes"]


def print_outcomes(report: SimulationReport) -> None:
    """The chances of each indicator and objective, when each operation completes, and the drivers of the shortfall."""
    names = [s.name for s in report.scenarios]
    table = Table(title="Indicators: probability of meeting the target by its date")
    for col in ("indicator", "name", "target", "by", "P50 value", "P(met)", *names):
        table.add_column(col, justify="right" if col in ("target", "P50 value", "P(met)", *names) else "left")
    for i, ind in enumerate(report.indicators):
        table.add_row(
            ind.indicator + (" *" if ind.illustrative else ""),
            short(ind.name),
            value_text(ind.target),
            day(ind.target_date),
            value_text(ind.p50),
            pct(ind.p_target_met),
            *[
                f"{pct(s.indicators[i].p_target_met)} ({delta_pct(s.vs_baseline.indicators[i].p_target_met)})"
                for s in report.scenarios
            ],
        )
    console.print(table)

    table = Table(title="Objectives: probability of Achieved or Mostly Achieved")
    for col in ("objective", "title", "plan", "P(A or MA)", *names):
        table.add_column(col, justify="right" if col in ("P(A or MA)", *names) else "left")
    for o, obj in enumerate(report.objectives):
        table.add_row(
            obj.objective,
            short(obj.title),
            obj.planned_rating,
            pct(obj.p_achieved_or_mostly),
            *[
                f"{pct(s.objectives[o].p_achieved_or_mostly)} "
                f"({delta_pct(s.vs_baseline.objectives[o].p_achieved_or_mostly)})"
                for s in report.scenarios
            ],
        )
    console.print(table)

    table = Table(title=f"Operations: completion dates (P(in) = completed by {report.period_end})")
    for col in ("operation", "class", "planned", "P10", "P50", "P90", "P(in)", "P(dropped)", *names):
        table.add_column(col, justify="left" if col in ("operation", "class") else "right")
    for j, p in enumerate(report.projects):
        changes = []
        for s in report.scenarios:
            days = s.vs_baseline.projects[j].p50_completion_days
            changes.append(f"{day(s.projects[j].p50_completion)} ({'—' if days is None else f'{days:+d} d'})")
        table.add_row(
            p.project + (" *" if p.illustrative else ""),
            p.reference_class,
            day(p.planned_completion),
            day(p.p10_completion),
            day(p.p50_completion),
            day(p.p90_completion),
            pct(p.p_complete_in_period),
            pct(p.p_dropped) if p.status == "pipeline" else "",
            *changes,
        )
    console.print(table)

    tornado = report.tornado
    unit = "US$ millions" if tornado.unit == "USD" else tornado.unit
    table = Table(
        title=f"Largest shortfall: {tornado.output} — {formatting.percent(tornado.shortfall, 'en')} of the planned "
        f"{'amount' if tornado.indicator == 'disbursements' else 'gap'} expected short. "
        f"Mean {unit} when each driver is in its worst or best tenth of runs"
    )
    for col in ("driver", "worst tenth", "best tenth", "swing"):
        table.add_column(col, justify="left" if col == "driver" else "right")

    def show(v: float) -> str:
        return money(Decimal(v)) if tornado.unit == "USD" else f"{v:,.4g}"

    for d in tornado.drivers:
        worst, best = sorted((d.low, d.high))
        table.add_row(d.driver, show(worst), show(best), show(d.swing))
    console.print(table)
    console.print(
        "* rests on illustrative figures. Probabilities are shares of runs; see docs/simulation.md for the model."
    )
