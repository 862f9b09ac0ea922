"""Read commands: programmes, projects, project, envelope."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cpfkit.cli.common import fail_on_error, label, print_definitions, print_json, state
from cpfkit.cli.console import console
from cpfkit.cli.numbers import money, parse_date
from cpfkit.language import formatting

__all__ = ["register"]

# Each command imports cpfkit.services.programmes when it runs: `cpfkit --help` must not load the program
# (docs/performance.md, "Start-up").

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""

    @app.command("programmes")
    @fail_on_error
    def programmes_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """List the programmes in the database."""
        from cpfkit.services.listing import listed_programmes
        from cpfkit.settings import Settings

        cli = state(ctx)
        rows = listed_programmes(cli.db_url, Settings())  # a few columns, without the ORM, when nothing is to prepare
        if rows is None:
            from cpfkit.services import programmes as services

            rows = services.programmes(cli.store())
        if as_json:
            print_json(rows)
            return
        table = Table(title="Programmes (US$ millions)")
        figures = ("own_operations", "carried_over", "pipeline_operations", "own_commitments", "envelope")
        for col in ("id", "years", "status", *(label(k) for k in figures), "title"):
            numeric = col not in ("id", "years", "status", "title")
            table.add_column(col, justify="right" if numeric else "left", no_wrap=col != "title")
        for r in rows:
            table.add_row(
                r.id,
                r.fiscal_years,
                r.status,
                str(r.own_operations),
                str(r.carried_count),
                str(r.pipeline_count),
                money(r.own_commitments_usd),
                money(r.envelope_usd),
                r.title,
            )
        console.print(table)
        print_definitions(*figures)

    @app.command("projects")
    @fail_on_error
    def projects_(ctx: typer.Context, programme: ProgrammeArg, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
        """List the operations a programme counts, with money to date."""
        from cpfkit.services import programmes as services

        rows = services.projects(state(ctx).store(), programme, parse_date(as_of))
        if as_json:
            print_json(rows)
            return
        table = Table(title=f"Operations of {programme} (US$ millions)")
        for col in ("id", "name", "inst.", "instr.", "status", "approved", "committed", "disbursed", "areas"):
            table.add_column(col, justify="right" if col in ("committed", "disbursed") else "left")
        for r in rows:
            mark = " *" if r.illustrative else ""
            table.add_row(
                r.id + mark,
                r.name,
                r.institution,
                r.instrument,
                r.status,
                r.approval.isoformat() if r.approval else "—",
                money(r.commitment_usd),
                money(r.disbursed_usd),
                ", ".join(r.priority_areas),
            )
        console.print(table)
        if any(r.illustrative for r in rows):
            console.print("* illustrative: no public source for this record (see the programme's README)")

    @app.command("project")
    @fail_on_error
    def project_(
        ctx: typer.Context, project_id: Annotated[str, typer.Argument(help="Operation id.")], as_json: JsonFlag = False
    ) -> None:
        """Show one operation: dates, money, sectors, locations and its ledger."""
        from cpfkit.services import programmes as services

        detail = services.project(state(ctx).store(), project_id)
        if as_json:
            print_json(detail)
            return
        p = detail.project
        console.print(f"[bold]{p.id}[/bold]  {p.name}")
        console.print(f"{p.institution.value} · {p.instrument.value} · {p.status.value} · {p.country}")
        d = p.dates
        console.print(
            f"approved {d.approval or '—'} · effective {d.effectiveness or '—'} · closing {d.original_closing or '—'}"
            + (f" → {d.revised_closing}" if d.revised_closing else "")
        )
        console.print(
            f"commitment US${money(detail.commitment_usd)}M · net US${money(detail.net_commitment_usd)}M · "
            f"disbursed US${money(detail.disbursed_usd)}M · undisbursed US${money(detail.undisbursed_usd)}M"
        )
        if p.implementing_agency:
            console.print(f"implementing agency: {p.implementing_agency}")
        if p.sectors:
            console.print("sectors: " + "; ".join(f"{s.name or s.code} {s.percentage}%" for s in p.sectors))
        if p.locations:
            console.print("locations: " + "; ".join(loc.name for loc in p.locations))
        console.print(f"programmes: {', '.join(detail.programmes)}")
        console.print(f"source: {p.source or '—'}" + (" (illustrative)" if p.illustrative else ""))
        if detail.ledger:
            table = Table(title="Ledger")
            for col in ("date", "type", "amount", "currency", "US$", "rate month"):
                table.add_column(col, justify="right" if col in ("amount", "US$") else "left")
            for line in detail.ledger:
                tx = line.transaction
                table.add_row(
                    tx.date.isoformat(),
                    tx.type.value,
                    formatting.fixed(tx.amount.amount, "en", 2),
                    tx.amount.currency,
                    formatting.fixed(line.amount_usd, "en", 2),
                    line.rate_period,
                )
            console.print(table)

    @app.command("envelope")
    @fail_on_error
    def envelope_(ctx: typer.Context, programme: ProgrammeArg, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
        """Envelope against commitments by fiscal year and institution, with headroom."""
        from cpfkit.services import programmes as services

        report = services.envelope(state(ctx).store(), programme, parse_date(as_of))
        if as_json:
            print_json(report)
            return
        table = Table(title=f"Envelope of {programme} as of {report.as_of} (US$ millions)")
        for col in (
            "FY",
            label("envelope"),
            label("approved_in_period"),
            label("headroom"),
            "used",
            label("pipeline_amount"),
            f"by institution ({label('approved_in_period')} / envelope)",
        ):
            table.add_column(col, justify="left" if col.startswith(("FY", "by")) else "right")
        for y in report.fiscal_years:
            split = "  ".join(
                f"{u.institution} {money(u.committed_usd)}/{money(u.envelope_usd)}" for u in y.by_institution.values()
            )
            mark = " *" if y.envelope_illustrative else ""
            table.add_row(
                y.label,
                money(y.envelope_usd) + mark,
                money(y.committed_usd),
                money(y.headroom_usd),
                formatting.percent(y.utilisation, "en"),
                money(y.pipeline_usd),
                split,
            )
        table.add_row(
            "total",
            money(report.envelope_usd),
            money(report.committed_usd),
            money(report.headroom_usd),
            formatting.percent(report.utilisation, "en"),
            money(report.pipeline_usd),
            "",
        )
        console.print(table)
        print_definitions("envelope", "approved_in_period", "headroom", "pipeline_amount")
        if report.outside_period:
            console.print(f"approved outside the period (not counted): {', '.join(report.outside_period)}")
