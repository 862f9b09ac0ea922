"""Kambarata-1 in the embedded kz-2026-2031: illustrative everywhere, with and without carbon, its scope and share.

The whole plant (capital cost US$4.75 billion, in the Kyrgyz Republic) is appraised; the World Bank
commitment is US$500 million; the value of avoided emissions is about 73% of NPV (US$2,612 million
with it, US$717 million without).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.services import planning as services_plan
from cpfkit.store import Store

runner = CliRunner()
KZ = "kz-2026-2031"
K1 = "KZ-ILL-KAMBARATA-01"
WITH = {"npv_usd": "2611866003.44", "eirr": "0.09641", "eirr_status": "one", "bcr": "1.5836"}
WITHOUT = {"npv_usd": "716550058.38", "eirr": "0.070721", "eirr_status": "one", "bcr": "1.1601"}


def cli_json(store: Store, *args: str) -> Any:
    result = runner.invoke(app, ["--db", store.url, "appraise", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def check_kambarata(a: dict[str, Any]) -> None:
    assert a["illustrative"] is True
    assert {"capital", "benefits"} <= set(a["illustrative_inputs"])
    assert {k: a[k] for k in ("npv_usd", "eirr", "bcr")} == {k: WITH[k] for k in ("npv_usd", "eirr", "bcr")}
    assert a["carbon"]["with_carbon"] == WITH and a["carbon"]["without_carbon"] == WITHOUT
    assert a["carbon"]["share_of_npv"] == "0.7257" and a["carbon"]["components"] == ["avoided emissions"]
    assert a["scope"]["appraised"] == "whole investment" and a["scope"]["stance"] == "regional"
    assert a["scope"]["countries"] == ["KG", "KZ", "UZ"]
    assert a["financing"] == {
        "commitment_usd": "500000000",
        "institution": "IBRD",
        "capital_cost_usd": "4750000000",
        "share": "0.1053",
        "illustrative": True,
    }


def test_one_operation_and_the_list_agree(embedded_store: Store) -> None:
    one = cli_json(embedded_store, K1, "--programme", KZ)
    check_kambarata(one)
    rows = {r["project"]: r for r in cli_json(embedded_store, "--programme", KZ)}
    check_kambarata(rows[K1])
    assert rows[K1]["without_carbon"] == WITHOUT
    for r in rows.values():  # every embedded appraisal rests on illustrative inputs
        assert r["illustrative"] is True and r["scope"] is not None and r["financing"]["share"] is not None
        assert (r["carbon"] is None) == (r["without_carbon"] is None) == (r["project"] != K1)


def test_the_api_answers_the_same(api: TestClient) -> None:
    response = api.get(f"/api/projects/{K1}/appraisal", params={"programme": KZ})
    assert response.status_code == 200
    check_kambarata(response.json())


def test_the_tables_for_people(embedded_store: Store) -> None:
    one = runner.invoke(app, ["--db", embedded_store.url, "appraise", K1, "--programme", KZ])
    text = " ".join(one.stdout.split())
    assert one.exit_code == 0 and "(illustrative inputs: " in text
    assert "NPV US$2,611.9M · EIRR 9.6% · BCR 1.58 with the value of avoided emissions" in text
    assert "NPV US$716.6M · EIRR 7.1% · BCR 1.16 without it" in text and "72.6% of NPV" in text
    assert "scope: whole investment, regional (KG, KZ, UZ)" in text
    assert "IBRD commitment US$500.0M of a capital cost of US$4,750.0M = 10.5%" in text
    listed = runner.invoke(
        app, ["--db", embedded_store.url, "appraise", "--programme", KZ], terminal_width=200, env={"COLUMNS": "240"}
    )
    lines = [" ".join(line.split()) for line in listed.stdout.splitlines()]
    assert any(line.startswith(f"│ {K1} * │ 2,611.9 │ 9.6% │ 1.58 │") and "10.5%" in line for line in lines)
    assert any(line.startswith(f"│ {K1} * │ 2,611.9 │ 716.6 │ 7.1% │ 1.16 │ 72.6%") for line in lines)
    assert any(line.startswith(f"{K1} scope: whole investment, regional (KG, KZ, UZ)") for line in lines)


def test_the_html_report_shows_both_and_the_mark(embedded_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    result = runner.invoke(app, ["--db", embedded_store.url, "appraise", "--programme", KZ, "-o", str(out)])
    assert result.exit_code == 0
    html = out.read_text()
    summary = html[html.index('id="summary"') : html.index(f'<section class="panel" id="{K1}">')]
    row = summary[summary.index(f'data-project="{K1}"') :].split("</tr>")[0]
    assert 'class="ill">illustrative' in row and "whole investment, regional (KG, KZ, UZ)" in row
    assert [c in row for c in ("2,611.9", "9.6%", "1.58", "716.6", "7.1%", "1.16", "10.5%")] == [True] * 7
    section = html[html.index(f'<section class="panel" id="{K1}">') :].split("</section>")[0]
    assert 'class="ill">illustrative' in section and "BCR without carbon" in section
    assert "IBRD commitment US$500.0M of a capital cost of US$4,750.0M = 10.5% (illustrative)" in section


def test_the_planner_marks_the_npv_it_weighs(embedded_store: Store) -> None:
    report = services_plan.plan(embedded_store, KZ, as_of=date(2026, 11, 25), exact_marginals=False)
    weighed = [p for p in report.selected if p.npv_usd is not None]
    assert weighed and all(p.npv_illustrative for p in weighed)
    assert {p.project: p.npv_usd for p in weighed}[K1] == Decimal(WITH["npv_usd"])
