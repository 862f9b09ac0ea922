"""Rough edges of the pages: offline API docs, error pages for browsers, the portfolio's flag counts."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cpfkit.api.app import create_app
from cpfkit.store import Store
from cpfkit.web.error_pages import closest_ids
from cpfkit.web.templating import code_spans, source_link
from tests.web.dom import css, parse

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PROGRAMME = "/programmes/kz-2026-2031"


def test_api_docs_load_only_local_assets_and_each_answers(api: TestClient) -> None:
    """Swagger UI's script and style come from the server itself (an installed package), never a CDN."""
    page = api.get("/api/docs")
    assert page.status_code == 200
    doc = parse(page.text)
    urls = [e.get("src") for e in css(doc, "script[src]")] + [e.get("href") for e in css(doc, "link[href]")]
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls) and any(u.endswith(".css") for u in urls)
    for url in urls:
        assert not urlparse(url).netloc, f"{url} is not served by cpfkit"
        answer = api.get(url)
        assert answer.status_code == 200 and answer.content, url
    assert api.get("/api/redoc").status_code == 404  # no second documentation page that would need a CDN


def test_unknown_programme_page_is_a_page_with_the_closest_ids(api: TestClient) -> None:
    answer = api.get("/programmes/kz-2026-203", headers=HTML)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    doc = parse(answer.text)
    assert css(doc, "header.topbar nav a[href=/]"), "the navigation is on the page"
    suggested = [a.text_content() for a in css(doc, "ul.suggestions a")]
    assert suggested[0] == "kz-2026-2031" and "kz-2020-2025" in suggested
    assert "kz-2026-203" in css(doc, "p.alert")[0].text_content()


def test_unknown_operation_page_suggests_operations(api: TestClient) -> None:
    doc = parse(api.get("/projects/P50856", headers=HTML).text)
    suggested = [a.get("href") for a in css(doc, "ul.suggestions a")]
    assert "/projects/P508695" in suggested


@pytest.mark.parametrize(("lang", "title"), [("ru", "Страница не найдена"), ("kk", "Бет табылмады")])
def test_mistyped_address_answers_in_the_readers_language(api: TestClient, lang: str, title: str) -> None:
    answer = api.get("/programmez", params={"lang": lang}, headers=HTML)
    assert answer.status_code == 404
    assert title in css(parse(answer.text), "h1")[0].text_content()


def test_the_api_and_non_browsers_keep_problem_json(api: TestClient) -> None:
    for path, headers in (("/api/programmes/nope", HTML), ("/programmes/nope", {"Accept": "application/json"})):
        answer = api.get(path, headers=headers)
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json", path


def test_a_fault_on_a_page_is_a_page(embedded_store: Store) -> None:
    app: FastAPI = create_app(embedded_store)

    @app.get("/broken-page")
    def broken() -> None:
        raise RuntimeError("boom")

    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/broken-page", params={"lang": "ru"}, headers=HTML)
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "Что-то пошло не так" in page.text and "boom" not in page.text
    assert client.get("/broken-page").headers["content-type"] == "application/problem+json"


def test_closest_ids_are_nearest_first_and_case_blind() -> None:
    assert closest_ids("KZ-2026-2030", ["kz-2020-2025", "kz-2026-2031", "xx-plan"])[0] == "kz-2026-2031"
    assert closest_ids("zzzz", ["kz-2020-2025"]) == []


def test_portfolio_flags_count_what_the_indicator_counts(api: TestClient) -> None:
    """The flags heading and the "Flags raised" figure are one concept, with one number."""
    doc = parse(api.get(PROGRAMME + "/portfolio").text)
    heading = css(doc, "h2#flags-raised")[0]
    assert heading.text_content().split()[:2] == ["Flags", "raised"]
    shown = int(css(doc, "[data-count=flags]")[0].text_content())
    assert css(doc, "details[data-key=flags_raised] .kf-label")[0].text_content() == "Flags raised"
    assert shown == int(css(doc, "[data-figure=flags_raised]")[0].text_content())
    assert shown == len(css(doc, "table.flags")[0].findall(".//tbody/tr"))
    problems = int(css(doc, "[data-figure=problem_projects]")[0].text_content())
    assert int(css(doc, "[data-count=problem-projects]")[0].text_content()) == problems


