"""``cpfkit import …`` and ``cpfkit export …``: IATI activity files and World Bank project records."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from cpfkit.cli.common import console, err, fail_on_error, print_json, state
from cpfkit.cli.progress import on_terminal, working

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.services.interchange.export_report import ExportReport
    from cpfkit.services.interchange.iati_import import FileReport
    from cpfkit.services.interchange.wb_projects import WbImportReport

__all__ = ["register"]

import_app = typer.Typer(help="Import activities and projects from the field's formats.", no_args_is_help=True)
export_app = typer.Typer(help="Export programmes to the field's formats.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print a JSON summary for scripts (no progress bar).")]
ProgrammeOpt = Annotated[
    str | None, typer.Option("--programme", help="Link the imported projects to this programme (it must exist).")
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option("--country", help="Only activities for this recipient country (ISO code; repeatable)."),
]
ReportingOpt = Annotated[
    list[str] | None,
    typer.Option("--reporting-org", help="Only activities of this reporting organisation (IATI ref; repeatable)."),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Check and report everything; store nothing.")]


def register(app: typer.Typer) -> None:
    """Add the ``import`` and ``export`` command groups to ``app``."""
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[Path, int, int], None] | None]:
    """A progress bar on stderr (bytes and activities) for each file; nothing when disabled or not a terminal."""
    if not (enabled and on_terminal(err)):
        yield None
        return
    # no refresh thread: the importer forks worker processes, which must not inherit a running thread
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[activities]:,} activities"),
        TimeElapsedColumn(),
        console=err,
        auto_refresh=False,
        transient=False,
    )
    tasks: dict[Path, TaskID] = {}
    last = [0.0]

    def update(path: Path, done: int, count: int) -> None:
        if path not in tasks:
            size = path.stat().st_size
            tasks[path] = bar.add_task(path.name, total=size, activities=0)
        bar.update(tasks[path], completed=done, activities=count)
        now = time.monotonic()
        if now - last[0] > 0.1 or done >= (bar.tasks[tasks[path]].total or 0):
            last[0] = now
            bar.refresh()

    with bar:
        yield update


def _skips_table(title: str, rows: list[tuple[str, ...]], columns: tuple[str, ...]) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows[:50]:
        table.add_row(*row)
    console.print(table)
    if len(rows) > 50:
        console.print(f"… and {len(rows) - 50} more (use --json for all)")


_FIRST = 10
"""How many warnings and skipped activities the people's output shows (``--json`` lists them)."""


def _first(title: str, rows: list[tuple[str, ...]], total: int, columns: tuple[str, ...]) -> None:
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    for row in rows[:_FIRST]:
        table.add_row(*row)
    console.print(table)
    if total > _FIRST:
        console.print(f"… and {total - _FIRST:,} more: --json lists them")


def _print_file(report: FileReport) -> None:
    data = report.to_json()
    a = data["activities"]
    verb = "would store" if report.dry_run else "stored"
    console.print(
        f"[bold]{report.file}[/bold] (IATI {report.version}): {a['read']} activities read, {verb} {a['stored']} "
        f"({a['new']} new, {a['updated']} updated, {a['unchanged']} unchanged), "
        f"{a['filtered']} filtered out, {a['skipped']} skipped, {report.warnings_count} warnings",
        soft_wrap=True,
    )
    if data["transactions"]:
        table = Table(title="Transactions by IATI type")
        for col in ("type", "count", "sum by currency"):
            table.add_column(col, justify="right" if col == "count" else "left")
        for code, entry in data["transactions"].items():
            sums = ", ".join(f"{v} {c}" for c, v in entry["sum"].items())
            table.add_row(code, str(entry["count"]), sums)
        console.print(table)
    r = data["results"]
    console.print(f"results: {r['results']} results, {r['indicators']} indicators, {r['periods']} periods")
    if report.skips:
        _first(
            "Skipped activities (not stored)",
            [(s.activity or "?", str(s.line or ""), s.kind, s.field or "", s.message) for s in report.skips],
            report.skipped,
            ("activity", "line", "kind", "element", "reason"),
        )
    if report.warnings:
        _first(
            "Warnings (activities stored)",
            [(w.activity or "?", str(w.line or ""), w.field or "", w.message) for w in report.warnings],
            report.warnings_count,
            ("activity", "line", "element", "warning"),
        )


def _codes(values: list[str] | None, *, upper: bool = False) -> frozenset[str]:
    return frozenset((v.strip().upper() if upper else v.strip()) for v in values or () if v.strip())


