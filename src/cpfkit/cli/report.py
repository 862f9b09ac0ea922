"""``cpfkit report …``: the standard reviews, computed from the stored data at an as-of date.

Each report is printed as a summary for people, as JSON for scripts (``--json``),
or written to a file in any format (``--format html|pdf|xlsx|json -o FILE``), in English,
Russian or Kazakh (``--lang en|ru|kk``; English by default).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import REPORT_FORMATS, LocaleChoice
from cpfkit.cli.common import fail_on_error, state
from cpfkit.cli.console import console, err
from cpfkit.cli.numbers import money, parse_date
from cpfkit.cli.progress import working
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.reports.render import Report

__all__ = ["app"]

app = typer.Typer(
    help="Standard reports: the results matrix, the Performance and Learning Review (PLR) and the Completion and "
    "Learning Review (CLR), in HTML, PDF, XLSX or JSON.",
    no_args_is_help=True,
)

ProgrammeArg = Annotated[str, typer.Argument(help="Programme id, e.g. kz-2020-2025.")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Date of the figures, YYYY-MM-DD (default: today).")]
Format = Annotated[
    str | None,
    typer.Option("--format", "-f", help=f"One of {', '.join(REPORT_FORMATS)} (default: from the file name of -o)."),
]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="File to write the report to.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the report as JSON for scripts.")]
Lang = Annotated[
    LocaleChoice,
    typer.Option(
        "--lang",
        help="Language of the report file or HTML: en, ru or kk (default: en; the summary printed stays in English).",
    ),
]


def _emit(
    ctx: typer.Context,
    kind: str,
    programme: str,
    as_of: str | None,
    fmt: str | None,
    output: Path | None,
    as_json: bool,
    lang: LocaleChoice = LocaleChoice.EN,
) -> Report | None:
    """Write or print the report as asked, in a language; returns it when a summary for people is wanted."""
    from cpfkit.reports.render import format_for, render_html, render_json
    from cpfkit.services import reviews as rs

    store = state(ctx).store()
    on = parse_date(as_of)
    if output is not None:
        with working(f"writing the {kind} report of {programme} to {output.name}"):
            path, chosen = rs.write_report(store, kind, programme, output, fmt, on, lang.value)
        size = path.stat().st_size
        err.print(f"wrote {path} ({chosen}, {formatting.fixed(size / 1024, 'en', 0)} KB)", markup=False, soft_wrap=True)
        return None
    if as_json or fmt is not None:
        chosen = "json" if as_json else format_for(None, fmt)
        if chosen in ("pdf", "xlsx"):
            err.print(f"error: a {chosen} report is written to a file: add -o FILE", markup=False)
            raise typer.Exit(2)
        report = rs.build_report(store, kind, programme, on, lang.value)
        sys.stdout.write(render_json(report, lang.value) if chosen == "json" else render_html(report, lang=lang.value))
        return None
    return rs.build_report(store, kind, programme, on, lang.value)


@app.command("results-matrix")
@fail_on_error
def results_matrix(
    ctx: typer.Context,
    programme: ProgrammeArg,
    as_of: AsOf = None,
    fmt: Format = None,
    output: Output = None,
    as_json: JsonFlag = False,
    lang: Lang = LocaleChoice.EN,
) -> None:
    """Results matrix: priority area → objective → indicators with baseline, target, latest actual, progress, status."""
    from cpfkit.reports.results_matrix import ResultsMatrix

    report = _emit(ctx, "results-matrix", programme, as_of, fmt, output, as_json, lang)
    if not isinstance(report, ResultsMatrix):
        return
    fw = report.framework
    table = Table(title=f"Results matrix of {programme} as of {fw.as_of}")
    for col in ("objective", "indicators", "achieved", "on track", "off track", "not started", "no data", "status"):
        table.add_column(col, justify="left" if col in ("objective", "status") else "right")
    for o in fw.objectives():
        counts = [
            sum(1 for i in o.indicators if i.status.value == s)
            for s in ("achieved", "on track", "off track", "not started", "no data")
        ]
        table.add_row(f"{o.code} {o.title}", str(len(o.indicators)), *(str(n) for n in counts), o.status.value)
    console.print(table)
    console.print("details: `cpfkit results show " + programme + "`; files: --format html|pdf|xlsx|json -o FILE")


@app.command("plr")
@fail_on_error
def plr(
    ctx: typer.Context,
    programme: ProgrammeArg,
    as_of: AsOf = None,
    fmt: Format = None,
    output: Output = None,
    as_json: JsonFlag = False,
    lang: Lang = LocaleChoice.EN,
) -> None:
    """Performance and Learning Review: portfolio by priority area, objective progress, indicators off track."""
    from cpfkit.reports.performance_review import PerformanceReview

    report = _emit(ctx, "plr", programme, as_of, fmt, output, as_json, lang)
    if not isinstance(report, PerformanceReview):
        return
    tot = report.portfolio.total
    console.print(
        f"[bold]{report.report.programme_title}[/bold] — Performance and Learning Review as of {report.report.as_of}"
    )
    console.print(
        f"{tot.operations} operations in the portfolio, portfolio commitments US${money(tot.commitments_usd)}M, "
        f"disbursed US${money(tot.disbursed_usd)}M "
        f"disbursed; pipeline {tot.pipeline_operations} (US${money(tot.pipeline_usd)}M)"
    )
    table = Table(title="By priority area (US$ millions)")
    for col in ("area", "operations", "net committed", "disbursed", "share", "pipeline"):
        table.add_column(col, justify="left" if col == "area" else "right")
    for a in (*report.portfolio.areas, tot):
        share = formatting.percent(a.disbursed_share, "en")
        table.add_row(
            f"{a.code} {a.title}",
            str(a.operations),
            money(a.net_commitments_usd),
            money(a.disbursed_usd),
            share,
            money(a.pipeline_usd),
        )
    console.print(table)
    if report.off_track:
        console.print("indicators off track (progress / expected):")
        for f in report.off_track:
            i = f.indicator
            console.print(
                f"  {i.code} {i.name}: {formatting.percent(i.progress, 'en')} / {formatting.percent(i.expected, 'en')}"
                if i.progress is not None and i.expected is not None
                else f"  {i.code} {i.name}"
            )
    console.print(
        "proposed adjustments: "
        + (
            "written"
            if report.adjustments
            else f"not written yet (`cpfkit results note {programme} adjustments --file F`)"
        )
    )


@app.command("clr")
@fail_on_error
def clr(
    ctx: typer.Context,
    programme: ProgrammeArg,
    as_of: AsOf = None,
    fmt: Format = None,
    output: Output = None,
    as_json: JsonFlag = False,
    lang: Lang = LocaleChoice.EN,
) -> None:
    """Completion and Learning Review: operations, commitments, headline results, objective ratings, lessons."""
    from cpfkit.reports.completion_review import CompletionReview
    from cpfkit.reports.formatting import figure

    report = _emit(ctx, "clr", programme, as_of, fmt, output, as_json, lang)
    if not isinstance(report, CompletionReview):
        return
    console.print(f"[bold]{report.title}[/bold] — completion summary as of {report.as_of}")
    console.print(
        f"{report.own_operations} own operations, own commitments "
        f"US${formatting.fixed(report.own_commitments_usd / 1_000_000_000, 'en', 1)} billion "
        f"(US${money(report.own_commitments_usd)}M; net US${money(report.own_net_commitments_usd)}M; "
        f"disbursed US${money(report.own_disbursed_usd)}M)"
    )
    table = Table(title="Headline results")
    for col in ("result", "value", "unit", "target met", "published", "from operations"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for r in report.results:
        value = "no data" if r.value is None else figure(r.value, r.unit)
        table.add_row(
            r.indicator + (" *" if r.illustrative else ""),
            value,
            "" if r.unit in ("USD", "%") else r.unit,  # the value carries these units itself
            "yes" if r.met else "no",
            r.published or "",
            ", ".join(r.projects),
        )
    console.print(table)
    ratings = Table(title="Objective ratings")
    for col in ("objective", "rating", "suggested"):
        ratings.add_column(col)
    for o in report.framework.objectives():
        mark = " (override)" if o.rating.overridden else ""
        ratings.add_row(f"{o.code} {o.title}", (o.rating.rating or "—") + mark, o.rating.suggested or "—")
    console.print(ratings)
    do = report.framework.development_outcome
    console.print(f"development outcome: {do.rating or '—'}" + (" (override)" if do.overridden else " (suggested)"))
    console.print("lessons: " + ("written" if report.lessons else "not written yet"))
    console.print("* rests at least partly on illustrative figures (see the sources and the programme's README)")
    console.print("sources:")
    for s in report.sources:
        console.print(f"  - {s}", markup=False, soft_wrap=True)
