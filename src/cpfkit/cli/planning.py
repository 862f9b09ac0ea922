"""Deciding what to finance: ``cpfkit appraise`` (economic analysis) and ``cpfkit plan`` (pipeline allocation)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import LocaleChoice
from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console, err
from cpfkit.cli.numbers import cli_number, money, parse_date
from cpfkit.cli.progress import working
from cpfkit.errors import DataError
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.plan.report import PlanReport

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
Output = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write a report: .html (standalone, with charts) or .xlsx (plan).")
]

Lang = Annotated[
    LocaleChoice, typer.Option("--lang", help="Language of the report written with -o: en, ru or kk (default: en).")
]


def _write(path: Path, text: str | bytes) -> None:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    err.print(f"wrote {path}", markup=False)


def _print_plan(report: PlanReport) -> None:
    console.print(f"[bold]{report.title}[/bold] — plan as of {report.as_of}")
    outcome, *others = report.messages
    console.print(f"{report.status}: {outcome.text}  [{outcome.code}]", markup=False, soft_wrap=True)
    for m in others:
        if m.severity != "info":
            console.print(f"{m.severity}: {m.text}  [{m.code}]", markup=False, soft_wrap=True)
    if report.conflicts:
        console.print("constraints in conflict (drop or relax any one of them):")
        for c in report.conflicts:
            console.print(f"  - {c.description}  [{c.constraint}]", markup=False)
        return
    gain = "" if report.nothing_to_choose else f" · gain {report.improvement_over_greedy}"  # no trade-off, no gain
    console.print(
        f"objective {report.objective} · greedy baseline {report.greedy_objective}"
        + ("" if report.greedy_feasible else " (breaks a constraint)")
        + f"{gain} · risk adjustment: {report.risk_adjustment}",
        markup=False,
        soft_wrap=True,
    )
    if not report.selected and not report.not_selected:
        for note in report.notes:
            console.print(f"note: {note}", markup=False, soft_wrap=True)
        return
    table = Table(title="Plan (US$ millions)")
    for col in ("FY", "operation", "inst.", "US$M", "planned", "SORT", "value"):
        table.add_column(col, justify="right" if col in ("US$M", "value") else "left", no_wrap=col == "operation")
    for p in report.selected:
        table.add_row(
            p.label,
            f"{p.project}{' *' if p.illustrative else ''}",
            p.institution,
            money(p.cost_usd),
            formatting.fiscal_year(p.planned_fy, "en") if p.planned_fy else "—",
            p.risk or "—",
            f"{p.value:.3f}",
        )
    console.print(table)
    years = Table(title="Envelope use (US$ millions)")
    for col in ("FY", "envelope", "approved", "planned", "headroom", "+US$100M (LP)", "+US$100M (re-solved)"):
        years.add_column(col, justify="left" if col == "FY" else "right")
    for y in report.fiscal_years:
        years.add_row(
            y.label,
            money(y.envelope_usd),
            money(y.existing_usd),
            money(y.planned_usd),
            money(y.headroom_usd),
            "—" if y.value_per_100m is None else f"{y.value_per_100m:.3f}",
            "—" if y.resolved_gain_per_100m is None else f"{y.resolved_gain_per_100m:.3f}",
        )
    console.print(years)
    for m in others:
        if m.severity == "info":
            console.print(f"note: {m.text}  [{m.code}]", markup=False, soft_wrap=True)
    if report.not_selected:
        console.print("not financed:")
        for s in report.not_selected:
            console.print(f"  - {s.project}: {s.reason}", markup=False)
    for note in report.notes:
        console.print(f"note: {note}", markup=False, soft_wrap=True)


def _millions(value: str | None) -> Decimal | None:
    if value is None:
        return None
    from cpfkit.model.money import AmountError, check_amount

    try:
        amount = check_amount(cli_number(value, "--envelope-per-fy") * 1_000_000)
    except DataError as exc:
        raise typer.BadParameter(exc.message) from None
    except AmountError as exc:
        raise typer.BadParameter(str(exc)) from None
    if amount < 0:
        raise typer.BadParameter("the envelope must not be negative")
    return amount


def register(app: typer.Typer) -> None:
    """Add ``appraise`` and ``plan`` to ``app``."""

    @app.command("appraise")
    @fail_on_error
    def appraise_(
        ctx: typer.Context,
        project: Annotated[str | None, typer.Argument(help="Operation id (omit with --programme to list all).")] = None,
        programme: Annotated[
            str | None, typer.Option("--programme", help="Programme whose appraisal inputs to use (or to list).")
        ] = None,
        as_json: JsonFlag = False,
        output: Output = None,
        lang: Lang = LocaleChoice.EN,
    ) -> None:
        """Economic analysis: NPV, EIRR, BCR, first-year return, switching values and sensitivities."""
        from cpfkit.cli.appraisal_view import print_appraisal, print_appraisals
        from cpfkit.reports.appraisal import appraisal_html
        from cpfkit.services import planning as services_plan

        store = state(ctx).store()
        if project is None:
            if programme is None:
                raise DataError("give an operation id, or --programme to appraise every operation with inputs")
            with working(f"appraising the operations of {programme}", enabled=not as_json):
                results = services_plan.appraisals(store, programme)
            if output is not None:
                with working(f"writing {output.name}", enabled=not as_json):
                    shown = results if lang.value == "en" else services_plan.appraisals(store, programme, lang.value)
                    html = appraisal_html(shown, programme=programme, lang=lang.value)
                _write(output, html)
            if as_json:
                print_json(services_plan.appraisal_summaries(store, programme))
                return
            print_appraisals(programme, results)
            return
        result = services_plan.appraisal(store, project, programme)
        if output is not None:
            one = result if lang.value == "en" else services_plan.appraisal(store, project, programme, lang.value)
            _write(output, appraisal_html([one], lang=lang.value))
        if as_json:
            print_json(result)
            return
        print_appraisal(result)

    @app.command("plan")
    @fail_on_error
    def plan_(
        ctx: typer.Context,
        programme: Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")],
        envelope_per_fy: Annotated[
            str | None,
            typer.Option("--envelope-per-fy", help="Yearly envelope in US$ millions, replacing the programme's."),
        ] = None,
        constraints: Annotated[
            Path | None, typer.Option("--constraints", help="Scenario file (YAML); schema in docs/planning.md.")
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Planning date, YYYY-MM-DD (default: today).")
        ] = None,
        marginals: Annotated[
            bool,
            typer.Option("--marginals/--no-marginals", help="Re-solve with US$100 million more in each year (slower)."),
        ] = True,
        as_json: JsonFlag = False,
        output: Output = None,
        lang: Lang = LocaleChoice.EN,
    ) -> None:
        """Choose and phase the pipeline within the envelope (MILP with HiGHS), against a greedy baseline.

        Exits with status 2 when no plan meets the constraints (the conflicting ones are listed).
        """
        if output is not None and output.suffix.lower() not in (".html", ".xlsx"):
            raise typer.BadParameter("the report must be a .html or .xlsx file", param_hint="-o")
        from cpfkit.reports.plan import plan_html
        from cpfkit.reports.plan_xlsx import plan_xlsx
        from cpfkit.services import planning as services_plan

        scenario = services_plan.load_constraints(constraints)
        envelope = _millions(envelope_per_fy)
        store = state(ctx).store()
        with working(f"planning {programme}", enabled=not as_json):
            report = services_plan.plan(
                store,
                programme,
                scenario,
                origin=str(constraints) if constraints else "constraints",
                as_of=parse_date(as_of),
                envelope_per_fy_usd=envelope,
                exact_marginals=marginals,
            )
        if output is not None:
            with working(f"writing {output.name}", enabled=not as_json):
                named = services_plan.plan_in(store, report, lang.value)  # the data's names in the report's language
                written = (
                    plan_xlsx(named, lang.value) if output.suffix.lower() == ".xlsx" else plan_html(named, lang.value)
                )
            _write(output, written)
        if as_json:
            print_json(report)
        else:
            _print_plan(report)
        if report.status in ("infeasible", "no solution"):
            raise typer.Exit(2)
