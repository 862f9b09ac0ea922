"""``cpfkit portfolio`` (the portfolio review) and ``cpfkit risk …`` (the risk register, :mod:`cpfkit.cli.risk`)."""

from __future__ import annotations

from typing import Annotated

import typer

from cpfkit.cli.choices import AttributionChoice, InstitutionChoice, InstrumentChoice
from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.numbers import parse_date
from cpfkit.cli.portfolio_tables import print_portfolio
from cpfkit.cli.risk import risk_app
from cpfkit.errors import DataError

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2026-2031.")]


def register(app: typer.Typer) -> None:
    """Add ``portfolio`` and the ``risk`` group to ``app``."""
    app.add_typer(risk_app, name="risk")

    @app.command("portfolio")
    @fail_on_error
    def portfolio_(
        ctx: typer.Context,
        programme: ProgrammeArg,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")
        ] = None,
        fy: Annotated[
            int | None,
            typer.Option("--fy", help="Fiscal year of the disbursement ratio, e.g. 2023 (default: the FY of --as-of)."),
        ] = None,
        problem_threshold: Annotated[
            int, typer.Option(help="DO/IP score at or below which a project is a problem project (3 = MU, 2 = U).")
        ] = 3,
        potential_flags: Annotated[int, typer.Option(help="Flags that make a potential problem project.")] = 3,
        new_approvals: Annotated[
            bool,
            typer.Option(
                "--include-new-approvals/--exclude-new-approvals",
                help="Count FY disbursements of operations approved during the FY in the disbursement ratio.",
            ),
        ] = True,
        pforr: Annotated[
            bool,
            typer.Option("--include-pforr/--exclude-pforr", help="Count program-for-results operations with IPF."),
        ] = True,
        institution: Annotated[
            list[InstitutionChoice] | None,
            typer.Option(
                "--institution",
                help="An institution whose operations the indicators cover (repeat; default: IBRD and IDA).",
            ),
        ] = None,
        instrument: Annotated[
            list[InstrumentChoice] | None,
            typer.Option(
                "--instrument",
                help="An instrument the indicators cover (repeat; default: IPF, PforR and DPF lending).",
            ),
        ] = None,
        proactive_extensions: Annotated[
            bool,
            typer.Option(
                "--proactive-extensions/--no-proactive-extensions",
                help="Count a closing-date extension as an action on a problem project (default: only restructurings).",
            ),
        ] = False,
        attribution: Annotated[
            AttributionChoice | None,
            typer.Option(
                "--attribution",
                help="Private direct mobilisation shared with other MDBs: pro-rata or full (default: the programme's).",
            ),
        ] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Portfolio review: envelope and exposure, indicators with every flag explained, mobilisation, SORT."""
        from cpfkit.metrics.portfolio import ReviewRules
        from cpfkit.services import portfolio as services_portfolio

        try:
            rules = ReviewRules(
                problem_threshold=problem_threshold,
                potential_problem_flags=potential_flags,
                include_new_approvals=new_approvals,
                include_pforr=pforr,
                portfolio_institutions=tuple(i.value for i in institution or ()) or ReviewRules.portfolio_institutions,
                portfolio_instruments=tuple(i.value for i in instrument or ()) or ReviewRules.portfolio_instruments,
                proactive_extensions=proactive_extensions,
                attribution=attribution.value if attribution else None,
                fiscal_year=fy,
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
        try:
            report = services_portfolio.portfolio(state(ctx).store(), programme, parse_date(as_of), rules)
        except ValueError as exc:
            raise DataError(str(exc), field="--fy") from None
        if as_json:
            print_json(report)
            return
        print_portfolio(report)
