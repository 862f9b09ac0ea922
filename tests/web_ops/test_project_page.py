"""The operation page: figures, charts, history, and the edit form with its permission and version checks."""

from __future__ import annotations

import re
from decimal import Decimal

from fastapi.testclient import TestClient

from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.records import resource
from cpfkit.workplace import editing
from cpfkit.workplace.roles import operator
from tests.api.conftest import Team
from tests.web_ops.conftest import chart, form_value, signed_in


def test_the_page_shows_the_operation_with_the_ledger_figures(api: TestClient, embedded_store: Store) -> None:
    page = api.get("/projects/P500565")
    assert page.status_code == 200
    html = page.text
    assert html.count("<h1") == 1 and "Transport Resilience and Connectivity" in html
    # the ledger has two disbursements of TRACE: US$32.5M and US$18.4M
    assert 'data-figure="disbursed">US$50.9M' in html
    assert 'data-figure="commitment">US$650.0M' in html
    assert 'data-figure="undisbursed">US$599.1M' in html
    detail = services.project(embedded_store, "P500565")
    assert detail.disbursed_usd == Decimal("50900000")
    # co-financing: AIIB US$650M and the Government's US$231M
    assert 'data-figure="cofinancing">US$881.0M' in html
    scurve = chart(html, "chart-scurve")
    disbursed = next(t for t in scurve["data"] if t["name"] == "disbursed")
    assert disbursed["x"] == ["2026-06-30", "2026-09-30"] and disbursed["y"] == [32.5, 50.9]
    planned = next(t for t in scurve["data"] if t["name"] == "planned")
    assert planned["y"][-1] == 650.0  # the plan reaches the commitment
    ratings = chart(html, "chart-ratings")
    assert {t["name"] for t in ratings["data"]} >= {"DO", "IP"}
    assert 'id="audit"' in html
    assert 'form id="project-edit"' not in html  # anonymous readers get no form


def test_flags_and_results_come_from_the_services(api: TestClient) -> None:
    html = api.get("/projects/P500565").text
    for label in ("Problem project", "Effectiveness delay", "Counterpart funds"):
        assert label in html
    dare = api.get("/projects/KZ-ILL-DARE-01").text
    row = re.search(r"I1\.2\.1</span>(.*?)</tr>", dare, re.S)
    assert row  # rural settlements connected: baseline 0, target 1,123, latest 410 (30 September 2026)
    cells = re.findall(r'<td class="num">([^<]*)<br>', row.group(1))
    assert cells == ["0", "1,123", "410"]
    assert "37%" in row.group(1)  # (410 − 0) / (1,123 − 0)


def test_the_overview_links_operations_and_draws_the_map(api: TestClient, embedded_store: Store) -> None:
    html = api.get("/programmes/kz-2026-2031").text
    assert 'href="/projects/P500565"' in html
    spec = chart(html, "chart-map")
    regions = spec["data"][0]
    assert regions["type"] == "choropleth" and len(regions["locations"]) == 20
    z = dict(zip(regions["text"], regions["z"], strict=True))
    # approved operations in the city of Almaty: half of the Almaty bypass (US$50M over Almaty Region and
    # Almaty) and half of P513072 (US$75M over Astana and Almaty)
    rows = {r.id: r for r in services.projects(embedded_store, "kz-2026-2031")}
    expected = (rows["KZ-ILL-IFC-ALMATY-BYPASS"].commitment_usd + rows["P513072"].commitment_usd) / 2 / 1_000_000
    assert z["Almaty"] == float(expected) == 62.5
    # Karaganda and Ulytau share TRACE (US$650M) and the rail guarantee (US$846M)
    assert z["Karaganda Region"] == z["Ulytau Region"] == 748.0
    assert z["Mangystau Region"] == 0  # only pipeline operations there
    assert "Beineu" in regions["customdata"][regions["text"].index("Mangystau Region")]
    cities = spec["data"][1]
    assert "Astana" in cities["text"] and "Almaty" in cities["text"]


