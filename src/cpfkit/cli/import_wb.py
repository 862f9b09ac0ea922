"""``cpfkit import wb-projects``: World Bank project records (Projects API JSON or CSV) as projects."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.cli.interchange_options import CountryOpt, DryRun, JsonFlag, ProgrammeOpt, codes
from cpfkit.cli.interchange_tables import skips_table
from cpfkit.cli.progress import working
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.services.interchange.wb_projects import WbImportReport

__all__ = ["import_wb_cmd"]


@fail_on_error
def import_wb_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="World Bank Projects API exports: JSON, or the projects CSV.")],
    country: CountryOpt = None,
    programme: ProgrammeOpt = None,
    dry_run: DryRun = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse a file at its first warning (nothing of it is stored), for publishers."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import World Bank project records (Projects API JSON or CSV) as projects, per record, upserted by id.

    A record with a slip (an unknown lending instrument, dates out of order, a value that is not one) is
    stored with a warning; one without an id or any amount is skipped and listed; --strict makes warnings errors.
    """
    from cpfkit.services.interchange.wb_projects import import_wb_projects
    from cpfkit.workplace.roles import cli_principal, login_name

    store = state(ctx).store()
    with working(f"importing {', '.join(f.name for f in files)}", enabled=not as_json):
        report = import_wb_projects(
            store,
            files,
            countries=codes(country, upper=True),
            programme=programme,
            dry_run=dry_run,
            strict=strict,
            actor=cli_principal(login_name()).actor(),
        )
    if as_json:
        print_json(report.to_json())
        return
    _print_wb(report)


def _print_wb(report: WbImportReport) -> None:
    data = report.to_json()
    p = data["projects"]
    verb = "would store" if report.dry_run else "stored"
    console.print(
        f"{p['read']} project records read, {verb} {p['stored']} ({p['new']} new, {p['updated']} updated, "
        f"{p['unchanged']} unchanged; {p['warned']} with warnings), {p['filtered']} filtered out, "
        f"{p['skipped']} skipped",
        soft_wrap=True,
    )
    table = Table(title="Commitments (US$)")
    for col in ("IBRD", "IDA", "grant", "project cost"):
        table.add_column(col, justify="right")
    c = data["commitments_usd"]
    table.add_row(
        *(formatting.fixed(Decimal(c[k]), "en", 0) for k in ("IBRD", "IDA", "grant")),
        formatting.fixed(Decimal(data["project_cost_usd"]), "en", 0),
    )
    console.print(table)
    missing = {k: v for k, v in data["missing"].items() if v}
    if missing:
        console.print("records without the amount (not counted): " + ", ".join(f"{k} {v}" for k, v in missing.items()))
    if report.skips:
        skips_table(
            "Skipped records",
            [(s.project or "?", s.where, s.kind, s.field or "", s.reason) for s in report.skips],
            ("project", "where", "kind", "field", "reason"),
        )
    if report.warnings:
        skips_table(
            "Warnings (records stored)",
            [(w.record or "?", w.at.label, w.field or "", w.message) for w in report.warnings],
            ("project", "where", "field", "warning"),
        )
