"""Reading and writing every resource through the API, on SQLite and PostgreSQL.

Lists filter, sort, paginate and download as CSV; writes are checked by the model and the reference data
(errors name the field), need the version they were based on, and leave an audit entry.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import Team
from tests.helpers import snapshot as every_row


def snapshot(store: Any) -> dict[str, Any]:
    """Every row, but the tokens' last use (reading with a token notes when it was last used)."""
    rows = every_row(store)
    rows.pop("api_tokens")
    return rows


def _etag(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.headers["ETag"]


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


# -- lists ----------------------------------------------------------------------------------------


def test_lists_filter_sort_paginate_and_download_as_csv(team: Team) -> None:
    """Read-only, so one store serves every list check."""
    _project_list_filters_sorts_and_paginates(team)
    _lists_refuse_unknown_parameters_and_sort_fields(team)
    _every_list_downloads_as_csv(team)
    _programme_projects_filter_and_csv(team)


def _project_list_filters_sorts_and_paginates(team: Team) -> None:
    client = team.client()
    everything = client.get("/api/projects").json()
    assert {p["id"] for p in everything} == {"P1", "P2", "P3"}
    active = client.get("/api/projects", params={"status": "active", "sort": "-commitment_usd"})
    assert [p["id"] for p in active.json()] == ["P1", "P2"]
    assert client.get("/api/projects", params={"institution": "IFC"}).json()[0]["id"] == "P2"
    assert [p["id"] for p in client.get("/api/projects", params={"priority_area": "PA2"}).json()] == ["P3"]
    assert [p["id"] for p in client.get("/api/projects", params={"region": "almaty"}).json()] == ["P1"]
    dated = client.get("/api/projects", params={"approved_from": "2026-01-01", "approved_to": "2026-09-30"})
    assert [p["id"] for p in dated.json()] == ["P2"]
    page = client.get("/api/projects", params={"sort": "id", "limit": 2, "offset": 1})
    assert [p["id"] for p in page.json()] == ["P2", "P3"]
    assert page.headers["X-Total-Count"] == "3"
    assert 'rel="prev"' in page.headers["Link"] and 'rel="next"' not in page.headers["Link"]


def _lists_refuse_unknown_parameters_and_sort_fields(team: Team) -> None:
    client = team.client()
    assert _problem(client.get("/api/projects", params={"stauts": "active"}), 422)["field"] == "stauts"
    assert _problem(client.get("/api/transactions", params={"sort": "colour"}), 422)["field"] == "sort"
    assert _problem(client.get("/api/projects", params={"status": "sleeping"}), 422)["field"] == "status"


def _every_list_downloads_as_csv(team: Team) -> None:
    client = team.client()
    for path in (
        "/api/programmes",
        "/api/programmes/xx-demo/projects",
        "/api/priority-areas",
        "/api/objectives",
        "/api/indicators",
        "/api/measurements",
        "/api/projects",
        "/api/transactions",
        "/api/ratings",
        "/api/sort-ratings",
    ):
        response = client.get(path, params={"format": "csv"})
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/csv"), path
        assert response.headers["content-disposition"].startswith("attachment"), path
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows and len(rows) == int(response.headers["X-Total-Count"]), path
    by_accept = client.get("/api/transactions", headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(by_accept.text)))
    assert {r["amount.amount"] for r in rows} == {"100", "50", "20"}
    assert {r["project"] for r in rows} == {"P1"}


def _programme_projects_filter_and_csv(team: Team) -> None:
    client = team.client()
    params = {"as_of": "2027-06-30", "institution": "IBRD", "status": "active", "format": "csv"}
    [row] = list(csv.DictReader(io.StringIO(client.get("/api/programmes/xx-demo/projects", params=params).text)))
    assert row["id"] == "P1" and row["disbursed_usd"] == "150" and row["net_commitment_usd"] == "580"
    region = client.get("/api/programmes/xx-demo/projects", params={"region": "Almaty"}).json()
    assert [p["id"] for p in region] == ["P1"]
    listed = client.get("/api/programmes", params={"status": "active", "sort": "-own_commitments_usd"})
    assert [p["id"] for p in listed.json()] == ["xx-demo"] and listed.headers["X-Total-Count"] == "1"


