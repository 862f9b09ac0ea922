"""``cpfkit period close|reopen|list``: freezing the values of a programme's reported period.

The operator at the command line is an administrator (``cli:<login name>`` in the audit trail).
"""

from __future__ import annotations

from typing import Annotated

import typer

from cpfkit.cli.common import fail_on_error, parse_date, print_json, state
from cpfkit.cli.console import console

__all__ = ["register"]

period_app = typer.Typer(
    help="Close a programme's period so its values cannot change, reopen it, list the closes.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]
Reason = Annotated[str, typer.Option("--reason", help="Why (kept in the history and the audit trail).")]


@period_app.command("close")
@fail_on_error
def close(
    ctx: typer.Context,
    programme: ProgrammeArg,
    until: Annotated[str, typer.Option("--until", help="Last day of the closed period, YYYY-MM-DD.")],
    reason: Reason,
    as_json: JsonFlag = False,
) -> None:
    """Close the programme's period up to a day: values dated up to it can no longer be added, changed or deleted."""
    from cpfkit.services import periods

    day = parse_date(until)
    assert day is not None  # a required option
    closed = periods.close(state(ctx).store(), programme, day, reason)
    if as_json:
        print_json(closed.to_json())
        return
    console.print(f"{programme}: period closed up to {closed.until} by {closed.closed_by}", markup=False)


@period_app.command("reopen")
@fail_on_error
def reopen(ctx: typer.Context, programme: ProgrammeArg, reason: Reason, as_json: JsonFlag = False) -> None:
    """Reopen the programme's closed period, so its values can be corrected."""
    from cpfkit.services import periods

    reopened = periods.reopen(state(ctx).store(), programme, reason)
    if as_json:
        print_json(reopened.to_json())
        return
    console.print(f"{programme}: period up to {reopened.until} reopened by {reopened.reopened_by}", markup=False)


@period_app.command("list")
@fail_on_error
def list_(ctx: typer.Context, programme: ProgrammeArg, as_json: JsonFlag = False) -> None:
    """The closes of the programme's period, newest first (the one in force is marked)."""
    from cpfkit.services import periods
    from cpfkit.store.periods import stamp

    closes = periods.history(state(ctx).store(), programme)
    if as_json:
        print_json([c.to_json() for c in closes])
        return
    if not closes:
        console.print(f"{programme}: no period closed")
        return
    for c in closes:
        head = f"up to {c.until}: closed by {c.closed_by} on {stamp(c.closed_at)} ({c.reason})"
        if c.reopened_at is None:
            console.print(f"{head} — in force", markup=False)
        else:
            console.print(
                f"{head}; reopened by {c.reopened_by} on {stamp(c.reopened_at)} ({c.reopen_reason})", markup=False
            )


def register(app: typer.Typer) -> None:
    """Add the ``period`` group to ``app``."""
    app.add_typer(period_app, name="period")
