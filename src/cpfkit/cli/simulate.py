"""``cpfkit simulate`` and ``cpfkit scenarios``: Monte Carlo of delivery, disbursement and results, with stresses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import DEFAULT_RUNS, DEFAULT_SEED, MAX_RUNS, MAX_SEED, RANDOM_SEED
from cpfkit.cli.common import console, err, fail_on_error, money, parse_date, print_json, state
from cpfkit.cli.progress import working

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.reports.simulation import SimulationReport

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _delta_pct(value: float | None) -> str:
    if value is None:
        return "—"
    points = round(value * 100)
    return "±0" if points == 0 else f"{points:+d}"


def _delta_money(value: Decimal) -> str:
    millions = value / Decimal(1_000_000)
    return "±0" if abs(millions) < Decimal("0.05") else f"{millions:+,.1f}"


def _num(value: float | None) -> str:
    """An indicator's value for people: 2.30 M, 1,123, 13.5."""
    if value is None:
        return "—"
    size = abs(value)
    if size >= 1e9:
        return f"{value / 1e9:,.2f} bn"
    if size >= 1e6:
        return f"{value / 1e6:,.2f} M"
    if size >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _short(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _print(report: SimulationReport, seed_note: str) -> None:
    a = report.assumptions
    names = [s.name for s in report.scenarios]
    console.print(
        f"[bold]Risk simulation of {report.programme}[/bold] as of {report.as_of} — "
        f"{report.runs:,} runs, seed {report.seed} ({seed_note})"
    )
    rule = (
        "delivers less"
        if a.additional_financing_share == 0
        else f"{a.additional_financing_share:.0%} met by more money"
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
            f"{money(s.disbursements_by_fy[k].p50)} ({_delta_money(s.vs_baseline.disbursements_by_fy[k].p50)})"
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
        *[f"{money(s.totals.p50_in_period)} ({_delta_money(s.vs_baseline.p50_in_period)})" for s in report.scenarios],
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
            _pct(e.use_p50),
            _pct(e.p_over_envelope),
            *[money(s.commitments_by_fy[k].p50) for s in report.scenarios],
        )
    console.print(table)

    table = Table(title="Indicators: probability of meeting the target by its date")
    for col in ("indicator", "name", "target", "by", "P50 value", "P(met)", *names):
        table.add_column(col, justify="right" if col in ("target", "P50 value", "P(met)", *names) else "left")
    for i, ind in enumerate(report.indicators):
        table.add_row(
            ind.indicator + (" *" if ind.illustrative else ""),
            _short(ind.name),
            _num(ind.target),
            _day(ind.target_date),
            _num(ind.p50),
            _pct(ind.p_target_met),
            *[
                f"{_pct(s.indicators[i].p_target_met)} ({_delta_pct(s.vs_baseline.indicators[i].p_target_met)})"
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
            _short(obj.title),
            obj.planned_rating,
            _pct(obj.p_achieved_or_mostly),
            *[
                f"{_pct(s.objectives[o].p_achieved_or_mostly)} "
                f"({_delta_pct(s.vs_baseline.objectives[o].p_achieved_or_mostly)})"
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
            changes.append(f"{_day(s.projects[j].p50_completion)} ({'—' if days is None else f'{days:+d} d'})")
        table.add_row(
            p.project + (" *" if p.illustrative else ""),
            p.reference_class,
            _day(p.planned_completion),
            _day(p.p10_completion),
            _day(p.p50_completion),
            _day(p.p90_completion),
            _pct(p.p_complete_in_period),
            _pct(p.p_dropped) if p.status == "pipeline" else "",
            *changes,
        )
    console.print(table)

    tornado = report.tornado
    unit = "US$ millions" if tornado.unit == "USD" else tornado.unit
    table = Table(
        title=f"Largest shortfall: {tornado.output} — {tornado.shortfall:.0%} of the planned "
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


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""

    @app.command("simulate")
    @fail_on_error
    def simulate_(
        ctx: typer.Context,
        programme: ProgrammeArg,
        runs: Annotated[
            int, typer.Option("--runs", min=1, max=MAX_RUNS, help="Number of Monte Carlo runs.")
        ] = DEFAULT_RUNS,
        seed: Annotated[
            str,
            typer.Option(
                "--seed",
                help=f"Seed of the draws, 0 to {MAX_SEED}: the same seed gives the same figures (the risk page "
                f"and the API use the same default); '{RANDOM_SEED}' for a fresh draw, printed.",
            ),
        ] = str(DEFAULT_SEED),
        scenario: Annotated[
            list[str] | None,
            typer.Option(
                "--scenario",
                help="A scenario YAML file, or the name of one shipped with the programme (e.g. supply-chain); "
                "repeat for several; 'all' runs every shipped scenario.",
            ),
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Date the simulation starts from, YYYY-MM-DD (default: today).")
        ] = None,
        as_json: JsonFlag = False,
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="Also write a standalone HTML report (charts included).")
        ] = None,
    ) -> None:
        """Monte Carlo of delivery, disbursement and results to the end of the programme, with stress scenarios.

        Every active and pipeline operation is delayed, overruns and disburses by its reference class; an
        indicator moves only with the operations linked to it in contributions.csv.  Without --seed the fixed
        default seed is used, so the figures repeat; scenarios run with the same seed and are shown side by
        side with the baseline.
        """
        from cpfkit.reports.simulation_html import render_html
        from cpfkit.services import programmes as services
        from cpfkit.services.simulation import parse_seed

        chosen = parse_seed(seed)
        if seed.strip().lower() == RANDOM_SEED:
            seed_note = f"drawn at random; --seed {chosen} repeats it"
        elif chosen == DEFAULT_SEED:
            seed_note = f"the default; --seed {RANDOM_SEED} for a fresh draw"
        else:
            seed_note = "given"
        store = state(ctx).store()
        with working(f"simulating {programme}: {runs:,} runs", enabled=not as_json):
            report = services.simulate(
                store, programme, runs=runs, seed=chosen, scenarios=scenario or (), as_of=parse_date(as_of)
            )
        if output is not None:
            with working(f"writing {output.name}", enabled=not as_json):
                html = render_html(report)
            output.write_text(html, encoding="utf-8")
            err.print(f"wrote {output}", markup=False, soft_wrap=True)
        if as_json:
            print_json(report)
            err.print(f"seed {report.seed} ({seed_note})", markup=False, soft_wrap=True)
            return
        _print(report, seed_note)

    @app.command("scenarios")
    @fail_on_error
    def scenarios_(programme: ProgrammeArg, as_json: JsonFlag = False) -> None:
        """List the stress scenarios shipped with a programme (use them with `cpfkit simulate --scenario NAME`)."""
        from cpfkit.services import programmes as services

        rows = services.scenarios(programme)
        if as_json:
            print_json(rows)
            return
        if not rows:
            console.print(f"{programme} ships no scenarios; write one (docs/simulation.md) and pass its file.")
            return
        table = Table(title=f"Stress scenarios shipped with {programme}")
        for col in ("name", "title", "starts", "shocks"):
            table.add_column(col)
        for r in rows:
            table.add_row(r.name, r.title, _day(r.starts), "; ".join(r.shocks))
        console.print(table)
