"""Exact decimals through the API: read without a float, refused rather than rounded, written back digit for digit.

On SQLite (money kept as text) and PostgreSQL (NUMERIC(38, 10)) alike: the same
amounts read back as the same strings.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from cpfkit.store import Store
from cpfkit.store.types import ExactDecimal
from tests.api.conftest import Team
from tests.helpers import snapshot

pytestmark = pytest.mark.usefixtures("frozen_clock")

AMOUNTS = ["9999999999999.99", "10000000000000", "0.01", "1234567890123.45", "12.5"]
FIGURES = ["-9999999999999.9999999999", "0.0000000001", "-1234567.0123456789", "250"]


def stored(store: Store) -> dict[str, Any]:
    """Every table but the tokens' (whose last use each request notes)."""
    tables = snapshot(store)
    tables.pop("api_tokens", None)
    return tables


def _post(client: Any, path: str, body: str) -> Any:
    return client.post(path, content=body, headers={"Content-Type": "application/json"})


def _transaction(amount: str, *, quoted: bool = False) -> str:
    literal = f'"{amount}"' if quoted else amount
    return (
        '{"project": "P1", "type": "disbursement", "date": "2026-10-01", '
        f'"amount": {{"amount": {literal}, "currency": "USD"}}, "illustrative": true}}'
    )


@pytest.mark.parametrize("amount", AMOUNTS)
def test_amounts_go_in_and_come_back_digit_for_digit(team: Team, amount: str) -> None:
    client = team.client("ed")
    for quoted in (False, True):
        created = _post(client, "/api/transactions", _transaction(amount, quoted=quoted))
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["amount"]["amount"] == amount and body["amount_usd"] == amount
        again = client.get(f"/api/transactions/{body['id']}").json()
        assert again["amount"] == {"amount": amount, "currency": "USD"}
        csv = client.get("/api/transactions", params={"project": "P1", "format": "csv"}).text
        assert f",{amount}," in csv


def test_a_json_number_is_never_read_through_a_float(team: Team) -> None:
    client = team.client("ed")
    created = _post(client, "/api/transactions", _transaction("1234567890123.47"))
    # 1234567890123.47 is 1234567890123.4700927734375 as a float: read as written, it stays what was sent
    assert created.status_code == 201 and created.json()["amount"]["amount"] == "1234567890123.47"
    exact = Decimal("1234567890123.47")
    kept = [row for rows in stored(team.store).values() for row in rows if exact in row]
    assert len(kept) == 1  # the transaction row holds the amount (and its US dollars) exactly


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12345678901234567.89", "above the ceiling of 10000000000000"),
        ("10000000000000.01", "above the ceiling"),
        ("0.125", "more than 2 decimals; nothing is rounded"),
        ("1.000000000000000001", "more than 2 decimals"),
        ('"1,5"', "'1,5' uses a decimal comma (write 1.5)"),
        ('"1,500"', "could be a thousand or a decimal (write 1500 or 1.500)"),
        ('"1e14"', "above the ceiling"),
        ("1e20", "above the ceiling"),
        ("true", "yes/no value"),
    ],
)
def test_over_precise_and_huge_amounts_are_refused_naming_the_field_and_nothing_is_stored(
    team: Team, amount: str, words: str
) -> None:
    before = stored(team.store)
    refused = _post(team.client("ed"), "/api/transactions", _transaction(amount))
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["field"] == "amount.amount" and words in problem["detail"]
    assert stored(team.store) == before


def test_nan_and_infinity_are_not_json_numbers(team: Team) -> None:
    before = stored(team.store)
    for literal in ("NaN", "Infinity", "-Infinity"):
        refused = _post(team.client("ed"), "/api/transactions", _transaction(literal))
        assert refused.status_code == 400 and refused.headers["content-type"] == "application/problem+json"
    assert stored(team.store) == before


@pytest.mark.parametrize("value", FIGURES)
def test_figures_keep_ten_decimals_negative_too(team: Team, value: str) -> None:
    client = team.client("ed")
    body = (
        json.dumps(
            {"programme": "xx-demo", "indicator": "I1", "project": "P1", "date": "2027-03-31", "source": "ISR 6"}
        )[:-1]
        + f', "value": {value}}}'
    )
    created = _post(client, "/api/measurements", body)
    assert created.status_code == 201, created.text
    assert created.json()["value"] == value
    assert client.get(f"/api/measurements/{created.json()['id']}").json()["value"] == value


def test_a_figure_with_eleven_decimals_is_refused(team: Team) -> None:
    body = (
        '{"programme": "xx-demo", "indicator": "I1", "project": "P1", "date": "2027-03-31", '
        '"source": "ISR 6", "value": 0.00000000001}'
    )
    before = stored(team.store)
    refused = _post(team.client("ed"), "/api/measurements", body)
    assert refused.status_code == 422 and refused.json()["field"] == "value"
    assert "more than 10 decimals" in refused.json()["detail"]
    assert stored(team.store) == before


def test_the_column_type_keeps_every_digit_on_each_database(empty_store: Store) -> None:
    """Money is text on SQLite and NUMERIC(38, 10) on PostgreSQL: the same decimals come back equal."""
    table = Table("exact_probe", MetaData(), Column("id", Integer, primary_key=True), Column("v", ExactDecimal()))
    values = [Decimal(v) for v in (*AMOUNTS, *FIGURES, "-9999999999999.99", "0")]
    with empty_store.engine.begin() as conn:
        table.create(conn)
        conn.execute(insert(table), [{"id": i, "v": v} for i, v in enumerate(values)])
    with empty_store.engine.connect() as conn:
        back = [row.v for row in conn.execute(select(table).order_by(table.c.id))]
    assert back == values  # numerically equal on both (PostgreSQL pads to ten decimals)
    from cpfkit.model.base import json_number

    assert [json_number(v) for v in back] == [json_number(v) for v in values]


def test_the_openapi_document_says_amounts_are_exact_strings(team: Team) -> None:
    document = team.client().get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    public = schemas["TransactionPublic"]["properties"]
    assert public["amount_usd"]["type"] == "string"
    amount_in = schemas["MoneyIn"]["properties"]["amount"]
    kinds = {s.get("type") for s in amount_in.get("anyOf", [amount_in])}
    assert kinds == {"number", "string"} and "10^13" in amount_in["description"]
