"""Appraisal views for people: BCR with 2 decimals, EIRR a percentage with 1, money columns naming one unit."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.store import Store

runner = CliRunner()
KZ = "kz-2026-2031"
EIRR = re.compile(r"^(-?\d+\.\d%|none|several|—)$")
BCR = re.compile(r"^(\d+\.\d\d|—)$")
STATUS = {"none", "several", "—"}


def _columns(header: list[str], rows: list[list[str]], name: str) -> list[str]:
    i = header.index(name)
    return [r[i] for r in rows]


def _cli_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """The rich tables of a CLI output as (header, rows), cells stripped (a header wrapped on lines joined)."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    rows: list[list[str]] = []
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("┏"):
            rows, header = [], []
        elif line.startswith("┃"):
            cells = [c.strip() for c in line.strip("┃").split("┃")]
            header = [" ".join(p for p in pair if p) for pair in zip(header or [""] * len(cells), cells, strict=True)]
        elif line.startswith("│"):
            rows.append([c.strip() for c in line.strip("│").split("│")])
        elif line.startswith("└"):
            tables.append((header, rows))
    return tables


def test_the_cli_tables_format_ratios_and_name_the_unit(embedded_store: Store) -> None:
    listed = runner.invoke(
        app, ["--db", embedded_store.url, "appraise", "--programme", KZ], terminal_width=240, env={"COLUMNS": "240"}
    )
    assert listed.exit_code == 0, listed.output
    tables = _cli_tables(listed.stdout)
    assert len(tables) == 2
    (header, rows), (carbon_header, carbon_rows) = tables
    assert header[:4] == ["operation", "NPV (US$M)", "EIRR", "BCR"] and len(rows) == 4
    assert carbon_header[1:3] == ["NPV with (US$M)", "NPV without (US$M)"]
    eirrs = _columns(header, rows, "EIRR") + _columns(carbon_header, carbon_rows, "EIRR without")
    bcrs = _columns(header, rows, "BCR") + _columns(carbon_header, carbon_rows, "BCR without")
    assert all(EIRR.match(e) for e in eirrs), eirrs
    assert all(BCR.match(b) for b in bcrs), bcrs
    assert set(eirrs) - STATUS and set(bcrs) - STATUS  # real figures are among them, not only dashes

    one = runner.invoke(
        app, ["--db", embedded_store.url, "appraise", "KZ-ILL-KAMBARATA-01"], terminal_width=240, env={"COLUMNS": "240"}
    )
    (header, rows), *_ = _cli_tables(one.stdout)
    assert header == ["test", "NPV (US$M)", "EIRR", "BCR"] and len(rows) == 6
    assert all(EIRR.match(r[2]) and BCR.match(r[3]) for r in rows), rows


def test_the_html_report_formats_ratios_and_names_the_unit(embedded_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    result = runner.invoke(app, ["--db", embedded_store.url, "appraise", "--programme", KZ, "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    tables = [t for t in doc.iter("table") if "BCR" in [th.text_content().strip() for th in t.iter("th")]]
    assert len(tables) == 5  # the summary and one sensitivity table per operation
    checked = 0
    for table in tables:
        header = [th.text_content().strip() for th in table.iter("th")]
        assert not any(h.startswith("NPV") and "(US$M)" not in h for h in header), header
        rows = [[td.text_content().strip() for td in tr.iter("td")] for tr in table.iter("tr")]
        rows = [r for r in rows if r]
        for name in header:
            if name.startswith("EIRR"):
                assert all(EIRR.match(v) for v in _columns(header, rows, name)), (name, rows)
                checked += len(rows)
            if name.startswith("BCR"):
                assert all(BCR.match(v) for v in _columns(header, rows, name)), (name, rows)
                checked += len(rows)
    assert checked >= 4 * 2 * 2 + 4 * 6 * 2
    for dd in doc.xpath("//dl[@class='kpis']/div[dt[starts-with(text(), 'EIRR')]]/dd"):
        assert EIRR.match(dd.text_content().strip()), dd.text_content()
    for dd in doc.xpath("//dl[@class='kpis']/div[dt[contains(text(), 'BCR') or contains(text(), 'ratio')]]/dd"):
        assert BCR.match(dd.text_content().strip()), dd.text_content()
