"""``cpfkit simulate`` and ``cpfkit scenarios``: Monte Carlo of delivery, disbursement and results, with stresses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import DEFAULT_RUNS, DEFAULT_SEED, MAX_RUNS, MAX_SEED, RANDOM_SEED, LocaleChoice
from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console, err
from cpfkit.cli.numbers import parse_date
from cpfkit.cli.progress import working
from cpfkit.cli.simulate_format import day
from cpfkit.cli.simulate_money import print_money
from cpfkit.cli.simulate_outcomes import print_outcomes
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    pass

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]
Lang = Annotated[
    LocaleChoice, typer.Option("--lang", help="Language of the report written with -o: en, ru or kk (default: en).")
]


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
        lang: Lang = LocaleChoice.EN,
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
        from cpfkit.services.simulation_language import simulation_in

        chosen = parse_seed(seed)
        if seed.strip().lower() == RANDOM_SEED:
            seed_note = f"drawn at random; --seed {chosen} repeats it"
        elif chosen == DEFAULT_SEED:
            seed_note = f"the default; --seed {RANDOM_SEED} for a fresh draw"
        else:
            seed_note = "given"
        store = state(ctx).store()
        with working(f"simulating {programme}: {formatting.number(runs, 'en', 0)} runs", enabled=not as_json):
            report = services.simulate(
                store, programme, runs=runs, seed=chosen, scenarios=scenario or (), as_of=parse_date(as_of)
            )
        if output is not None:
            with working(f"writing {output.name}", enabled=not as_json):
                html = render_html(simulation_in(store, report, lang.value), lang.value)
            output.write_text(html, encoding="utf-8")
            err.print(f"wrote {output}", markup=False, soft_wrap=True)
        if as_json:
            print_json(report)
            err.print(f"seed {report.seed} ({seed_note})", markup=False, soft_wrap=True)
            return
        print_money(report, seed_note)
        print_outcomes(report)

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
            table.add_row(r.name, r.title, day(r.starts), "; ".join(r.shocks))
        console.print(table)
