"""CLI tables keep identifiers and amounts whole at any width, and unknown programme ids get the nearest."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.cli.common import PIPED_WIDTH, fit_columns
from cpfkit.store import Store

runner = CliRunner()


def test_programmes_at_80_columns_keep_ids_and_amounts_whole(embedded_store: Store) -> None:
    result = runner.invoke(app, ["--db", embedded_store.url, "programmes"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "…" not in out
    for whole in ("kz-2020-2025", "kz-2026-2031", "FY20–FY25", "4,200.0", "1,655.0", "6,000.0"):
        assert whole in out, whole


def test_operations_at_80_columns_keep_every_id_and_amount_whole(embedded_store: Store) -> None:
    rows = json.loads(runner.invoke(app, ["--db", embedded_store.url, "projects", "kz-2026-2031", "--json"]).stdout)
    result = runner.invoke(app, ["--db", embedded_store.url, "projects", "kz-2026-2031"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    lines = result.stdout.splitlines()
    for row in rows:
        assert any(row["id"] in line for line in lines), row["id"]
    committed = [f"{float(r['commitment_usd']) / 1e6:,.1f}" for r in rows if r["commitment_usd"] is not None]
    assert committed and all(amount in result.stdout for amount in committed)


def test_piped_output_without_columns_is_wide(embedded_store: Store) -> None:
    result = runner.invoke(app, ["--db", embedded_store.url, "programmes"], env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.stdout.splitlines() if "kz-2020-2025" in line]
    assert "Country Partnership Framework for Kazakhstan, FY20–FY25" in row  # the title on the id's line
    assert max(len(line) for line in result.stdout.splitlines() if line[:1] in "┏┃┡│└") <= PIPED_WIDTH


def test_text_columns_wrap_instead_of_being_cut() -> None:
    table = Table()
    table.add_column("id")
    table.add_column("name")
    table.add_row("kz-2020-2025-operation-7", "Transport Resilience and Connectivity Enhancement in Kazakhstan")
    out = io.StringIO()
    Console(file=out, width=60).print(fit_columns(table, 60), crop=False)
    text = out.getvalue()
    assert "…" not in text and "kz-2020-2025-operation-7" in text
    assert max(len(line) for line in text.splitlines()) <= 60
    words = " ".join(line.split("│")[2].strip() for line in text.splitlines() if line.count("│") == 3)
    assert words.split() == "Transport Resilience and Connectivity Enhancement in Kazakhstan".split()


def test_unknown_programme_lists_the_ids_and_suggests_the_nearest(embedded_store: Store) -> None:
    result = runner.invoke(app, ["--db", embedded_store.url, "projects", "kz-2026-2013"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "error: no programme with id 'kz-2026-2013'; programmes in the database: kz-2020-2025, kz-2026-2031; "
        "did you mean kz-2026-2031?"
    )
    far = runner.invoke(app, ["--db", embedded_store.url, "envelope", "zz"])
    assert far.exit_code == 1 and "kz-2020-2025, kz-2026-2031" in far.stderr and "did you mean" not in far.stderr
