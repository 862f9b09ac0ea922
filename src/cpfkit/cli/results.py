"""``cpfkit results …``: the results framework — measurements in, progress and ratings out.

Measurements come one at a time (``record``) or in a spreadsheet (``template``
then ``load``, all or nothing); ratings of record (``rate``) and the written
sections of the reviews (``note``) are what people add to the computed figures.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.common import console, err, fail_on_error, number_language, parse_date, print_json, state
from cpfkit.cli.progress import working

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.metrics.framework import RatingOfRecord
    from cpfkit.metrics.progress import IndicatorProgress

__all__ = ["app"]

app = typer.Typer(
    help="The results framework: record measurements, load a results sheet, see progress, set ratings and review text.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
NumberLanguage = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of numbers written as text: en (75.5), ru or kk (75,5); "
        "default: the locale (LC_ALL, LC_NUMERIC, LANG), else en.",
    ),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")]
ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2020-2025.")]

_STATUS_STYLE = {
    "achieved": "green",
    "on track": "blue",
    "off track": "dark_orange",
    "not started": "dim",
    "no data": "dim",
}


def _progress_cell(i: IndicatorProgress) -> str:
    from cpfkit.reports.render import percent

    if i.progress is None:
        return "—"
    text = percent(i.progress)
    if i.progress is not None and i.progress_bound is not None:
        text = ("≥ " if i.progress_bound.value == "at_least" else "≤ ") + text
    if i.expected is not None and i.expected < 1 and i.status.value != "achieved":
        text += f" / {percent(i.expected)}"
    return text


@app.command("show")
@fail_on_error
def show(ctx: typer.Context, programme: ProgrammeArg, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Show every indicator's latest actual, progress and status, by objective (the results matrix)."""
    from cpfkit.reports.render import bounded, figure
    from cpfkit.services import results as rs

    fw = rs.framework(state(ctx).store(), programme, parse_date(as_of))
    if as_json:
        print_json(fw)
        return
    table = Table(title=f"Results of {programme} as of {fw.as_of} (progress / expected)")
    for col in ("indicator", "name", "baseline", "target", "actual", "progress", "status", "operations"):
        table.add_column(col, justify="right" if col in ("baseline", "target", "actual", "progress") else "left")
    for area in fw.areas:
        table.add_row(f"[bold]{area.code}[/bold]", f"[bold]{area.title}[/bold]", "", "", "", "", "", "")
        for o in area.objectives:
            style = _STATUS_STYLE.get(o.status.value, "")
            table.add_row(o.code, o.title, "", "", "", "", f"[{style}]{o.status.value}[/{style}]", "")
            for i in o.indicators:
                mark = " *" if i.illustrative else ""
                style = _STATUS_STYLE.get(i.status.value, "")
                table.add_row(
                    "  " + i.code,
                    i.name + mark,
                    figure(i.baseline, i.unit),
                    figure(i.target, i.unit),
                    bounded(figure(i.actual, i.unit), i.qualifier),
                    _progress_cell(i),
                    f"[{style}]{i.status.value}[/{style}]",
                    ", ".join(i.projects) or ("(programme level)" if i.actual is not None else ""),
                )
    console.print(table)
    counts = ", ".join(f"{n} {s}" for s, n in fw.status_counts.items() if n)
    console.print(f"{counts}.  * rests at least partly on illustrative figures")


@app.command("record")
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


@app.command("template")
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


@app.command("load")
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


def _rating_text(r: RatingOfRecord) -> str:
    if r.overridden:
        return f"{r.rating} (override; suggested {r.suggested or '—'})"
    return f"{r.rating or '—'} (suggested)"


@app.command("ratings")
@fail_on_error
def ratings(ctx: typer.Context, programme: ProgrammeArg, as_of: AsOf = None, as_json: JsonFlag = False) -> None:
    """Show each objective's suggested rating and rating of record, and the development outcome."""
    from cpfkit.services import results as rs

    fw = rs.framework(state(ctx).store(), programme, parse_date(as_of))
    rows = [
        {
            "objective": o.code,
            "title": o.title,
            "met": o.met,
            "rated_on": len(o.rated_on),
            "suggested": o.rating.suggested,
            "rating": o.rating.rating,
            "overridden": o.rating.overridden,
            "justification": o.rating.justification,
            "rated_by": o.rating.rated_by,
            "decided_on": o.rating.decided_on,
        }
        for o in fw.objectives()
    ]
    if as_json:
        print_json(
            {
                "programme": programme,
                "as_of": fw.as_of,
                "objectives": rows,
                "development_outcome": fw.development_outcome,
                "wbg_performance": fw.wbg_performance,
            }
        )
        return
    table = Table(title=f"Objective ratings of {programme} as of {fw.as_of}")
    for col in ("objective", "title", "met", "rating", "justification"):
        table.add_column(col)
    for o in fw.objectives():
        table.add_row(
            o.code, o.title, f"{o.met}/{len(o.rated_on)}", _rating_text(o.rating), o.rating.justification or ""
        )
    console.print(table)
    console.print(f"development outcome: {_rating_text(fw.development_outcome)}")
    wp = fw.wbg_performance
    console.print(f"WBG performance: {wp.rating + ' (rated)' if wp.rating else 'not rated'}")