# -- writes ---------------------------------------------------------------------------------------


def test_an_editor_changes_a_project_with_its_version_and_the_trail_records_it(team: Team) -> None:
    client = team.client("ed")
    tag = _etag(client, "/api/projects/P1")
    assert tag == '"1"'
    changed = client.patch(
        "/api/projects/P1",
        json={"name": "Road one, phase 1", "dates": {"revised_closing": "2031-06-30"}},
        headers={"If-Match": tag},
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] == '"2"'
    body = changed.json()
    assert body["name"] == "Road one, phase 1" and body["version"] == 2
    assert body["dates"]["revised_closing"] == "2031-06-30" and body["dates"]["approval"] == "2025-09-01"
    assert client.get("/api/projects/P1").json()["project"]["name"] == "Road one, phase 1"
    [entry] = team.client("val").get("/api/audit", params={"entity": "project", "id": "P1"}).json()
    assert entry["actor"] == "ed" and entry["action"] == "update" and entry["version"] == 2
    assert entry["before"] == {"name": "Road one", "dates": {**entry["before"]["dates"], "revised_closing": None}}
    assert entry["after"]["name"] == "Road one, phase 1"
    assert entry["after"]["dates"]["revised_closing"] == "2031-06-30"


def test_a_stale_write_is_refused_and_nothing_is_overwritten(team: Team) -> None:
    client = team.client("ed")
    tag = _etag(client, "/api/projects/P1")
    assert client.patch("/api/projects/P1", json={"description": "first"}, headers={"If-Match": tag}).status_code == 200
    before = snapshot(team.store)
    stale = client.patch("/api/projects/P1", json={"description": "second"}, headers={"If-Match": tag})
    body = _problem(stale, 412)
    assert body["current_version"] == 2 and stale.headers["ETag"] == '"2"'
    assert snapshot(team.store) == before
    assert client.get("/api/projects/P1").json()["project"]["description"] == "first"


def test_a_write_without_a_version_is_refused(team: Team) -> None:
    client = team.client("ed")
    assert client.patch("/api/projects/P1", json={}, headers={"If-Match": '"1"'}).headers["ETag"] == '"1"'  # no-op
    _problem(client.patch("/api/projects/P1", json={"description": "x"}), 428)
    _problem(client.patch("/api/projects/P1", json={"description": "x"}, headers={"If-Match": "*"}), 428)
    _problem(client.patch("/api/projects/P1", json={"description": "x"}, headers={"If-Match": '"abc"'}), 412)
    assert client.patch("/api/projects/P1", json={"description": "x"}, headers={"If-Match": 'W/"1"'}).status_code == 200


BAD_WRITES: list[tuple[str, dict[str, Any], str]] = [
    (
        "/api/measurements",
        {"programme": "xx-demo", "indicator": "I1", "project": "P1", "date": "2030-01-01", "value": 5, "source": "s"},
        "date",
    ),
    (
        "/api/measurements",
        {"programme": "xx-demo", "indicator": "I2", "project": "P1", "date": "2027-01-01", "value": 5, "source": "s"},
        "weight",
    ),
    (
        "/api/measurements",
        {"programme": "xx-demo", "indicator": "I9", "date": "2027-01-01", "value": 5, "source": "s"},
        "indicator",
    ),
    (
        "/api/transactions",
        {
            "project": "P1",
            "type": "disbursement",
            "date": "2026-03-01",
            "amount": {"amount": -5, "currency": "USD"},
            "source": "s",
        },
        "amount",
    ),
    (
        "/api/transactions",
        {
            "project": "P1",
            "type": "disbursement",
            "date": "2026-03-01",
            "amount": {"amount": 5, "currency": "XQZ"},
            "source": "s",
        },
        "amount.currency",
    ),
    (
        "/api/transactions",
        {"project": "P1", "type": "disbursement", "date": "2026-03-01", "amount": {"amount": 5, "currency": "USD"}},
        "source",
    ),
    (
        "/api/transactions",
        {
            "project": "P1",
            "type": "bribe",
            "date": "2026-03-01",
            "amount": {"amount": 5, "currency": "USD"},
            "source": "s",
        },
        "type",
    ),
    (
        "/api/projects",
        {
            "id": "P9",
            "programme": "xx-demo",
            "name": "New",
            "country": "ZZ",
            "institution": "IBRD",
            "instrument": "IPF",
            "status": "pipeline",
            "illustrative": True,
        },
        "country",
    ),
    (
        "/api/projects",
        {
            "id": "P9",
            "programme": "xx-demo",
            "name": "New",
            "country": "KZ",
            "institution": "IBRD",
            "instrument": "IPF",
            "status": "pipeline",
            "sectors": [{"code": "99999", "percentage": 100}],
            "illustrative": True,
        },
        "sectors.0.code",
    ),
    (
        "/api/projects",
        {
            "id": "P9",
            "programme": "xx-demo",
            "name": "New",
            "country": "KZ",
            "institution": "IBRD",
            "instrument": "IPF",
            "status": "pipeline",
            "objectives": ["O7"],
            "illustrative": True,
        },
        "objectives",
    ),
    (
        "/api/ratings",
        {"project": "P1", "kind": "DO", "date": "2027-01-01", "rating": "AAA", "source": "ISR"},
        "rating",
    ),
]


