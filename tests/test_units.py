"""Units: money in one unit per column and as people quote it, shares as percentages in the workbooks."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO
from pathlib import Path

import lxml.html
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.store import Store
from tests.web.dom import css

runner = CliRunner()
SALES = "Sales of supported start-ups"  # I3.2.2 of kz-2020-2025: US$41 million, stored as 41000000 USD
SALES_RU = "Объём продаж поддержанных стартапов"  # its Russian name (translations/ru.yaml)


def _cli(store: Store, *args: str) -> str:
    result = runner.invoke(app, ["--db", store.url, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_clr_quotes_money_as_us_dollars_in_millions(
    embedded_store: Store, frozen_clock: datetime, tmp_path: Path
) -> None:
    """The CLR's table and its HTML say "US$41 million", never "41,000,000 USD" nor "US$41.0 million"."""
    table = _cli(embedded_store, "report", "clr", "kz-2020-2025")
    assert "41,000,000" not in table
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in table.splitlines() if line.startswith("│")]
    start = next(i for i, r in enumerate(rows) if SALES.startswith(r[0]) and r[0])  # the row may wrap
    first_cell = " ".join(r[0] for r in rows[start : start + 3] if r[0])
    value = " ".join(r[1] for r in rows[start : start + 3] if r[1])
    unit = " ".join(r[2] for r in rows[start : start + 3] if r[2])
    assert first_cell.startswith(SALES) and value == "US$41 million" and unit == "", (first_cell, value, unit)
    out = tmp_path / "clr.html"
    _cli(embedded_store, "report", "clr", "kz-2020-2025", "-o", str(out))
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", out.read_text(encoding="utf-8"), flags=re.S))
    assert "US$41 million" in text and "US$16 million" in text
    assert "US$41.0 million" not in text and "41,000,000" not in text


def test_the_overview_writes_a_dollar_result_in_millions(api: TestClient) -> None:
    """Headline results in US dollars: "US$41 million" (Russian "41 млн долл. США"), not full dollars and "USD"."""
    names = {"en": SALES, "ru": SALES_RU}  # the indicator is named in the page's language
    for lang, expected in (("en", "US$41 million"), ("ru", "41\u00a0млн долл. США")):
        page = lxml.html.fromstring(api.get("/programmes/kz-2020-2025", params={"lang": lang}).text)
        row = next(r for r in css(page, "table.results tr") if names[lang] in r.text_content())
        value = css(row, "td.num")[0].text_content().strip()
        assert value == expected.replace("\u00a0", " ") or value == expected, (lang, value)


def test_the_plr_states_the_unit_of_every_money_column(
    embedded_store: Store, frozen_clock: datetime, tmp_path: Path
) -> None:
    """The portfolio and envelope tables of the PLR say US$M in each money column's header."""
    html = _write(embedded_store, tmp_path / "plr.html").read_text(encoding="utf-8")
    page = lxml.html.fromstring(html)
    money = ("Committed", "Net", "Disbursed", "of which in the period", "Undisbursed", "Envelope", "Headroom")
    headers = [th.text_content().strip() for th in css(page, "table thead th")]
    money_headers = [h for h in headers if h.startswith(money) or h.startswith("Approved in the FY")]
    assert len(money_headers) >= 10, headers
    assert all(h.endswith("US$M") for h in money_headers), money_headers


def _write(store: Store, path: Path) -> Path:
    _cli(store, "report", "plr", "kz-2026-2031", "-o", str(path))
    return path


def test_workbook_shares_are_fractions_shown_as_percentages(
    embedded_store: Store, frozen_clock: datetime, tmp_path: Path
) -> None:
    """A share cell holds the fraction (0.41) with a percentage format of one decimal, not a string."""
    book = load_workbook(BytesIO(_write(embedded_store, tmp_path / "plr.xlsx").read_bytes()))
    shares = [
        cell
        for ws in book.worksheets
        for column in ws.iter_cols(min_row=1)
        if "share" in str(column[0].value)
        for cell in column[1:]
        if cell.value is not None
    ]
    assert shares, "the PLR workbook has share columns"
    for cell in shares:
        assert isinstance(cell.value, (int, float)) and 0 <= cell.value <= 1, cell.value
        assert cell.number_format == "0.0%", (cell.coordinate, cell.number_format)
