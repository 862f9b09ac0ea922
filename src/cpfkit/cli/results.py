"""``cpfkit results …``: the results framework — measurements in, progress and ratings out.

Measurements come one at a time (``record``) or in a spreadsheet (``template``
then ``load``, all or nothing); ratings of record (``rate``) and the written
sections of the reviews (``note``) are what people add to the computed figures.
Each group of commands is its own module; they are registered here, in the
order ``cpfkit results --help`` lists them.
"""

from __future__ import annotations

import typer

from cpfkit.cli.results_measurements import load, record, template
from cpfkit.cli.results_notes import note, notes
from cpfkit.cli.results_progress import show
from cpfkit.cli.results_ratings import rate, ratings

__all__ = ["app"]

app = typer.Typer(
    help="The results framework: record measurements, load a results sheet, see progress, set ratings and review text.",
    no_args_is_help=True,
)
app.command("show")(show)
app.command("record")(record)
app.command("template")(template)
app.command("load")(load)
app.command("ratings")(ratings)
app.command("rate")(rate)
app.command("note")(note)
app.command("notes")(notes)