def test_bad_writes_are_refused_naming_the_field(team: Team) -> None:
    client = team.client("ed")
    before = snapshot(team.store)
    for path, payload, field in BAD_WRITES:
        body = _problem(client.post(path, json=payload), 422)
        assert body["field"] == field, (path, payload, body)
    assert snapshot(team.store) == before


def test_a_change_is_validated_by_the_model(team: Team) -> None:
    client = team.client("ed")
    tag = _etag(client, "/api/projects/P1")
    early = client.patch("/api/projects/P1", json={"dates": {"effectiveness": "2020-01-01"}}, headers={"If-Match": tag})
    assert "before approval" in _problem(early, 422)["detail"]
    negative = client.patch(
        "/api/projects/P1", json={"commitment": {"amount": -1, "currency": "USD"}}, headers={"If-Match": tag}
    )
    assert _problem(negative, 422)["field"] == "commitment"
    [m] = client.get("/api/measurements", params={"indicator": "I1", "project": "P2"}).json()
    outside = client.patch(f"/api/measurements/{m['id']}", json={"date": "2024-12-31"}, headers={"If-Match": '"1"'})
    assert _problem(outside, 422)["field"] == "date"


def test_create_change_delete_and_restore_a_transaction(team: Team) -> None:
    client = team.client("ed")
    created = client.post(
        "/api/transactions",
        json={
            "project": "P1",
            "type": "disbursement",
            "date": "2027-03-15",
            "amount": {"amount": 40, "currency": "USD"},
            "source": "ISR 6",
        },
    )
    assert created.status_code == 201, created.text
    tx = created.json()
    assert created.headers["Location"] == f"/api/transactions/{tx['id']}" and created.headers["ETag"] == '"1"'
    assert tx["amount_usd"] == "40" and tx["fx_period"] == "2027-03"

    def disbursed() -> float:
        rows = client.get("/api/programmes/xx-demo/projects", params={"as_of": "2027-12-31"}).json()
        return float(next(r for r in rows if r["id"] == "P1")["disbursed_usd"])

    assert disbursed() == 190
    changed = client.patch(
        f"/api/transactions/{tx['id']}", json={"amount": {"amount": 60, "currency": "USD"}}, headers={"If-Match": '"1"'}
    )
    assert changed.json()["amount_usd"] == "60" and disbursed() == 210
    deleted = client.delete(f"/api/transactions/{tx['id']}", headers={"If-Match": '"2"'})
    assert deleted.status_code == 200 and deleted.json()["deleted_at"] is not None
    assert disbursed() == 150
    _problem(client.get(f"/api/transactions/{tx['id']}"), 404)
    assert client.get(f"/api/transactions/{tx['id']}", params={"deleted": "include"}).json()["version"] == 3
    assert [t["id"] for t in client.get("/api/transactions", params={"deleted": "only"}).json()] == [tx["id"]]
    restored = client.post(f"/api/transactions/{tx['id']}/restore", headers={"If-Match": '"3"'})
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert disbursed() == 210
    trail = team.client("val").get("/api/audit", params={"entity": "transaction", "id": str(tx["id"]), "sort": "at"})
    assert [e["action"] for e in trail.json()] == ["create", "update", "delete", "restore"]
    assert trail.json()[1]["before"]["amount"] == {"amount": "40", "currency": "USD"}
    project_history = team.client("val").get("/api/audit", params={"project": "P1"}).json()
    assert len(project_history) == 4


