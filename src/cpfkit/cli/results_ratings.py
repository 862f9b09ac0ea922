"""``cpfkit results ratings|rate``: each objective's suggested rating, and the ratings of record people set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console, err
from cpfkit.cli.numbers import parse_date
from cpfkit.cli.results_options import AsOf, JsonFlag, ProgrammeArg

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.metrics.framework import RatingOfRecord

__all__ = ["rate", "ratings"]


def _rating_text(r: RatingOfRecord) -> str:
    if r.overridden:
        return f"{r.rating} (override; suggested {r.suggested or '—'})"
    return f"{r.rating or '—'} (suggested)"


@fail_on_error
def ratings(ctx: typer.Context, programme: ProgrammeArg, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Show each objective's suggested rating and rating of record, and the development outcome."""
    from cpfkit.services import results as rs

    fw = rs.framework(state(ctx).store(), programme, parse_date(as_of))
    rows = [
        {
            "objective": o.code,
            "title": o.title,
            "met": o.met,
            "rated_on": len(o.rated_on),
            "suggested": o.rating.suggested,
            "rating": o.rating.rating,
            "overridden": o.rating.overridden,
            "justification": o.rating.justification,
            "rated_by": o.rating.rated_by,
            "decided_on": o.rating.decided_on,
        }
        for o in fw.objectives()
    ]
    if as_json:
        print_json(
            {
                "programme": programme,
                "as_of": fw.as_of,
                "objectives": rows,
                "development_outcome": fw.development_outcome,
                "wbg_performance": fw.wbg_performance,
            }
        )
        return
    table = Table(title=f"Objective ratings of {programme} as of {fw.as_of}")
    for col in ("objective", "title", "met", "rating", "justification"):
        table.add_column(col)
    for o in fw.objectives():
        table.add_row(
            o.code, o.title, f"{o.met}/{len(o.rated_on)}", _rating_text(o.rating), o.rating.justification or ""
        )
    console.print(table)
    console.print(f"development outcome: {_rating_text(fw.development_outcome)}")
    wp = fw.wbg_performance
    console.print(f"WBG performance: {wp.rating + ' (rated)' if wp.rating else 'not rated'}")


@fail_on_error
def rate(
    ctx: typer.Context,
    programme: ProgrammeArg,
    subject: Annotated[str, typer.Argument(help="Objective code, development-outcome or wbg-performance.")],
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            help="Achieved, Mostly Achieved, Partially Achieved, Not Achieved, Not Verified; HS…HU for the "
            "development outcome; Superior, Good, Fair, Poor for WBG performance.",
        ),
    ] = None,
    justification: Annotated[
        str | None, typer.Option("--justification", help="Why (required, at least a sentence).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who sets the rating.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date of the decision, YYYY-MM-DD (default: today).")] = None,
    withdraw: Annotated[
        bool, typer.Option("--withdraw", help="Withdraw the rating of record: the suggestion applies again.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Set the rating of record of an objective (or the development outcome, WBG performance), with its reason."""
    from cpfkit.services import results as rs

    store = state(ctx).store()
    if withdraw:
        done = rs.withdraw_rating(store, programme, subject)
        if as_json:
            print_json({"programme": programme, "subject": subject, "withdrawn": done})
        else:
            console.print(
                f"{subject}: rating of record withdrawn" if done else f"{subject}: no rating of record to withdraw"
            )
        return
    if rating is None or justification is None:
        err.print("error: give --rating and --justification (or --withdraw)")
        raise typer.Exit(2)
    result = rs.rate(store, programme, subject, rating, justification, rated_by=by, decided_on=parse_date(on))
    if as_json:
        print_json(result)
        return
    o = result.override
    console.print(
        f"{o.key}: rating of record {o.rating} (suggested {result.suggested or '—'})"
        + ("; the earlier one is kept as superseded" if result.replaced_earlier else "")
    )
