"""``cpfkit export iati``: a programme's operations as IATI 2.03 activity XML, validated before it is written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.cli.interchange_options import CountryOpt, JsonFlag, ReportingOpt, codes
from cpfkit.cli.interchange_tables import skips_table
from cpfkit.cli.progress import working

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.services.interchange.export_report import ExportReport

__all__ = ["export_iati_cmd"]


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
            countries=codes(country, upper=True),
            reporting_orgs=codes(reporting_org),
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
        skips_table(
            "Left out (not written, and why)",
            [(x.project, x.what, x.reason) for x in report.left_out],
            ("project", "what", "why"),
        )