@app.command("rate")
@fail_on_error
def rate(
    ctx: typer.Context,
    programme: ProgrammeArg,
    subject: Annotated[str, typer.Argument(help="Objective code, development-outcome or wbg-performance.")],
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            help="Achieved, Mostly Achieved, Partially Achieved, Not Achieved, Not Verified; HS…HU for the "
            "development outcome; Superior, Good, Fair, Poor for WBG performance.",
        ),
    ] = None,
    justification: Annotated[
        str | None, typer.Option("--justification", help="Why (required, at least a sentence).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who sets the rating.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date of the decision, YYYY-MM-DD (default: today).")] = None,
    withdraw: Annotated[
        bool, typer.Option("--withdraw", help="Withdraw the rating of record: the suggestion applies again.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Set the rating of record of an objective (or the development outcome, WBG performance), with its reason."""
    from cpfkit.services import results as rs

    store = state(ctx).store()
    if withdraw:
        done = rs.withdraw_rating(store, programme, subject)
        if as_json:
            print_json({"programme": programme, "subject": subject, "withdrawn": done})
        else:
            console.print(
                f"{subject}: rating of record withdrawn" if done else f"{subject}: no rating of record to withdraw"
            )
        return
    if rating is None or justification is None:
        err.print("error: give --rating and --justification (or --withdraw)")
        raise typer.Exit(2)
    result = rs.rate(store, programme, subject, rating, justification, rated_by=by, decided_on=parse_date(on))
    if as_json:
        print_json(result)
        return
    o = result.override
    console.print(
        f"{o.key}: rating of record {o.rating} (suggested {result.suggested or '—'})"
        + ("; the earlier one is kept as superseded" if result.replaced_earlier else "")
    )


@app.command("note")
@fail_on_error
def note(
    ctx: typer.Context,
    programme: ProgrammeArg,
    section: Annotated[str, typer.Argument(help="summary, adjustments (PLR) or lessons.")],
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from a file ('-' for stdin).")] = None,
    text: Annotated[str | None, typer.Option("--text", help="The text itself.")] = None,
    review: Annotated[
        str | None, typer.Option("--review", help="plr or clr (default: plr for adjustments, clr otherwise).")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who wrote it.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Clear the section.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write a section of a review (plain text: blank lines part paragraphs, '- ' starts a bullet)."""
    from cpfkit.services import results as rs

    store = state(ctx).store()
    if clear:
        done = rs.clear_note(store, programme, section, review=review)
        if as_json:
            print_json({"programme": programme, "section": section, "cleared": done})
        else:
            console.print(f"{section}: cleared" if done else f"{section}: nothing to clear")
        return
    if (file is None) == (text is None):
        err.print("error: give the text with --file or --text (one of them)")
        raise typer.Exit(2)
    if file is not None:
        body = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    else:
        body = text or ""
    written = rs.set_note(store, programme, section, body, review=review, author=by)
    if as_json:
        print_json(written)
        return
    console.print(
        f"{written.review.value} {written.section.value} of {programme}: {len(written.text)} characters written"
    )


@app.command("notes")
@fail_on_error
def notes(ctx: typer.Context, programme: ProgrammeArg, as_json: JsonFlag = False) -> None:
    """Show the ratings of record and written sections people have entered for a programme's reviews."""
    from cpfkit.services import results as rs

    content = rs.review_content(state(ctx).store(), programme)
    if as_json:
        print_json(content)
        return
    if not content.ratings and not content.notes:
        console.print(f"{programme}: nothing entered yet (see `cpfkit results rate` and `cpfkit results note`)")
        return
    for r in content.ratings:
        console.print(
            f"[bold]{r.key}[/bold]: {r.rating} — {r.justification} ({r.rated_by or 'unsigned'}, {r.decided_on})"
        )
    for n in content.notes:
        console.print(f"[bold]{n.review.value} {n.section.value}[/bold] ({n.author or 'unsigned'}, {n.updated_on}):")
        console.print(n.text, markup=False)
