"""The results page and the reports page, on the demo programme."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import lxml.html
import pytest
from fastapi.testclient import TestClient
from lxml import etree
from openpyxl import load_workbook
from typer.testing import CliRunner

from cpfkit.api.app import create_app
from cpfkit.cli import app as cli
from cpfkit.services import results as rs
from cpfkit.store import Store
from cpfkit.web.charts_results import STATUS_COLOURS
from tests.apps import app_on
from tests.web.dom import css

AS_OF = "2027-06-30"
KINDS = ("results-matrix", "plr", "clr")
FORMATS = ("html", "pdf", "xlsx", "json")


@pytest.fixture
def client(demo_store: Store) -> TestClient:
    return TestClient(app_on(demo_store))


def page(client: TestClient, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def test_results_page_shows_the_engine_figures(client: TestClient, demo_store: Store) -> None:
    doc = page(client, f"/programmes/xx-demo/results?as_of={AS_OF}")
    assert len(css(doc, "h1")) == 1
    assert css(doc, "nav.tabs a.current")[0].text_content().strip() == "Results"
    [table] = css(doc, "table.results-matrix")
    [chart] = css(doc, 'div.chart[data-chart="chart-progress"]')
    spec = json.loads(doc.get_element_by_id("chart-progress").text)
    fw = rs.framework(demo_store, "xx-demo", date.fromisoformat(AS_OF))
    indicators = {i.code: i for o in fw.objectives() for i in o.indicators}
    rows = css(table, "tr.indicator")
    assert {r.get("data-indicator") for r in rows} == set(indicators)
    for row in rows:
        engine = indicators[row.get("data-indicator")]
        assert row.get("data-status") == engine.status.value
        assert css(row, "td")[5].text_content().strip() == engine.status.value
    # Worked figures of the demo (tests/api/test_reports_api.py): I1 is at 250 and on track.
    first = rows[0]
    assert "250" in css(first, "td")[3].text_content() and first.get("data-status") == "on track"
    assert css(first, "a[href^='/projects/']")
    bars = [t for t in spec["data"] if t["type"] == "bar"]
    drawn = [next((t["x"][k] for t in bars if t["x"][k] is not None), None) for k in range(len(list(fw.objectives())))]
    assert [round(x) for x in drawn if x is not None] == [
        round(float(o.mean_progress) * 100) for o in fw.objectives() if o.mean_progress is not None
    ]
    # The legend names each colour the bars take: one entry per status drawn, in that status's colour.
    drawn_statuses = {o.status.value for o in fw.objectives() if o.mean_progress is not None}
    assert {t["name"] for t in bars} == drawn_statuses
    assert all(t["marker"]["color"] == STATUS_COLOURS[t["name"]] for t in bars)
    assert chart is not None
    objectives = css(table, "tr.objective-row")
    assert [o.get("data-objective") for o in objectives] == [o.code for o in fw.objectives()]
    assert "Rating" in objectives[0].text_content()


def test_results_page_filters(client: TestClient) -> None:
    doc = page(client, f"/programmes/xx-demo/results?as_of={AS_OF}&status=on+track")
    statuses = {r.get("data-status") for r in css(doc, "table.results-matrix tr.indicator")}
    assert statuses == {"on track"}
    none = page(client, f"/programmes/xx-demo/results?as_of={AS_OF}&area=PA9")
    assert not css(none, "tr.indicator") and "No indicator matches" in none.text_content()
    assert client.get("/programmes/nope/results").status_code == 404


def test_results_page_marks_illustrative_figures_and_sources(embedded_store: Store) -> None:
    client = TestClient(create_app(embedded_store))
    doc = page(client, "/programmes/kz-2020-2025/results?as_of=2024-06-30")
    fw = rs.framework(embedded_store, "kz-2020-2025", date(2024, 6, 30))
    illustrative = {i.code for o in fw.objectives() for i in o.indicators if i.illustrative}
    marked = {r.get("data-indicator") for r in css(doc, "tr.indicator") if css(r, ".ill")}
    assert illustrative and marked == illustrative
    links = {a.get("href") for a in css(doc, "section.sources a")}
    assert links and all(h.startswith("http") for h in links)


def test_reports_page_links_every_report_in_every_format(client: TestClient) -> None:
    doc = page(client, f"/programmes/xx-demo/reports?as_of={AS_OF}")
    assert len(css(doc, "h1")) == 1 and css(doc, "input[type=date][name=as_of]")
    links = {(a.get("data-report"), a.get("data-format")): a.get("href") for a in css(doc, "a.download")}
    assert set(links) == {(k, f) for k in KINDS for f in FORMATS}
    assert links[("plr", "pdf")] == f"/programmes/xx-demo/reports/plr.pdf?as_of={AS_OF}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_download_is_a_valid_file(client: TestClient, demo_store: Store, kind: str) -> None:
    base = f"/programmes/xx-demo/reports/{kind}"
    for fmt, media in (
        ("html", "text/html"),
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
    ):
        response = client.get(f"{base}.{fmt}", params={"as_of": AS_OF})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
        assert response.headers["content-disposition"] == f'attachment; filename="xx-demo-{kind}-{AS_OF}.{fmt}"'
        assert response.content
        if fmt == "pdf":
            assert response.content.startswith(b"%PDF")
        elif fmt == "xlsx":
            assert load_workbook(io.BytesIO(response.content)).sheetnames
        elif fmt == "html":
            title = rs.build_report(demo_store, kind, "xx-demo", date.fromisoformat(AS_OF)).report.programme_title
            assert "<html" in response.text and title in response.text
        else:
            result = CliRunner().invoke(
                cli, ["--db", demo_store.url, "report", kind, "xx-demo", "--as-of", AS_OF, "--json"]
            )
            assert result.exit_code == 0, result.output
            assert response.json() == json.loads(result.stdout)
    assert client.get(f"{base}.docx").status_code == 422


def test_other_downloads(client: TestClient) -> None:
    xml = client.get("/programmes/xx-demo/reports/iati.xml")
    assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")
    assert xml.headers["content-disposition"] == 'attachment; filename="xx-demo-iati.xml"'
    root = etree.fromstring(xml.content)
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    plan = client.get("/programmes/xx-demo/reports/plan.html", params={"as_of": AS_OF})
    assert plan.status_code == 200 and plan.headers["content-type"].startswith("text/html")
    assert re.search(r"<h1[^>]*>", plan.text)


def test_simulation_download(client: TestClient) -> None:
    response = client.get(
        "/programmes/xx-demo/reports/simulation.html", params={"runs": 200, "seed": 7, "as_of": AS_OF}
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == f'attachment; filename="xx-demo-simulation-{AS_OF}.html"'
    assert "200" in response.text and "<html" in response.text
    assert client.get("/programmes/xx-demo/reports/simulation.html", params={"runs": 0}).status_code == 422


@pytest.mark.parametrize(("lang", "floor"), [("en", "1,000+"), ("ru", "не менее 1\xa0000"), ("kk", "кемінде 1\xa0000")])
def test_a_published_floor_is_shown_as_a_floor_on_the_page_and_in_the_report(
    embedded_store: Store, lang: str, floor: str
) -> None:
    client = TestClient(create_app(embedded_store))
    doc = page(client, f"/programmes/kz-2020-2025/results?as_of=2025-06-30&lang={lang}")
    [row] = [r for r in css(doc, "tr.indicator") if r.get("data-indicator") == "I3.1.1"]
    assert floor in row.text_content()
    [exact] = [r for r in css(doc, "tr.indicator") if r.get("data-indicator") == "I2.1.1"]
    assert "+" not in exact.text_content() and "94" in exact.text_content()
    if lang == "en":
        clr = client.get("/programmes/kz-2020-2025/reports/clr.html?as_of=2025-06-30")
        assert clr.status_code == 200 and "1,200+" in clr.text and "5,000,000+" in clr.text


def test_a_download_follows_the_language_of_the_pages(client: TestClient) -> None:
    from cpfkit.reports.language import translations

    url = "/programmes/xx-demo/reports/results-matrix.html?as_of=2027-12-31"
    page = client.get(url, headers={"Accept-Language": "ru"})
    assert page.status_code == 200 and '<html lang="ru">' in page.text
    assert translations("ru").gettext("Results matrix") in page.text
    assert '<html lang="kk">' in client.get(url + "&lang=kk").text
