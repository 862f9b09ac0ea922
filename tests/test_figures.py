"""One meaning per label: each headline figure has one label, one definition and the same value on every screen.

The glossary (``cpfkit.model.figures``) names each way of counting a programme's operations and money; the
command line (``--json`` and the tables), the pages and the reports must show each under its label only, with its
definition one hover or one footnote away, and the same value for the same programme and date.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.model.figures import GLOSSARY, term
from cpfkit.store import Store
from tests.web.dom import css

runner = CliRunner()
PROGRAMME = "kz-2026-2031"


def _cli(store: Store, *args: str) -> str:
    result = runner.invoke(app, ["--db", store.url, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _json(store: Store, *args: str) -> Any:
    return json.loads(_cli(store, *args, "--json"))


def _screens(store: Store) -> dict[str, Any]:
    """The ``--json`` documents the glossary's keys point into, for one programme on the frozen day."""
    row = next(r for r in _json(store, "programmes") if r["id"] == PROGRAMME)
    return {
        "programme": row,
        "envelope": _json(store, "envelope", PROGRAMME),
        "portfolio": {
            "indicators": _json(store, "portfolio", PROGRAMME)["indicators"],
            "total": _json(store, "report", "plr", PROGRAMME)["portfolio"]["total"],
        },
        "clr": _json(store, "report", "clr", PROGRAMME),
    }


