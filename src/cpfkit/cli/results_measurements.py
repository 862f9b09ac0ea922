"""``cpfkit results record|template|load``: measurements in, one at a time or a whole results sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console, err
from cpfkit.cli.numbers import number_language, parse_date
from cpfkit.cli.progress import working
from cpfkit.cli.results_options import AsOf, JsonFlag, NumberLanguage, ProgrammeArg

__all__ = ["load", "record", "template"]


@fail_on_error
def record(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Argument(help="Indicator code, e.g. I2.1.1.")],
    value: Annotated[str, typer.Option("--value", help="The measured value (a number).")],
    on: Annotated[str, typer.Option("--date", help="Date the value refers to, YYYY-MM-DD.")],
    project: Annotated[
        str | None,
        typer.Option("--project", help="Operation that reported it (leave out for a programme-level value)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where the value comes from (document, survey).")
    ] = None,
    programme: Annotated[
        str | None, typer.Option("--programme", help="Programme id (needed when several have this indicator code).")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Unit of the value, checked against the indicator's.")
    ] = None,
    weight: Annotated[str | None, typer.Option("--weight", help="Weight for a weighted-mean indicator.")] = None,
    illustrative: Annotated[
        bool, typer.Option("--illustrative", help="Mark the value illustrative (no source).")
    ] = False,
    verified: Annotated[
        bool, typer.Option("--verified", help="The value was checked against the operation's reporting.")
    ] = False,
    note: Annotated[str | None, typer.Option("--note", help="A note on the value.")] = None,
    lang: NumberLanguage = None,
    as_json: JsonFlag = False,
) -> None:
    """Record one measurement of an indicator (replacing one for the same operation and date)."""
    from cpfkit.services import results as rs

    result = rs.record_measurement(
        state(ctx).store(),
        {
            "programme": programme,
            "indicator": indicator,
            "project": project,
            "date": on,
            "value": value,
            "unit": unit,
            "weight": weight,
            "source": source,
            "illustrative": illustrative,
            "verified": verified,
            "note": note,
        },
        language=number_language(lang),
    )
    if as_json:
        print_json(result)
        return
    m = result.measurement
    verb = "replaced" if result.replaced else "recorded"
    console.print(
        f"{verb}: {result.programme} {m.indicator} {m.project or '(programme level)'} {m.date} = {m.value}",
        markup=False,
        soft_wrap=True,
    )


@fail_on_error
def template(
    ctx: typer.Context,
    programme: ProgrammeArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write: .xlsx (with reference sheets) or .csv.")
    ],
    as_of: AsOf = None,
) -> None:
    """Write the results template a ministry fills in: one row per indicator and operation."""
    from cpfkit.services import results as rs

    store = state(ctx).store()
    with working(f"writing the results template of {programme} to {output.name}"):
        rows = rs.write_results_template(store, programme, output, parse_date(as_of))
    console.print(
        f"wrote {output}: {rows} rows to fill; load it back with `cpfkit results load {output.name}`",
        markup=False,
        soft_wrap=True,
    )


@fail_on_error
def load(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A filled results template (.xlsx or .csv).")],
    as_json: JsonFlag = False,
    lang: NumberLanguage = None,
) -> None:
    """Load a results sheet: every row is checked first, and nothing is stored if any row is wrong."""
    from cpfkit.formats.results_workbook.read import SheetErrors
    from cpfkit.services import results as rs

    try:
        store = state(ctx).store()
        with working(f"loading {file.name}", enabled=not as_json):
            report = rs.load_measurements(store, file, language=number_language(lang))
    except SheetErrors as exc:
        for problem in exc.problems:
            err.print(f"error: {problem.one_line()}", markup=False, soft_wrap=True)
        err.print(f"{len(exc.problems)} bad row(s); nothing of {file} was stored.", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if as_json:
        print_json(report)
        return
    console.print(
        f"loaded {report.rows} measurements from {file} into {', '.join(report.programmes) or 'no programme'}: "
        f"{report.added} new, {report.replaced} replaced",
        markup=False,
        soft_wrap=True,
    )
