"""The ``cpfkit`` command line: one command group per area, ``--json`` on every read command.

Global options come before the command: ``cpfkit --db URL programmes``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cpfkit import __version__
from cpfkit.cli.accounts import register as register_accounts
from cpfkit.cli.backup import register as register_backup
from cpfkit.cli.common import CliState
from cpfkit.cli.data import register as register_data
from cpfkit.cli.history import register as register_history
from cpfkit.cli.interchange import register as register_interchange
from cpfkit.cli.periods import register as register_periods
from cpfkit.cli.planning import register as register_planning
from cpfkit.cli.portfolio import register as register_portfolio
from cpfkit.cli.programmes import register as register_programmes
from cpfkit.cli.report import app as report_app
from cpfkit.cli.results import app as results_app
from cpfkit.cli.simulate import register as register_simulate

__all__ = ["app", "main"]

app = typer.Typer(
    name="cpfkit",
    help="Run a Country Partnership Framework: envelope, portfolio, results, risk and reviews.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cpfkit {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="CPFKIT_DB", help="SQLAlchemy URL of the database (default: the local SQLite file)."
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Run a Country Partnership Framework: envelope, portfolio, results, risk and reviews."""
    ctx.obj = CliState(db_url=db)
    ctx.call_on_close(ctx.obj.close)


register_data(app)
register_programmes(app)
register_portfolio(app)
register_interchange(app)
register_planning(app)
app.add_typer(report_app, name="report")
app.add_typer(results_app, name="results")
register_simulate(app)
register_accounts(app)
register_history(app)
register_periods(app)
register_backup(app)


def main() -> None:
    """Entry point of the ``cpfkit`` script."""
    app()
