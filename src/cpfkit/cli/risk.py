"""``cpfkit risk …``: the programme's risk register — list, add and close entries."""

from __future__ import annotations

from typing import Annotated

import typer

from cpfkit.cli.choices import RiskFactorChoice, RiskLevelChoice, SortCategoryChoice
from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.cli.numbers import parse_date

__all__ = ["risk_app"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]

risk_app = typer.Typer(help="The programme's risk register: list, add and close entries.", no_args_is_help=True)


@risk_app.command("register")
@fail_on_error
def register_(
    ctx: typer.Context,
    programme: ProgrammeArg,
    show_all: Annotated[bool, typer.Option("--all", help="Show closed entries too.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the risk register: each risk with its factors, rating, mitigation and owner."""
    from cpfkit.model import RiskStatus
    from cpfkit.services import portfolio as services_portfolio

    entries = services_portfolio.risk_register(state(ctx).store(), programme)
    shown = [e for e in entries if show_all or e.status is RiskStatus.OPEN]
    if as_json:
        print_json(shown)
        return
    console.print(f"[bold]Risk register of {programme}[/bold]" + ("" if show_all else " (open entries)"))
    if not shown:
        console.print("no entry")
    for e in shown:
        status = f"open since {e.opened}" if e.closed is None else f"closed {e.closed} (opened {e.opened})"
        console.print(
            f"{e.code}{' *' if e.illustrative else ''}  {e.title}  [{e.rating.value} · {status}]",
            markup=False,
            soft_wrap=True,
        )
        details = [
            ("factors", ", ".join(f.value for f in e.factors) or "—"),
            ("SORT category", e.category.value if e.category else "—"),
            ("operation", e.project or "—"),
            ("mitigation", e.mitigation or "—"),
            ("owner", e.owner or "—"),
        ]
        if e.closing_note:
            details.append(("how it ended", e.closing_note))
        for name, value in details:
            console.print(f"    {name}: {value}", markup=False, soft_wrap=True)
    if any(e.illustrative for e in shown):
        console.print("* illustrative entry (see the programme's README)")


@risk_app.command("add")
@fail_on_error
def add(
    ctx: typer.Context,
    programme: ProgrammeArg,
    title: Annotated[str, typer.Option("--title", help="What could go wrong, in one line.")],
    rating: Annotated[RiskLevelChoice, typer.Option("--rating", help="SORT level of the risk.")],
    category: Annotated[SortCategoryChoice, typer.Option("--category", help="SORT category it belongs to (required).")],
    owner: Annotated[str, typer.Option("--owner", help="Who is accountable for the mitigation (required).")],
    factor: Annotated[
        list[RiskFactorChoice] | None, typer.Option("--factor", help="A factor of the lens (repeat for several).")
    ] = None,
    mitigation: Annotated[str | None, typer.Option("--mitigation", help="What is done about it.")] = None,
    project: Annotated[str | None, typer.Option("--project", help="The operation it concerns, if one.")] = None,
    description: Annotated[str | None, typer.Option("--description", help="More detail.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Entry code (default: the next R<n>).")] = None,
    opened: Annotated[str | None, typer.Option("--opened", help="Date opened, YYYY-MM-DD (default: today).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the assessment comes from.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add an entry to the risk register (marked illustrative unless --source is given)."""
    from cpfkit.model import RiskFactor, RiskLevel, SortCategory
    from cpfkit.services import portfolio as services_portfolio
    from cpfkit.workplace.roles import operator

    fields = {
        "code": code,
        "title": title,
        "description": description,
        "factors": [RiskFactor(f.value) for f in factor or ()],
        "category": SortCategory(category.value),
        "rating": RiskLevel(rating.value),
        "mitigation": mitigation,
        "owner": owner,
        "project": project,
        "opened": parse_date(opened),
        "source": source,
    }
    added = services_portfolio.add_risk_entry(state(ctx).store(), programme, fields, operator())
    if as_json:
        print_json(added)
        return
    console.print(f"added {added.code} to the risk register of {programme}: {added.title}", markup=False)


@risk_app.command("close")
@fail_on_error
def close(
    ctx: typer.Context,
    programme: ProgrammeArg,
    code: Annotated[str, typer.Argument(help="Entry code, e.g. R3.")],
    note: Annotated[str | None, typer.Option("--note", help="How the risk ended.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date closed, YYYY-MM-DD (default: today).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Close an open entry of the risk register."""
    from cpfkit import clock
    from cpfkit.services import portfolio as services_portfolio
    from cpfkit.workplace.roles import operator

    closed = services_portfolio.close_risk_entry(
        state(ctx).store(), programme, code, parse_date(on) or clock.today(), note, operator()
    )
    if as_json:
        print_json(closed)
        return
    console.print(f"closed {closed.code} on {closed.closed}", markup=False)
