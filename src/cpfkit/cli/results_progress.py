"""``cpfkit results show``: every indicator's latest actual, progress and status, by objective."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.cli.numbers import parse_date
from cpfkit.cli.results_options import AsOf, JsonFlag, ProgrammeArg

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.metrics.progress import IndicatorProgress

__all__ = ["show"]

_STATUS_STYLE = {
    "achieved": "green",
    "on track": "blue",
    "off track": "dark_orange",
    "not started": "dim",
    "no data": "dim",
}


def _progress_cell(i: IndicatorProgress) -> str:
    from cpfkit.reports.formatting import percent

    if i.progress is None:
        return "—"
    text = percent(i.progress)
    if i.progress is not None and i.progress_bound is not None:
        text = ("≥ " if i.progress_bound.value == "at_least" else "≤ ") + text
    if i.expected is not None and i.expected < 1 and i.status.value != "achieved":
        text += f" / {percent(i.expected)}"
    return text


@fail_on_error
def show(ctx: typer.Context, programme: ProgrammeArg, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Show every indicator's latest actual, progress and status, by objective (the results matrix)."""
    from cpfkit.reports.formatting import bounded, figure
    from cpfkit.services import results as rs

    fw = rs.framework(state(ctx).store(), programme, parse_date(as_of))
    if as_json:
        print_json(fw)
        return
    table = Table(title=f"Results of {programme} as of {fw.as_of} (progress / expected)")
    for col in ("indicator", "name", "baseline", "target", "actual", "progress", "status", "operations"):
        table.add_column(col, justify="right" if col in ("baseline", "target", "actual", "progress") else "left")
    for area in fw.areas:
        table.add_row(f"[bold]{area.code}[/bold]", f"[bold]{area.title}[/bold]", "", "", "", "", "", "")
        for o in area.objectives:
            style = _STATUS_STYLE.get(o.status.value, "")
            table.add_row(o.code, o.title, "", "", "", "", f"[{style}]{o.status.value}[/{style}]", "")
            for i in o.indicators:
                mark = " *" if i.illustrative else ""
                style = _STATUS_STYLE.get(i.status.value, "")
                table.add_row(
                    "  " + i.code,
                    i.name + mark,
                    figure(i.baseline, i.unit),
                    figure(i.target, i.unit),
                    bounded(figure(i.actual, i.unit), i.qualifier),
                    _progress_cell(i),
                    f"[{style}]{i.status.value}[/{style}]",
                    ", ".join(i.projects) or ("(programme level)" if i.actual is not None else ""),
                )
    console.print(table)
    counts = ", ".join(f"{n} {s}" for s, n in fw.status_counts.items() if n)
    console.print(f"{counts}.  * rests at least partly on illustrative figures")
