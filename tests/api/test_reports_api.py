"""The results and the reviews through the API, on the demo programme."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from cpfkit.store import Store
from tests.apps import app_on


@pytest.fixture
def client(demo_store: Store) -> TestClient:
    return TestClient(app_on(demo_store))


def test_results_on_a_date(client: TestClient) -> None:
    body = client.get("/api/programmes/xx-demo/results", params={"as_of": "2027-06-30"}).json()
    [i1, i2] = body["areas"][0]["objectives"][0]["indicators"]
    assert i1["actual"] == "250" and i1["status"] == "on track" and i2["actual"] == "67.5"
    assert body["status_counts"]["on track"] == 1 and body["development_outcome"]["suggested"] == "HU"


def test_reports_in_each_format(client: TestClient) -> None:
    base = "/api/programmes/xx-demo/reports"
    clr = client.get(f"{base}/clr", params={"as_of": "2027-12-31"})
    assert clr.status_code == 200 and clr.headers["content-type"] == "application/json"
    assert clr.json()["own_operations"] == 2 and clr.json()["own_commitments_usd"] == "800"
    html = client.get(f"{base}/results-matrix", params={"format": "html", "as_of": "2027-12-31"})
    assert html.headers["content-type"].startswith("text/html") and "People with improved access" in html.text
    xlsx = client.get(f"{base}/plr", params={"format": "xlsx", "as_of": "2027-12-31"})
    assert 'attachment; filename="xx-demo-plr-2027-12-31.xlsx"' == xlsx.headers["content-disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "By priority area" in book.sheetnames
    bad = client.get(f"{base}/memo")
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert client.get("/api/programmes/nope/reports/clr").status_code == 404


def test_a_report_in_the_language_asked_for(client: TestClient) -> None:
    from cpfkit.reports.language import translations

    base = "/api/programmes/xx-demo/reports"
    query = {"format": "html", "as_of": "2027-12-31"}
    english = client.get(f"{base}/clr", params=query)
    assert english.headers["content-language"] == "en" and '<html lang="en">' in english.text
    russian = client.get(f"{base}/clr", params=query, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert russian.headers["content-language"] == "ru" and '<html lang="ru">' in russian.text
    assert translations("ru").gettext("Sources") in russian.text
    asked = client.get(f"{base}/clr", params={**query, "lang": "kk"}, headers={"Accept-Language": "ru"})
    assert asked.headers["content-language"] == "kk" and '<html lang="kk">' in asked.text  # lang wins
    book = load_workbook(
        io.BytesIO(client.get(f"{base}/plr", params={**query, "format": "xlsx", "lang": "ru"}).content)
    )
    assert translations("ru").gettext("Sources") in book.sheetnames and "Sources" not in book.sheetnames
    refused = client.get(f"{base}/clr", params={**query, "lang": "de"})
    assert refused.status_code == 422
