"""How ``cpfkit import`` prints what it did: each IATI file's counts, and the first skips and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from cpfkit.cli.console import console
from cpfkit.language import formatting

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.services.interchange.iati_import import FileReport

__all__ = ["print_iati_file", "skips_table"]


def skips_table(title: str, rows: list[tuple[str, ...]], columns: tuple[str, ...]) -> None:
    """A table of skipped records or warnings: the first 50, and how many more."""
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
        console.print(f"… and {formatting.number(total - _FIRST, 'en', 0)} more: --json lists them")


def print_iati_file(report: FileReport) -> None:
    """What the import of one IATI file read, stored, skipped and warned about."""
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