def _page(client: TestClient) -> str:
    response = client.get("/projects/P1")
    assert response.status_code == 200
    return response.text


def test_an_editor_edits_and_the_change_is_audited(team: Team) -> None:
    editor = signed_in(team, "ed")
    html = _page(editor)
    assert 'form id="project-edit"' in html and 'type="submit"' in html
    form = {
        "csrf_token": form_value(html, "csrf_token"),
        "version": form_value(html, "version"),
        "name": "Road one, resilient",
        "status": "active",
        "implementing_agency": "Roads Committee",
        "commitment.amount": "0.0009",
        "commitment.currency": "USD",
        "dates.original_closing": "2031-06-30",
    }
    saved = editor.post("/projects/P1", data=form)
    assert saved.status_code == 200, saved.text
    assert "Saved" in saved.text
    record = editing.get(team.store, resource("projects"), "P1")
    assert record.name == "Road one, resilient"  # type: ignore[attr-defined]
    assert record.implementing_agency == "Roads Committee"  # type: ignore[attr-defined]
    assert record.commitment.amount == Decimal("900")  # type: ignore[attr-defined]
    assert str(record.dates["original_closing"]) == "2031-06-30"  # type: ignore[attr-defined]
    assert record.version == int(form["version"]) + 1  # type: ignore[attr-defined]
    audit = re.search(r'<section class="panel" id="audit">(.*?)</section>', saved.text, re.S)
    assert audit and "Road one, resilient" in audit.group(1) and "ed" in audit.group(1)
    entries, _ = editing.audit_entries(team.store, editing.AuditQuery(project="P1"))  # type: ignore[attr-defined]
    assert entries[0].actor == "ed" and entries[0].after and entries[0].after["name"] == "Road one, resilient"


def test_a_stale_edit_is_refused_and_overwrites_nothing(team: Team) -> None:
    first, second = signed_in(team, "ed"), signed_in(team, "boss")
    html_a, html_b = _page(first), _page(second)
    base = {"status": "active", "implementing_agency": "", "commitment.amount": "0.0006", "commitment.currency": "USD"}
    ok = second.post(
        "/projects/P1",
        data={
            **base,
            "csrf_token": form_value(html_b, "csrf_token"),
            "version": form_value(html_b, "version"),
            "name": "Renamed by the admin",
        },
    )
    assert ok.status_code == 200
    stale = first.post(
        "/projects/P1",
        data={
            **base,
            "csrf_token": form_value(html_a, "csrf_token"),
            "version": form_value(html_a, "version"),
            "name": "Renamed by the editor",
        },
    )
    assert stale.status_code == 409
    assert "nothing was saved" in stale.text
    assert editing.get(team.store, resource("projects"), "P1").name == "Renamed by the admin"  # type: ignore[attr-defined]
    assert 'value="Renamed by the admin"' in stale.text  # the form shows the current values


def test_viewers_and_anonymous_readers_get_no_form_and_are_refused(team: Team) -> None:
    viewer = signed_in(team, "val")
    html = _page(viewer)
    assert 'form id="project-edit"' not in html
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert token
    refused = viewer.post("/projects/P1", data={"csrf_token": token.group(1), "version": "1", "name": "x"})
    assert refused.status_code == 403 and "viewer" in refused.text and "Nothing was changed" in refused.text
    anonymous = team.client().post("/projects/P1", data={"version": "1", "name": "x"})
    assert anonymous.status_code == 403 and "Sign in" in anonymous.text
    outsider = signed_in(team, "other")
    outsider_token = re.search(r'<meta name="csrf-token" content="([^"]+)"', _page(outsider))
    assert outsider_token
    assert (
        outsider.post("/projects/P1", data={"csrf_token": outsider_token.group(1), "version": "1"}).status_code == 403
    )
    assert editing.get(team.store, resource("projects"), "P1").name == "Road one"  # type: ignore[attr-defined]


