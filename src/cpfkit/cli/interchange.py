"""``cpfkit import …`` and ``cpfkit export …``: IATI activity files and World Bank project records.

The IATI import, with its progress bar, is here; the World Bank import is
:mod:`cpfkit.cli.import_wb` and the IATI export :mod:`cpfkit.cli.export_iati`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

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

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import err
from cpfkit.cli.export_iati import export_iati_cmd
from cpfkit.cli.import_wb import import_wb_cmd
from cpfkit.cli.interchange_options import CountryOpt, DryRun, JsonFlag, ProgrammeOpt, ReportingOpt, codes
from cpfkit.cli.interchange_tables import print_iati_file
from cpfkit.cli.progress import on_terminal

__all__ = ["register"]

import_app = typer.Typer(help="Import activities and projects from the field's formats.", no_args_is_help=True)


export_app = typer.Typer(help="Export programmes to the field's formats.", no_args_is_help=True)


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
        countries=codes(country, upper=True),
        reporting_orgs=codes(reporting_org),
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
        print_iati_file(file_report)


import_app.command("wb-projects")(import_wb_cmd)
export_app.command("iati")(export_iati_cmd)
