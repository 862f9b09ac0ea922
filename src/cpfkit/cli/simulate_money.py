"""What ``cpfkit simulate`` prints first: the settings, then disbursements, commitments and envelope use by year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from cpfkit.cli.console import console
from cpfkit.cli.numbers import money
from cpfkit.cli.simulate_format import delta_money, pct
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.reports.simulation import SimulationReport

__all__ = ["print_money"]


def print_money(report: SimulationReport, seed_note: str) -> None:
    """The simulation's settings, and its money by fiscal year against the plan (scenarios side by side)."""
    a = report.assumptions
    names = [s.name for s in report.scenarios]
    console.print(
        f"[bold]Risk simulation of {report.programme}[/bold] as of {report.as_of} — "
        f"{formatting.number(report.runs, 'en', 0)} runs, seed {report.seed} ({seed_note})"
    )
    rule = (
        "delivers less"
        if a.additional_financing_share == 0
        else f"{formatting.percent(a.additional_financing_share, 'en')} met by more money"
    )
    console.print(
        f"correlation: country {a.country_correlation:g}, sector {a.sector_correlation:g}, "
        f"cost–duration {a.cost_duration_correlation:g}; a cost overrun {rule}",
        style="dim",
    )
    if names:
        console.print(
            f"scenarios (same seed, columns show scenario P50 and change against baseline): {', '.join(names)}"
        )

    table = Table(title="Disbursements by fiscal year (US$ millions)")
    for col in ("FY", "to date", "plan", "P10", "P50", "P90", *names):
        table.add_column(col, justify="left" if col == "FY" else "right")
    for k, y in enumerate(report.disbursements_by_fy):
        extra = [
            f"{money(s.disbursements_by_fy[k].p50)} ({delta_money(s.vs_baseline.disbursements_by_fy[k].p50)})"
            for s in report.scenarios
        ]
        table.add_row(
            y.label, money(y.actual_to_date), money(y.planned), money(y.p10), money(y.p50), money(y.p90), *extra
        )
    t = report.totals
    table.add_row(
        "period",
        "",
        money(t.planned_in_period),
        money(t.p10_in_period),
        money(t.p50_in_period),
        money(t.p90_in_period),
        *[f"{money(s.totals.p50_in_period)} ({delta_money(s.vs_baseline.p50_in_period)})" for s in report.scenarios],
    )
    table.add_row("after", "", money(t.planned_after_period), "", money(t.p50_after_period), "", *["" for _ in names])
    console.print(table)

    table = Table(title="Commitments and envelope use (US$ millions; use = covered commitments ÷ envelope)")
    for col in ("FY", "envelope", "plan", "P10", "P50", "P90", "use P50", "P(over)", *names):
        table.add_column(col, justify="left" if col == "FY" else "right")
    for k, (c, e) in enumerate(zip(report.commitments_by_fy, report.envelope_by_fy, strict=True)):
        table.add_row(
            c.label,
            money(e.envelope),
            money(c.planned),
            money(c.p10),
            money(c.p50),
            money(c.p90),
            pct(e.use_p50),
            pct(e.p_over_envelope),
            *[money(s.commitments_by_fy[k].p50) for s in report.scenarios],
        )
    console.print(table)