@import_app.command("iati")
@fail_on_error
def import_iati_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="IATI 2.01–2.03 activity files (.xml or .xml.gz).")],
    programme: ProgrammeOpt = None,
    country: CountryOpt = None,
    reporting_org: ReportingOpt = None,
    dry_run: DryRun = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse the file at the first warning or at the first activity that lacks what cpfkit needs "
            "(for publishers checking their own files).",
        ),
    ] = False,
    validate: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Check every activity against the IATI 2.03 schema.")
    ] = False,
    source: Annotated[
        str | None, typer.Option("--source", help="Provenance noted on every record (default: the file name).")
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=0, help="Worker processes for large files (0: one per CPU).")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Import IATI activity files as projects, one activity at a time, upserted by IATI identifier.

    One transaction per file. A slip on an optional element is a warning; an activity cpfkit cannot store is
    skipped and listed; a file that cannot be read is refused whole.
    """
    from cpfkit.services.interchange.iati_import import ImportOptions, ReadLimits, import_iati
    from cpfkit.settings import Settings
    from cpfkit.workplace.roles import cli_principal, login_name

    settings = Settings()
    options = ImportOptions(
        programme=programme,
        countries=_codes(country, upper=True),
        reporting_orgs=_codes(reporting_org),
        dry_run=dry_run,
        strict=strict,
        limits=ReadLimits.from_megabytes(
            settings.iati_max_decompressed_mb, settings.iati_max_compression_ratio, settings.iati_max_activity_mb
        ),
        validate=validate,
        source=source,
        jobs=jobs,
        actor=cli_principal(login_name()).actor(),
    )
    store = state(ctx).store()
    with _progress(not as_json) as progress:
        report = import_iati(store, files, options, progress)
    if as_json:
        print_json(report.to_json())
        return
    for file_report in report.files:
        _print_file(file_report)


@import_app.command("wb-projects")
@fail_on_error
def import_wb_cmd(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="World Bank Projects API exports: JSON, or the projects CSV.")],
    country: CountryOpt = None,
    programme: ProgrammeOpt = None,
    dry_run: DryRun = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse a file at its first warning (nothing of it is stored), for publishers."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Import World Bank project records (Projects API JSON or CSV) as projects, per record, upserted by id.

    A record with a slip (an unknown lending instrument, dates out of order, a value that is not one) is
    stored with a warning; one without an id or any amount is skipped and listed; --strict makes warnings errors.
    """
    from cpfkit.services.interchange.wb_projects import import_wb_projects
    from cpfkit.workplace.roles import cli_principal, login_name

    store = state(ctx).store()
    with working(f"importing {', '.join(f.name for f in files)}", enabled=not as_json):
        report = import_wb_projects(
            store,
            files,
            countries=_codes(country, upper=True),
            programme=programme,
            dry_run=dry_run,
            strict=strict,
            actor=cli_principal(login_name()).actor(),
        )
    if as_json:
        print_json(report.to_json())
        return
    _print_wb(report)


def _print_wb(report: WbImportReport) -> None:
    data = report.to_json()
    p = data["projects"]
    verb = "would store" if report.dry_run else "stored"
    console.print(
        f"{p['read']} project records read, {verb} {p['stored']} ({p['new']} new, {p['updated']} updated, "
        f"{p['unchanged']} unchanged; {p['warned']} with warnings), {p['filtered']} filtered out, "
        f"{p['skipped']} skipped",
        soft_wrap=True,
    )
    table = Table(title="Commitments (US$)")
    for col in ("IBRD", "IDA", "grant", "project cost"):
        table.add_column(col, justify="right")
    c = data["commitments_usd"]
    table.add_row(
        *(f"{Decimal(c[k]):,.0f}" for k in ("IBRD", "IDA", "grant")), f"{Decimal(data['project_cost_usd']):,.0f}"
    )
    console.print(table)
    missing = {k: v for k, v in data["missing"].items() if v}
    if missing:
        console.print("records without the amount (not counted): " + ", ".join(f"{k} {v}" for k, v in missing.items()))
    if report.skips:
        _skips_table(
            "Skipped records",
            [(s.project or "?", s.where, s.kind, s.field or "", s.reason) for s in report.skips],
            ("project", "where", "kind", "field", "reason"),
        )
    if report.warnings:
        _skips_table(
            "Warnings (records stored)",
            [(w.record or "?", w.at.label, w.field or "", w.message) for w in report.warnings],
            ("project", "where", "field", "warning"),
        )


@export_app.command("iati")
@fail_on_error
def export_iati_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The IATI XML file to write.")],
    programme: Annotated[
        str | None,
        typer.Argument(help="Programme whose operations to write; omit to write every activity imported from IATI."),
    ] = None,
    validate: Annotated[
        bool,
        typer.Option("--validate/--no-validate", help="Check every activity against the IATI 2.03 schema first."),
    ] = True,
    include_illustrative: Annotated[
        bool,
        typer.Option(
            "--include-illustrative/--exclude-illustrative",
            help="Write figures marked illustrative (no public source) with cpfkit's mark, or leave them out.",
        ),
    ] = True,
    country: CountryOpt = None,
    reporting_org: ReportingOpt = None,
    as_json: JsonFlag = False,
) -> None:
    """Write IATI 2.03 activity XML, validated against the official schema (nothing is written if it fails).

    Every operation of a programme is written; what IATI asks for and an operation lacks comes from the
    programme's IATI defaults, and illustrative figures carry cpfkit:illustrative="true".
    """
    from cpfkit.services.interchange.iati_export import export_iati

    store = state(ctx).store()
    with working(f"writing {output.name}", enabled=not as_json):
        report = export_iati(
            store,
            programme,
            output,
            validate=validate,
            include_illustrative=include_illustrative,
            countries=_codes(country, upper=True),
            reporting_orgs=_codes(reporting_org),
        )
    if as_json:
        print_json(report.to_json())
        return
    _print_export(report)


def _print_export(report: ExportReport) -> None:
    data: dict[str, Any] = report.to_json()
    check = "valid against the IATI 2.03 schema" if report.validated else "not validated"
    r = data["results"]
    console.print(
        f"wrote {report.file}: {report.activities} activities, "
        f"{sum(v['count'] for v in data['transactions'].values())} transactions, "
        f"{r['indicators']} indicators with {r['periods']} periods ({check})",
        soft_wrap=True,
    )
    if report.left_out:
        _skips_table(
            "Left out (not written, and why)",
            [(x.project, x.what, x.reason) for x in report.left_out],
            ("project", "what", "why"),
        )
