"""The options the ``cpfkit import`` and ``cpfkit export`` commands share, and how their lists of codes are read."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["CountryOpt", "DryRun", "JsonFlag", "ProgrammeOpt", "ReportingOpt", "codes"]

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


def codes(values: list[str] | None, *, upper: bool = False) -> frozenset[str]:
    """The codes given, trimmed, empty ones left out (upper-cased for country codes)."""
    return frozenset((v.strip().upper() if upper else v.strip()) for v in values or () if v.strip())
