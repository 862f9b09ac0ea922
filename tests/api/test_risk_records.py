"""``/api/risks``: the risk register as editable records, on SQLite and PostgreSQL.

Lists filter by programme, operation, status and tag, sort and download as CSV; writes need an editor of the
entry's programme and the version read (``If-Match``); deleting keeps the entry, restoring brings it back; every
change is in the audit trail.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.api.conftest import Team
from tests.api.test_records import snapshot

ENTRIES: list[dict[str, Any]] = [
    {
        "programme": "xx-demo",
        "title": "Tenge falls",
        "rating": "High",
        "category": "macroeconomic",
        "owner": "Ministry of Finance",
        "factors": ["macroeconomic"],
        "opened": "2026-02-01",
        "illustrative": True,
    },
    {
        "programme": "xx-demo",
        "title": "Rail parts delayed",
        "rating": "Substantial",
        "category": "sector-strategies",
        "owner": "Ministry of Transport",
        "factors": ["supply-chain", "regional-spillover"],
        "project": "P1",
        "opened": "2026-03-01",
        "source": "ISR 3",
    },
    {
        "programme": "xx-demo",
        "title": "Floods",
        "rating": "Moderate",
        "category": "technical-design",
        "owner": "Roads Committee",
        "factors": ["resilience"],
        "opened": "2026-01-10",
        "illustrative": True,
    },
]


def _add_entries(team: Team) -> list[dict[str, Any]]:
    client = team.client("ed")
    out = []
    for body in ENTRIES:
        response = client.post("/api/risks", json=body)
        assert response.status_code == 201, response.text
        assert response.headers["ETag"] == '"1"' and response.headers["Location"].startswith("/api/risks/")
        out.append(response.json())
    return out


def test_entries_are_listed_filtered_sorted_and_downloaded(team: Team) -> None:
    entries = _add_entries(team)
    assert [e["code"] for e in entries] == ["R1", "R2", "R3"]
    assert entries[0]["illustrative"] and not entries[1]["illustrative"]
    client = team.client()
    by_opened = client.get("/api/risks", params={"programme": "xx-demo"}).json()
    assert [e["code"] for e in by_opened] == ["R3", "R1", "R2"]
    assert [e["code"] for e in client.get("/api/risks", params={"project": "P1"}).json()] == ["R2"]
    assert [e["code"] for e in client.get("/api/risks", params={"tag": "regional-spillover"}).json()] == ["R2"]
    assert client.get("/api/risks", params={"tag": "resilience"}).json()[0]["title"] == "Floods"
    ranked = client.get("/api/risks", params={"sort": "-opened", "limit": 2})
    assert [e["code"] for e in ranked.json()] == ["R2", "R1"] and ranked.headers["X-Total-Count"] == "3"
    close = team.client("ed").post("/api/programmes/xx-demo/risks/R1/close", json={"on": "2026-06-30"})
    assert close.status_code == 200
    assert [e["code"] for e in client.get("/api/risks", params={"status": "closed"}).json()] == ["R1"]
    assert [e["code"] for e in client.get("/api/risks", params={"status": "open", "sort": "code"}).json()] == [
        "R2",
        "R3",
    ]
    download = client.get("/api/risks", params={"format": "csv", "sort": "code"})
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [(r["code"], r["status"]) for r in rows] == [("R1", "closed"), ("R2", "open"), ("R3", "open")]
    assert client.get("/api/risks", params={"tag": "weather"}).status_code == 422


def test_writes_need_an_editor_of_the_programme_and_the_version(team: Team) -> None:
    [first, *_] = _add_entries(team)
    path = f"/api/risks/{first['id']}"
    before = snapshot(team.store)
    for who in ("val", "other"):
        client = team.client(who)
        assert client.post("/api/risks", json=ENTRIES[0]).status_code == 403
        assert client.patch(path, json={"rating": "Low"}, headers={"If-Match": '"1"'}).status_code == 403
        assert client.delete(path, headers={"If-Match": '"1"'}).status_code == 403
    assert snapshot(team.store) == before
    editor = team.client("ed")
    changed = editor.patch(path, json={"mitigation": "Hedge the budget"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["ETag"] == '"2"'
    before = snapshot(team.store)
    stale = editor.patch(path, json={"mitigation": "Pray"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    assert editor.patch(path, json={"mitigation": "Pray"}).status_code == 428
    assert snapshot(team.store) == before
    incoherent = editor.patch(path, json={"status": "closed"}, headers={"If-Match": '"2"'})
    assert incoherent.status_code == 422 and incoherent.headers["content-type"] == "application/problem+json"
    elsewhere = editor.patch(path, json={"project": "P404"}, headers={"If-Match": '"2"'})
    assert elsewhere.status_code == 422 and elsewhere.json()["field"] == "project"
    duplicate = editor.post("/api/risks", json={**ENTRIES[0], "code": "R1"})
    assert duplicate.status_code == 409 and duplicate.json()["field"] == "code"


def test_delete_and_restore_leave_a_trace(team: Team) -> None:
    [first, *_] = _add_entries(team)
    path = f"/api/risks/{first['id']}"
    editor = team.client("ed")
    deleted = editor.delete(path, headers={"If-Match": '"1"'})
    assert deleted.status_code == 200 and deleted.json()["deleted_at"] is not None
    assert editor.get(path).status_code == 404
    assert [e["code"] for e in editor.get("/api/programmes/xx-demo/risks").json()] == ["R2", "R3"]
    assert [e["code"] for e in editor.get("/api/risks", params={"deleted": "only"}).json()] == ["R1"]
    body = {"title": "x", "rating": "Low", "category": "other", "owner": "PIU"}
    assert editor.post("/api/programmes/xx-demo/risks", json=body).json()["code"] == "R4"
    restored = editor.post(f"{path}/restore", headers={"If-Match": '"2"'})
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    trail = team.client("val").get("/api/audit", params={"entity": "risk", "id": str(first["id"])}).json()
    assert [(e["actor"], e["action"], e["version"]) for e in reversed(trail)] == [
        ("ed", "create", 1),
        ("ed", "delete", 2),
        ("ed", "restore", 3),
    ]
    assert trail[-1]["after"]["title"] == "Tenge falls" and trail[-1]["programme"] == "xx-demo"


def test_a_new_entry_needs_its_category_rating_and_owner(team: Team) -> None:
    client = team.client("ed")
    full = {"title": "Tenge falls", "rating": "High", "category": "macroeconomic", "owner": "Ministry of Finance"}
    before = snapshot(team.store)
    for field in ("category", "rating", "owner"):
        for body in ({k: v for k, v in full.items() if k != field}, {**full, field: None}):
            for path, extra in (("/api/programmes/xx-demo/risks", {}), ("/api/risks", {"programme": "xx-demo"})):
                refused = client.post(path, json={**body, **extra})
                assert refused.status_code == 422, (path, body)
                assert refused.headers["content-type"] == "application/problem+json"
                assert refused.json()["field"] == field, (path, refused.json())
    blank = client.post("/api/risks", json={**full, "programme": "xx-demo", "owner": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "owner"
    assert snapshot(team.store) == before  # nothing stored, not even an audit entry
    created = client.post("/api/programmes/xx-demo/risks", json=full)
    assert created.status_code == 201
    entry = client.get("/api/risks", params={"programme": "xx-demo"}).json()[0]
    tag = client.get(f"/api/risks/{entry['id']}").headers["ETag"]
    for field in ("category", "owner"):  # a chosen value cannot be taken back to nothing either
        cleared = client.patch(f"/api/risks/{entry['id']}", json={field: None}, headers={"If-Match": tag})
        assert cleared.status_code == 422 and cleared.json()["field"] == field
