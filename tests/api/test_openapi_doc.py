"""The OpenAPI document: errors as problem+json on every operation, and links that name real operations."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from cpfkit.api.app import create_app
from cpfkit.store import Store

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _document(store: Store) -> dict[str, Any]:
    doc: dict[str, Any] = TestClient(create_app(store)).get("/api/openapi.json").json()
    return doc


def test_every_operation_documents_its_errors_as_problem_json(sqlite_store: Store) -> None:
    doc = _document(sqlite_store)
    operations = [(p, m, op) for p, item in doc["paths"].items() for m, op in item.items()]
    assert len(operations) > 50
    for path, method, op in operations:
        responses = op["responses"]
        for status in ("422", "4XX", "429", "500", "503"):
            assert responses[status]["content"] == PROBLEM, (method, path, status)
        assert "Retry-After" in responses["429"]["headers"] and "Retry-After" in responses["503"]["headers"]
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    assert "HTTPValidationError" not in str(doc)  # FastAPI's own error shape is nowhere left
    if_match = [
        p for _, _, op in operations for p in op.get("parameters", []) if (p["in"], p["name"]) == ("header", "If-Match")
    ]
    assert len(if_match) >= 30  # every change, delete and restore of a record
    assert all(p["required"] and p["schema"]["pattern"] == '^(W/)?"[0-9]{1,9}"$' for p in if_match)


def test_links_join_the_routes_of_each_record(sqlite_store: Store) -> None:
    doc = _document(sqlite_store)
    ids = {op["operationId"]: (m, p) for p, item in doc["paths"].items() for m, op in item.items()}
    links = [
        (path, method, status, name, link)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        for status, answer in op["responses"].items()
        for name, link in answer.get("links", {}).items()
    ]
    assert len(links) > 60
    for _path, _method, _status, _name, link in links:
        assert link["operationId"] in ids
    created = doc["paths"]["/api/measurements"]["post"]["responses"]["201"]["links"]
    assert ids[created["ChangeTheRecord"]["operationId"]] == ("patch", "/api/measurements/{record_id}")
    assert created["ChangeTheRecord"]["parameters"] == {
        "record_id": "$response.body#/id",
        "If-Match": "$response.header.ETag",
    }
    deleted = doc["paths"]["/api/measurements/{record_id}"]["delete"]["responses"]["200"]["links"]
    assert ids[deleted["RestoreTheRecord"]["operationId"]] == ("post", "/api/measurements/{record_id}/restore")