def test_a_form_without_the_session_token_is_refused(team: Team) -> None:
    editor = signed_in(team, "ed")
    html = _page(editor)
    forged = editor.post(
        "/projects/P1", data={"csrf_token": "forged", "version": form_value(html, "version"), "name": "x"}
    )
    assert forged.status_code == 403
    assert editing.get(team.store, resource("projects"), "P1").name == "Road one"  # type: ignore[attr-defined]


def test_a_commitment_needs_its_currency_and_none_is_assumed(team: Team) -> None:
    editor = signed_in(team, "ed")
    record = editing.get(team.store, resource("projects"), "P1")
    editing.update(
        team.store, resource("projects"), "P1", resource("projects").update_schema(commitment=None), 1, operator()
    )
    html = _page(editor)
    currency = re.search(r'<input name="commitment.currency"[^>]*>', html)
    assert currency and 'value=""' in currency.group(0)  # no currency filled in for the editor
    form = {
        "csrf_token": form_value(html, "csrf_token"),
        "version": form_value(html, "version"),
        "name": record.name,  # type: ignore[attr-defined]
        "status": "active",
        "commitment.amount": "75",
        "commitment.currency": "",
    }
    refused = editor.post("/projects/P1", data=form)
    assert refused.status_code == 422 and "give the currency of the commitment" in refused.text
    assert editing.get(team.store, resource("projects"), "P1").commitment is None  # type: ignore[attr-defined]
    saved = editor.post("/projects/P1", data={**form, "commitment.currency": "eur"})
    assert saved.status_code == 200, saved.text
    commitment = editing.get(team.store, resource("projects"), "P1").commitment  # type: ignore[attr-defined]
    assert (commitment.amount, commitment.currency) == (Decimal("75000000"), "EUR")


def test_the_history_reads_field_old_new_in_the_readers_language(team: Team) -> None:
    editor = signed_in(team, "ed")
    html = _page(editor)
    form = {
        "csrf_token": form_value(html, "csrf_token"),
        "version": form_value(html, "version"),
        "name": "Road one",
        "status": "closed",
        "commitment.amount": "1234.5",
        "commitment.currency": "EUR",
        "dates.approval": "2024-01-15",
    }
    asked = editor.post("/projects/P1", data=form)  # 600 dollars to 1,234.5 million: confirmed first
    token = re.search(r'<input type="hidden" name="confirm" value="([^"]+)">', asked.text)
    assert asked.status_code == 200 and token
    assert editor.post("/projects/P1", data={**form, "confirm": token.group(1)}).status_code == 200

    def history(lang: str) -> dict[str, str]:
        page = editor.get("/projects/P1", params={"lang": lang}).text
        audit = re.search(r'<section class="panel" id="audit">(.*?)</section>', page, re.S)
        assert audit
        assert "{" not in audit.group(1) and "&#39;" not in audit.group(1)  # never a raw dictionary
        lines = re.findall(r'<div data-field="([^"]+)"><b>[^<]*</b> (.*?)</div>', audit.group(1))
        return {
            field: re.sub(r"<[^>]+>", "", text).replace("\xa0", " ").replace("\u202f", " ") for field, text in lines
        }

    english = history("en")
    assert english["status"] == "active → closed"
    assert english["dates.approval"] == "Sep 1, 2025 → Jan 15, 2024"
    assert english["commitment"] == "US$600 → 1,234,500,000 EUR"  # US dollars as the language writes them
    russian = history("ru")
    assert russian["status"] == "действующая → закрыта"
    assert russian["dates.approval"] == "1 сент. 2025 г. → 15 янв. 2024 г."
    assert russian["commitment"].replace("\xa0", " ") == "600 долл. США → 1 234 500 000 EUR"
    page = editor.get("/projects/P1", params={"lang": "ru"}).text
    assert '<div data-field="commitment"><b>Обязательства:</b>' in page  # the label through the catalog