def test_portfolio_notes_show_no_literal_backticks(api: TestClient) -> None:
    doc = parse(api.get(PROGRAMME + "/portfolio").text)
    notes = " ".join(p.text_content() for p in css(doc, "p.note"))
    assert "`" not in notes
    assert any(c.text_content() == "cpfkit envelope" for c in css(doc, "p.note code"))


def test_code_spans_escape_the_text() -> None:
    assert str(code_spans("use `a<b>` now")) == "use <code>a&lt;b&gt;</code> now"
    assert str(code_spans("one ` only")) == "one ` only"


def test_mid_cycle_objectives_are_not_yet_rated_until_their_targets_date(api: TestClient) -> None:
    """Before the date of its targets an objective reads "not yet rated", never "Not Achieved"."""
    doc = parse(api.get(PROGRAMME + "/results").text)
    ratings = {row.get("data-objective"): css(row, "td.rating strong")[0] for row in css(doc, "tr.objective-row")}
    assert ratings and all(r.text_content() == "not yet rated" for r in ratings.values())
    counts = {
        tr.findall("td")[0].text_content(): tr.findall("td")[1].text_content()
        for tr in css(doc, "table.rating-counts tr")
    }
    assert counts["Not Achieved"] == "0" and counts["Not yet rated"] == str(len(ratings))


def test_a_completed_programmes_objectives_keep_their_ratings(api: TestClient) -> None:
    doc = parse(api.get("/programmes/kz-2020-2025/results").text)
    shown = [css(row, "td.rating strong")[0].text_content() for row in css(doc, "tr.objective-row")]
    assert shown and "not yet rated" not in shown


def test_the_ibrd_limit_field_shows_the_programmes_limit_in_full(api: TestClient) -> None:
    """The placeholder is the limit that applies when the field is empty, as a number that fits the field."""
    doc = parse(api.get(PROGRAMME + "/plan").text)
    field = css(doc, "input[name=ibrd_limit]")[0]
    assert field.get("placeholder") == "6000"  # US$6,000 million in the programme's data (illustrative)
    assert field.get("title")


def test_map_labels_read_on_the_region_under_them_and_never_sit_under_a_dot(api: TestClient) -> None:
    """Karaganda lies in the darkest region of the map: its label is white and beside its dot."""
    doc = parse(api.get(PROGRAMME).text)
    spec = json.loads(doc.get_element_by_id("chart-map").text)
    cities = next(t for t in spec["data"] if t["type"] == "scattergeo")
    at = cities["text"].index("Karaganda")
    assert cities["textfont"]["color"][at] == "#ffffff"
    assert cities["textfont"]["color"][cities["text"].index("Aktobe")] == "#102a43"
    assert not any(p.startswith("bottom") for p in cities["textposition"])


def test_a_source_described_in_words_links_only_its_address(api: TestClient) -> None:
    """A source such as "World Bank Projects API record P508695 (https://…)" links to the address, not the words."""
    for path in ("/projects/P508695", PROGRAMME):
        doc = parse(api.get(path).text)
        targets = [a.get("href") for a in css(doc, "main a[href]")]
        assert targets and all(t.startswith(("http://", "https://", "/", "#", "?")) for t in targets), [
            t for t in targets if not t.startswith(("http://", "https://", "/", "#", "?"))
        ]
        assert any("search.worldbank.org" in t for t in targets), path


def test_source_link_escapes_the_words_around_the_address() -> None:
    assert str(source_link("a <b> (https://x.org/p?a=1&b=2)")) == (
        'a &lt;b&gt; (<a href="https://x.org/p?a=1&amp;b=2" rel="noreferrer">https://x.org/p?a=1&amp;b=2</a>)'
    )


def test_the_area_chart_makes_room_for_long_wrapped_labels() -> None:
    """Kazakh area titles wrap to three lines each: the chart asks for the height its labels need."""
    from cpfkit.web.charts import _room_for, _wrap

    short = [_wrap(t) for t in ("Transport", "Water", "Energy")]
    long = [_wrap("Климаттық іс-қимыл және жасыл экономикаға көшу және энергиямен жабдықтау")] * 6
    assert _room_for(short) == 340
    lines = sum(label.count("<br>") + 1 for label in long)
    assert lines >= 18 and _room_for(long) >= 16 * lines + 8 * len(long)