def test_a_deleted_project_leaves_the_figures_and_comes_back(team: Team) -> None:
    client = team.client("ed")
    tag = _etag(client, "/api/projects/P2")
    assert client.delete("/api/projects/P2", headers={"If-Match": tag}).status_code == 200
    listed = client.get("/api/programmes/xx-demo/projects").json()
    assert [p["id"] for p in listed] == ["P1", "P3"]
    assert client.get("/api/programmes").json()[0]["own_commitments_usd"] == "600"
    _problem(client.get("/api/projects/P2"), 404)
    assert client.post("/api/projects/P2/restore", headers={"If-Match": '"2"'}).status_code == 200
    assert client.get("/api/programmes").json()[0]["own_commitments_usd"] == "800"


def test_create_a_project_with_its_links(team: Team) -> None:
    client = team.client("ed")
    created = client.post(
        "/api/projects",
        json={
            "id": "P10",
            "programme": "xx-demo",
            "name": "Bridge",
            "country": "KZ",
            "institution": "IBRD",
            "instrument": "IPF",
            "status": "active",
            "dates": {"approval": "2026-11-20"},
            "commitment": {"amount": 100, "currency": "USD"},
            "sectors": [{"code": "21020", "percentage": 100}],
            "locations": [{"name": "Shymkent", "kind": "city", "region": "Shymkent"}],
            "objectives": ["O1"],
            "source": "board paper",
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["links"] == [
        {"programme": "xx-demo", "priority_areas": ["PA1"], "objectives": ["O1"], "carried_from": None}
    ]
    assert client.get("/api/programmes").json()[0]["own_commitments_usd"] == "900"
    again = client.post("/api/projects", json={**created.json(), "programme": "xx-demo"} | {"id": "P10"})
    assert again.status_code == 422  # the public form is not a create payload: unknown fields are refused
    duplicate = client.post(
        "/api/projects",
        json={
            "id": "P1",
            "programme": "xx-demo",
            "name": "Again",
            "country": "KZ",
            "institution": "IBRD",
            "instrument": "IPF",
            "status": "pipeline",
            "illustrative": True,
        },
    )
    assert _problem(duplicate, 409)["field"] == "id"


def test_the_results_framework_is_edited_by_administrators_and_stays_coherent(team: Team) -> None:
    admin = team.client("boss")
    area = admin.post("/api/priority-areas", json={"programme": "xx-demo", "code": "PA3", "title": "Energy"})
    assert area.status_code == 201 and area.json()["position"] == 2
    objective = admin.post(
        "/api/objectives", json={"programme": "xx-demo", "priority_area": "PA3", "code": "O3", "title": "Cleaner power"}
    )
    assert objective.status_code == 201
    editor = team.client("ed")
    assert (
        editor.post("/api/priority-areas", json={"programme": "xx-demo", "code": "PA4", "title": "X"}).status_code
        == 403
    )
    indicator = editor.post(
        "/api/indicators",
        json={
            "programme": "xx-demo",
            "objective": "O3",
            "code": "I3",
            "name": "Renewable capacity",
            "unit": "MW",
            "direction": "increase",
            "aggregation": "sum",
            "kind": "objective",
            "baseline": {"value": 0, "date": "2025-07-01"},
            "target": {"value": 500, "date": "2028-06-30"},
            "source": "CPF",
        },
    )
    assert indicator.status_code == 201, indicator.text
    clash = editor.post(
        "/api/indicators",
        json={
            "programme": "xx-demo",
            "objective": "O3",
            "code": "PA1",
            "name": "x",
            "unit": "u",
            "direction": "increase",
            "aggregation": "sum",
            "kind": "objective",
            "source": "s",
        },
    )
    assert _problem(clash, 422)["field"] == "code"
    backwards = editor.patch(
        f"/api/indicators/{indicator.json()['id']}",
        json={"target": {"value": 500, "date": "2024-06-30"}},
        headers={"If-Match": '"1"'},
    )
    assert "before baseline" in _problem(backwards, 422)["detail"]
    framework = admin.get("/api/programmes/xx-demo").json()["programme"]["priority_areas"]
    assert [a["code"] for a in framework] == ["PA1", "PA2", "PA3"]
    assert framework[2]["objectives"][0]["indicators"][0]["code"] == "I3"
    in_use = admin.delete(f"/api/objectives/{objective.json()['id']}", headers={"If-Match": '"1"'})
    assert "still holds 1 live indicators" in _problem(in_use, 409)["detail"]
    assert editor.delete(f"/api/indicators/{indicator.json()['id']}", headers={"If-Match": '"1"'}).status_code == 200
    assert admin.delete(f"/api/objectives/{objective.json()['id']}", headers={"If-Match": '"1"'}).status_code == 200
    areas = [a["code"] for a in admin.get("/api/programmes/xx-demo").json()["programme"]["priority_areas"]]
    assert areas == ["PA1", "PA2", "PA3"] and admin.get("/api/objectives", params={"priority_area": "PA3"}).json() == []


def test_programmes_are_written_by_administrators(team: Team) -> None:
    admin = team.client("boss")
    tag = _etag(admin, "/api/programmes/xx-demo")
    editor = team.client("ed")
    _problem(editor.patch("/api/programmes/xx-demo", json={"title": "Mine"}, headers={"If-Match": tag}), 403)
    shorter = admin.patch("/api/programmes/xx-demo", json={"period_end": "2026-12-31"}, headers={"If-Match": tag})
    assert _problem(shorter, 422)["field"] in ("period_end", "record")
    renamed = admin.patch("/api/programmes/xx-demo", json={"title": "Demo, renamed"}, headers={"If-Match": tag})
    assert renamed.status_code == 200 and renamed.headers["ETag"] == '"2"'
    assert admin.get("/api/programmes/xx-demo").json()["programme"]["title"] == "Demo, renamed"
    new = admin.post(
        "/api/programmes",
        json={
            "id": "yy-2027-2030",
            "country": "UZ",
            "title": "Another",
            "period_start": "2026-07-01",
            "period_end": "2030-06-30",
            "fy_start_month": 7,
            "status": "draft",
            "envelope": [{"fy": 2027, "total": {"amount": 500, "currency": "USD"}, "illustrative": True}],
            "illustrative": True,
        },
    )
    assert new.status_code == 201, new.text
    assert [p["id"] for p in admin.get("/api/programmes", params={"sort": "id"}).json()] == ["xx-demo", "yy-2027-2030"]


def test_ratings_and_sort_ratings(team: Team) -> None:
    client = team.client("ed")
    rating = client.post(
        "/api/ratings", json={"project": "P1", "kind": "DO", "date": "2027-01-15", "rating": "MS", "source": "ISR 4"}
    )
    assert rating.status_code == 201
    assert [
        r["rating"] for r in client.get("/api/ratings", params={"project": "P1", "kind": "DO", "sort": "date"}).json()
    ] == [
        "S",
        "MS",
    ]
    both = client.post(
        "/api/sort-ratings",
        json={
            "programme": "xx-demo",
            "project": "P1",
            "category": "fiduciary",
            "date": "2027-01-15",
            "rating": "High",
            "source": "s",
        },
    )
    assert _problem(both, 422)["field"] == "project"
    sort = client.post(
        "/api/sort-ratings",
        json={"programme": "xx-demo", "category": "fiduciary", "date": "2027-01-15", "rating": "High", "source": "s"},
    )
    assert sort.status_code == 201
    listed = client.get("/api/sort-ratings", params={"programme": "xx-demo", "rating": "High"}).json()
    assert {r["category"] for r in listed} == {"macroeconomic", "fiduciary"}


def test_overview_figures_follow_every_write(team: Team) -> None:
    """The overview cache never serves figures older than a write."""
    reader, editor = team.client(), team.client("ed")
    assert "Road one" in reader.get("/programmes/xx-demo").text
    first = reader.get("/api/programmes/xx-demo/envelope", params={"as_of": "2027-06-30"}).json()
    again = reader.get("/api/programmes/xx-demo/envelope", params={"as_of": "2027-06-30"}).json()
    assert first == again
    tag = _etag(editor, "/api/projects/P1")
    editor.patch(
        "/api/projects/P1",
        json={"commitment": {"amount": 650, "currency": "USD"}, "name": "Road uno"},
        headers={"If-Match": tag},
    )
    after = reader.get("/api/programmes/xx-demo/envelope", params={"as_of": "2027-06-30"}).json()
    assert Decimal(after["committed_usd"]) == Decimal(first["committed_usd"]) + 50
    assert reader.get("/api/programmes/xx-demo").json()["summary"]["own_commitments_usd"] == "850"
    page = reader.get("/programmes/xx-demo")
    assert page.status_code == 200 and "Road uno" in page.text and "Road one" not in page.text


def test_no_default_stands_in_for_a_choice_that_changes_a_figure(team: Team) -> None:
    """A currency, an indicator's direction, aggregation and kind, a programme's fiscal year: asked, never assumed."""
    admin = team.client("boss")
    before = snapshot(team.store)
    transaction = {"project": "P1", "type": "disbursement", "date": "2026-03-01", "amount": {"amount": 5}}
    assert _problem(admin.post("/api/transactions", json={**transaction, "source": "s"}), 422)["field"] == (
        "amount.currency"
    )
    tag = _etag(admin, "/api/projects/P1")
    commitment = admin.patch("/api/projects/P1", json={"commitment": {"amount": 650}}, headers={"If-Match": tag})
    assert _problem(commitment, 422)["field"] == "commitment.currency"
    indicator = {"programme": "xx-demo", "objective": "O1", "code": "I9", "name": "x", "unit": "u", "source": "s"}
    chosen = {"direction": "decrease", "aggregation": "max", "kind": "supplementary"}
    for field in chosen:
        body = {**indicator, **{k: v for k, v in chosen.items() if k != field}}
        assert _problem(admin.post("/api/indicators", json=body), 422)["field"] == field
    programme = {
        "id": "yy-2027-2030",
        "country": "UZ",
        "title": "Another",
        "period_start": "2026-07-01",
        "period_end": "2030-06-30",
        "status": "draft",
        "illustrative": True,
    }
    assert _problem(admin.post("/api/programmes", json=programme), 422)["field"] == "fy_start_month"
    assert snapshot(team.store) == before


def test_a_measurement_keeps_its_published_bound_and_its_quote(team: Team) -> None:
    client = team.client("ed")
    base = {"programme": "xx-demo", "indicator": "I1", "project": "P2", "date": "2027-03-31", "source": "ISR 6"}
    quote = "More than 120 beneficiaries were reached by 31 March 2027."
    floor = client.post(
        "/api/measurements", json={**base, "value": 120, "qualifier": "at_least", "verified": True, "quote": quote}
    )
    assert floor.status_code == 201, floor.text
    stored = client.get(floor.headers["Location"]).json()
    assert (stored["value"], stored["qualifier"], stored["verified"], stored["quote"]) == (
        "120",
        "at_least",
        True,
        quote,
    )
    unquoted = client.post("/api/measurements", json={**base, "value": 130, "verified": True})
    assert _problem(unquoted, 422)["field"] == "quote"
    exact = client.post("/api/measurements", json={**base, "value": 120, "verified": True, "quote": quote})
    assert "give qualifier at_least" in _problem(exact, 422)["detail"]
    wrong = client.post("/api/measurements", json={**base, "value": 125, "qualifier": "maybe", "source": "s"})
    assert _problem(wrong, 422)["field"] == "qualifier"
