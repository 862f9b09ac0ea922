"""``cpfkit report …``: the standard reviews, computed from the stored data."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cpfkit import services
from cpfkit.cli.common import (
    console,
    fail_on_error,
    money,
    parse_date,
    print_json,
    state,
)

__all__ = ["app"]

app = typer.Typer(
    help="Standard reports: the completion summary (CLR) and, later, the results matrix and PLR.", no_args_is_help=True
)


@app.command("clr")
@fail_on_error
def clr(
    ctx: typer.Context,
    programme: Annotated[str, typer.Argument(help="Programme id, e.g. kz-2020-2025.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Completion summary: operations delivered, commitments, and each headline result with its sources."""
    summary = services.completion(state(ctx).store(), programme, parse_date(as_of))
    if as_json:
        print_json(summary)
        return
    console.print(f"[bold]{summary.title}[/bold] — completion summary as of {summary.as_of}")
    console.print(
        f"{summary.project_count} operations, US${summary.commitments_usd / 1_000_000_000:,.1f} billion committed "
        f"(US${money(summary.commitments_usd)}M; net US${money(summary.net_commitments_usd)}M; "
        f"disbursed US${money(summary.disbursed_usd)}M)"
    )
    table = Table(title="Headline results")
    for col in ("result", "value", "unit", "published", "from operations"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for r in summary.results:
        value = "no data" if r.value is None else f"{r.value:,.1f}".removesuffix(".0")
        table.add_row(
            r.indicator + (" *" if r.illustrative else ""), value, r.unit, r.published or "", ", ".join(r.projects)
        )
    console.print(table)
    console.print("* rests at least partly on illustrative figures (see the sources and the programme's README)")
    console.print("sources:")
    for s in summary.sources:
        console.print(f"  - {s}", markup=False, soft_wrap=True)