def _at(document: dict[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        assert isinstance(value, dict) and part in value, f"{path}: no {part!r} in the --json output"
        value = value[part]
    return value


def test_the_glossary_gives_each_concept_one_label_and_its_own_json_keys() -> None:
    labels = [t.label.lower() for t in GLOSSARY.values()]
    keys = [k for t in GLOSSARY.values() for k in t.keys]
    assert len(set(labels)) == len(labels), "a label names one concept only"
    assert len(set(keys)) == len(keys), "a JSON key carries one concept only"
    assert all(t.definition.endswith(".") and len(t.definition) > 40 for t in GLOSSARY.values())


def test_every_json_key_of_the_glossary_carries_its_figure_and_one_value(
    embedded_store: Store, frozen_clock: datetime
) -> None:
    """Each key the glossary names exists in ``--json``; the same key never carries two values for one date."""
    screens = _screens(embedded_store)
    values = {k: _at(screens, k) for t in GLOSSARY.values() for k in t.keys}
    # the figures the review found under one word, now each under its own key
    assert Decimal(values["programme.own_commitments_usd"]) == 1_655_000_000
    assert Decimal(values["envelope.committed_usd"]) == 1_571_000_000
    assert values["programme.own_operations"] == 6 and values["programme.carried_count"] == 1
    assert values["portfolio.total.operations"] == 7
    # one concept, two screens: the same value
    assert values["programme.own_operations"] == values["clr.own_operations"]
    assert values["programme.own_commitments_usd"] == values["clr.own_commitments_usd"]
    assert values["programme.envelope_usd"] == values["envelope.envelope_usd"]
    assert values["programme.pipeline_count"] == values["portfolio.total.pipeline_operations"]
    # the old key that meant two things is gone from the programme list and the CLR
    assert "commitments_usd" not in screens["programme"] and "commitments_usd" not in screens["clr"]


def test_the_cli_tables_print_the_definition_of_each_figure_under_them(embedded_store: Store) -> None:
    listing = _cli(embedded_store, "programmes")
    envelope = _cli(embedded_store, "envelope", PROGRAMME)
    for out, keys in (
        (listing, ("own_operations", "carried_over", "pipeline_operations", "own_commitments", "envelope")),
        (envelope, ("envelope", "approved_in_period", "headroom", "pipeline_amount")),
    ):
        for key in keys:
            t = term(key)
            assert f"{t.label.lower()}: {t.definition}" in out, key


def _page_figures(page: lxml.html.HtmlElement) -> list[tuple[str, str, str]]:
    """(term key, label, value) of every glossary label on a page that stands beside a value."""
    found = []
    for abbr in css(page, "abbr.term"):
        key, label = abbr.get("data-term"), abbr.text_content().strip()
        assert abbr.get("title") == _translated_definition(key), key
        holder = abbr.getparent()
        if holder.tag == "dt":
            value = holder.getnext()
        elif "kf-label" in (holder.get("class") or ""):
            value = holder.getnext()
        else:
            continue  # a table header: no single value
        found.append((key, label, (value.text or "").strip()))
    return found


def _translated_definition(key: str) -> str:
    return term(key).definition  # the English pages


def _millions(text: str) -> Decimal:
    found = re.fullmatch(r"US\$([\d,]+)M", text)
    assert found is not None, text
    return Decimal(found.group(1).replace(",", ""))


def test_the_pages_show_each_figure_under_its_label_with_the_cli_value(api: TestClient, embedded_store: Store) -> None:
    """Programmes, overview and portfolio pages: one value per label, that of ``--json``, definition on hover."""
    screens = _screens(embedded_store)
    index = lxml.html.fromstring(api.get("/").text)
    card = next(c for c in css(index, "a.card") if c.get("href") == f"/programmes/{PROGRAMME}")
    pages = {
        "index": card,
        "overview": lxml.html.fromstring(api.get(f"/programmes/{PROGRAMME}").text),
        "portfolio": lxml.html.fromstring(api.get(f"/programmes/{PROGRAMME}/portfolio").text),
    }
    values: dict[str, set[str]] = {}
    labels: dict[str, set[str]] = {}
    for page in pages.values():
        for key, label, value in _page_figures(page):
            values.setdefault(key, set()).add(value)
            labels.setdefault(label, set()).add(key)
    assert all(len(keys) == 1 for keys in labels.values()), labels
    assert all(len(v) == 1 for v in values.values()), values
    shown = {key: next(iter(v)) for key, v in values.items()}
    assert {"own_operations", "own_commitments", "approved_in_period", "envelope", "headroom"} <= set(shown)
    assert {"active_operations", "active_net_commitment", "pipeline_amount", "pipeline_operations"} <= set(shown)
    million = Decimal(1_000_000)
    assert _millions(shown["own_commitments"]) == Decimal(screens["programme"]["own_commitments_usd"]) / million
    assert _millions(shown["approved_in_period"]) == Decimal(screens["envelope"]["committed_usd"]) / million
    assert _millions(shown["own_commitments"]) != _millions(shown["approved_in_period"])
    active_net = Decimal(screens["portfolio"]["indicators"]["net_commitment_usd"]) / million
    assert _millions(shown["active_net_commitment"]) == active_net.quantize(Decimal(1))
    assert int(shown["own_operations"].split()[0]) == screens["programme"]["own_operations"]
    assert int(shown["active_operations"]) == screens["portfolio"]["indicators"]["active_projects"]


@pytest.mark.parametrize("kind", ["clr", "plr"])
def test_the_reports_define_their_figures_on_hover_and_in_a_footnote(
    embedded_store: Store, frozen_clock: datetime, kind: str, tmp_path: Any
) -> None:
    out = tmp_path / f"{kind}.html"
    _cli(embedded_store, "report", kind, PROGRAMME, "-o", str(out))
    page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    abbrs = css(page, "abbr.term")
    used = {a.get("data-term") for a in abbrs}
    assert used, "the report names its figures by the glossary"
    assert all(a.get("title") == term(a.get("data-term")).definition for a in abbrs), "definition on hover"
    glossary = css(page, "section#glossary")
    assert len(glossary) == 1
    listed = glossary[0].text_content()
    for key in used:
        t = term(key)
        assert t.label in listed and t.definition in listed, key
    expected = {"clr": {"own_operations", "own_commitments"}, "plr": {"portfolio_operations", "portfolio_commitments"}}
    assert expected[kind] <= used


def test_the_glossary_of_figures_is_in_the_docs() -> None:
    """``docs/definitions.md`` lists every label with its definition, word for word."""
    docs = (Path(__file__).parents[1] / "docs" / "definitions.md").read_text(encoding="utf-8")
    section = docs.split("## Glossary of figures", 1)[1]
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip() for line in section.splitlines() if line.startswith("| ")
    }
    assert {t.label: t.definition for t in GLOSSARY.values()}.items() <= rows.items()
