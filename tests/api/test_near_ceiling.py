"""After an amount near the ceiling is accepted, every page, report and endpoint of its programme still answers.

And amounts stored before there was a ceiling (far larger ones) or thousands of
amounts near it never make the engines overflow: the ledger falls back from
int64 to Python integers, and its figures stay exact (checked against the
int64 path on the embedded programme).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from cpfkit.jsonable import jsonable
from cpfkit.reference import load_fx
from cpfkit.reports.portfolio import portfolio_report
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.analytics import prepare, read_columns
from cpfkit.store.repository import load_programme
from cpfkit.store.repository_portfolio import list_risks
from cpfkit.store.series import build_series
from cpfkit.store.tables import TransactionRow
from tests.api.conftest import Team

pytestmark = pytest.mark.usefixtures("frozen_clock")

PAGES = ("", "/results", "/portfolio", "/risk", "/plan", "/reports")
REPORTS = ("results-matrix", "plr", "clr")
FORMATS = ("html", "xlsx", "json")


def _get_paths(client: Any) -> list[str]:
    """Every GET route of the API that names a programme or an operation, for xx-demo and P1."""
    document = client.get("/api/openapi.json").json()
    out = []
    for path, operations in document["paths"].items():
        if "get" not in operations or not re.search(r"\{(programme_id|project_id)\}", path):
            continue
        if path.endswith("/appraisal") or "{kind}" in path or re.search(r"\{(?!programme_id|project_id)", path):
            continue
        out.append(path.replace("{programme_id}", "xx-demo").replace("{project_id}", "P1"))
    return out


def _everything_answers(team: Team) -> list[str]:
    client = team.client("ed", raise_server_exceptions=False)
    paths = [
        *(f"/programmes/xx-demo{p}" for p in PAGES),
        "/projects/P1",
        "/",
        *_get_paths(client),
        *(f"/api/programmes/xx-demo/reports/{r}?format={f}" for r in REPORTS for f in FORMATS),
        "/api/programmes/xx-demo/reports/clr?format=pdf",
        "/api/programmes",
        "/api/projects?programme=xx-demo",
        "/api/transactions?project=P1",
        "/api/transactions?project=P1&format=csv",
    ]
    failed = []
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            failed.append(f"{path}: {response.status_code} {response.text[:200]}")
    assert len(paths) > 20
    return failed


def _ledger_row(store: Store, amount: str) -> dict[str, Any]:
    with store.engine.connect() as conn:
        row = conn.execute(select(TransactionRow.__table__).where(TransactionRow.project_id == "P1")).mappings().first()
    assert row is not None
    values = {k: v for k, v in row.items() if k != "id"}
    return {**values, "amount": Decimal(amount), "amount_usd": Decimal(amount), "type": "disbursement"}


def _insert(store: Store, amount: str, times: int) -> None:
    """Rows as an older cpfkit stored them, without a ceiling (written straight to the table)."""
    row = _ledger_row(store, amount)
    with store.engine.begin() as conn:
        conn.execute(TransactionRow.__table__.insert(), [row] * times)


def _disbursed(team: Team) -> Decimal:
    response = team.client("val").get("/api/programmes/xx-demo/portfolio", params={"as_of": "2027-06-30"})
    assert response.status_code == 200, response.text
    return Decimal(response.json()["indicators"]["disbursed_usd"])


def test_every_page_report_and_endpoint_answers_after_amounts_at_the_ceiling(team: Team) -> None:
    editor = team.client("ed")
    for amount, currency in (("9999999999999.99", "USD"), ("10000000000000", "KZT")):
        created = editor.post(
            "/api/transactions",
            json={
                "project": "P1",
                "type": "disbursement",
                "date": "2026-10-01",
                "amount": {"amount": amount, "currency": currency},
                "illustrative": True,
            },
        )
        assert created.status_code == 201, created.text
    tag = editor.get("/api/projects/P2").headers["ETag"]
    changed = editor.patch(
        "/api/projects/P2",
        json={"commitment": {"amount": "9999999999999.99", "currency": "USD"}},
        headers={"If-Match": tag},
    )
    assert changed.status_code == 200, changed.text
    _insert(team.store, "12345678901234567.89", 1)  # and one stored before there was a ceiling
    assert _everything_answers(team) == []


@pytest.mark.parametrize(
    ("amount", "times"),
    [("12345678901234567.89", 1), ("900000000000000", 2), ("9999999999999.99", 10_000), ("0.123456789", 3)],
)
def test_amounts_stored_before_the_ceiling_break_nothing_and_sum_exactly(team: Team, amount: str, times: int) -> None:
    before = _disbursed(team)
    _insert(team.store, amount, times)
    assert _disbursed(team) == before + Decimal(amount) * times
    client = team.client("val", raise_server_exceptions=False)
    for path in ("/programmes/xx-demo/portfolio", "/programmes/xx-demo/risk", "/projects/P1", "/programmes/xx-demo"):
        assert client.get(path).status_code == 200, path


def test_the_python_integer_ledger_gives_the_figures_of_the_int64_one(embedded_store: Store) -> None:
    """The slow exact path is held to the fast one: same review, every figure, on the embedded programme."""
    programme_id, as_of = "kz-2026-2031", date(2026, 11, 2)
    with embedded_store.reader() as session:
        programme = load_programme(session, programme_id)
        risks = list_risks(session, programme_id)
    with embedded_store.engine.connect() as conn:
        raw = read_columns(conn, programme_id)
    fast = prepare(raw)
    wide = prepare(raw)
    ids = raw["projects"]["id"]
    pnos = raw["projects"].get("pno") or range(1, len(ids) + 1)
    wide.ledger = build_series(dict(zip(ids, pnos, strict=True)), raw, wide=True)[0]
    assert fast.ledger.value.dtype != object and wide.ledger.value.dtype == object
    assert [int(v) for v in fast.ledger.value] == list(wide.ledger.value)
    one = jsonable(portfolio_report(fast, programme, as_of, load_fx(), None, risks))
    other = jsonable(portfolio_report(wide, programme, as_of, load_fx(), None, risks))
    assert one == other
    assert Decimal(one["indicators"]["net_commitment_usd"]) > 0


def test_an_unexpected_error_is_a_problem_not_plain_text(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a fault of the server")

    monkeypatch.setattr(services, "programmes", broken)
    client = team.client("val", raise_server_exceptions=False)
    response = client.get("/api/programmes")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "a fault of the server" not in response.text and response.json()["status"] == 500
