"""Every record comes back in one order: its identity, its own fields, then the metadata every record shares.

The order is written in docs/api.md, 'Record fields'; JSON, CSV and the
OpenAPI document follow it.
"""

from __future__ import annotations

import csv
import io

from cpfkit.store.records import RESOURCES
from tests.api.conftest import Team

METADATA = [
    "source",
    "illustrative",
    "illustrative_fields",
    "origin",
    "version",
    "created_at",
    "updated_at",
    "deleted_at",
]
IDENTITY = {
    "programme": ["id"],
    "priority_area": ["id", "programme", "code"],
    "objective": ["id", "programme", "priority_area", "code"],
    "indicator": ["id", "programme", "objective", "code"],
    "measurement": ["id", "programme", "indicator"],
    "project": ["id", "owner_programme"],
    "transaction": ["id", "project"],
    "rating": ["id", "project"],
    "sort_rating": ["id", "programme", "project"],
    "risk": ["id", "programme", "code"],
}


def test_every_public_form_starts_with_its_identity_and_ends_with_the_metadata() -> None:
    assert sorted(res.name for res in RESOURCES) == sorted(IDENTITY)
    for res in RESOURCES:
        fields = list(res.public_schema.model_fields)
        identity = IDENTITY[res.name]
        assert fields[: len(identity)] == identity, res.name
        assert fields[-len(METADATA) :] == METADATA, res.name
        assert not set(METADATA) & set(fields[: -len(METADATA)]), res.name


def test_the_openapi_document_gives_the_fields_in_the_same_order(team: Team) -> None:
    schemas = team.client().get("/api/openapi.json").json()["components"]["schemas"]
    for res in RESOURCES:
        public = res.public_schema
        assert list(schemas[public.__name__]["properties"]) == list(public.model_fields), res.name
        assert set(METADATA) <= set(schemas[public.__name__]["required"]), res.name


def test_json_and_csv_give_a_transaction_the_documented_columns(team: Team) -> None:
    client = team.client()
    record = client.get("/api/transactions", params={"limit": 1}).json()[0]
    header = next(csv.reader(io.StringIO(client.get("/api/transactions", params={"format": "csv"}).text)))
    assert list(record) == [
        "id",
        "project",
        "type",
        "date",
        "amount",
        "amount_usd",
        "fx_rate",
        "fx_period",
        "note",
        *METADATA,
    ]
    assert header == [
        "id",
        "project",
        "type",
        "date",
        "amount.amount",
        "amount.currency",
        "amount_usd",
        "fx_rate",
        "fx_period",
        "note",
        *METADATA,
    ]
    assert record["origin"] == "xx-demo" and record["version"] == 1


def test_a_record_without_provenance_or_times_shows_them_empty(team: Team) -> None:
    client = team.client()
    area = client.get("/api/priority-areas", params={"limit": 1}).json()[0]
    assert list(area) == ["id", "programme", "code", "title", "description", "cross_cutting", "position", *METADATA]
    assert (area["source"], area["illustrative"], area["illustrative_fields"], area["origin"]) == (
        None,
        False,
        [],
        None,
    )
    assert (area["created_at"], area["updated_at"], area["deleted_at"]) == (None, None, None)
    header = next(csv.reader(io.StringIO(client.get("/api/priority-areas", params={"format": "csv"}).text)))
    assert header == list(area)
    project = client.get("/api/projects", params={"limit": 1}).json()[0]
    assert list(project)[:2] == ["id", "owner_programme"] and list(project)[-len(METADATA) :] == METADATA
    assert project["origin"] is None and project["created_at"] is not None
