"""Concurrent edits never lose an update: on SQLite and PostgreSQL, through the API and at the UPDATE itself."""

from __future__ import annotations

import asyncio
import threading
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select

from cpfkit.errors import VersionMismatch
from cpfkit.store import Store
from cpfkit.store.records import resource
from cpfkit.store.records.base import _write
from cpfkit.store.tables import ProjectRow
from cpfkit.workplace import editing
from cpfkit.workplace.roles import cli_principal
from tests.api.conftest import Team

WRITERS = 4
EDITS_EACH = 3


async def _increment(client: httpx.AsyncClient, times: int) -> tuple[int, int]:
    """Add 1 to P1's commitment ``times`` times, re-reading after every refused (stale) write."""
    accepted = refused = 0
    while accepted < times:
        read = await client.get("/api/projects/P1")
        amount = Decimal(str(read.json()["project"]["commitment"]["amount"]))
        write = await client.patch(
            "/api/projects/P1",
            json={"commitment": {"amount": str(amount + 1), "currency": "USD"}},
            headers={"If-Match": read.headers["ETag"]},
        )
        assert write.status_code in (200, 412), write.text
        if write.status_code == 200:
            accepted += 1
        else:
            refused += 1
    return accepted, refused


def test_concurrent_writers_through_the_api_lose_nothing(team: Team) -> None:
    async def run() -> list[tuple[int, int]]:
        transport = httpx.ASGITransport(app=team.app)
        headers = {"Authorization": f"Bearer {team.tokens['ed']}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers) as client:
            return await asyncio.gather(*(_increment(client, EDITS_EACH) for _ in range(WRITERS)))

    results = asyncio.run(run())
    accepted = sum(a for a, _ in results)
    assert accepted == WRITERS * EDITS_EACH
    client = team.client("val")
    final = client.get("/api/projects/P1")
    assert final.json()["project"]["commitment"]["amount"] == str(600 + accepted)
    assert final.headers["ETag"] == f'"{1 + accepted}"'
    trail = client.get("/api/audit", params={"entity": "project", "id": "P1", "sort": "at", "limit": 1000}).json()
    assert len(trail) == accepted
    steps = [(e["before"]["commitment"]["amount"], e["after"]["commitment"]["amount"]) for e in trail]
    assert steps == [
        (str(600 + i), str(601 + i)) for i in range(accepted)
    ]  # every accepted edit, each on top of the last
    assert [e["version"] for e in trail] == list(range(2, 2 + accepted))


def test_two_writers_of_the_same_version_one_wins(demo_store: Store) -> None:
    res = resource("projects")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(text: str) -> None:
        barrier.wait()
        try:
            editing.update(demo_store, res, "P1", res.update_schema(description=text), 1, cli_principal(text))
            outcomes.append("won")
        except VersionMismatch:
            outcomes.append("refused")

    threads = [threading.Thread(target=write, args=(name,)) for name in ("alice", "bruno")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "won"]
    assert editing.version_of(demo_store, res, "P1") == 2


def test_the_update_itself_refuses_a_version_that_moved_on(demo_store: Store) -> None:
    """Even after the version was read and checked, a concurrent commit makes the guarded UPDATE change nothing."""
    res = resource("projects")
    with demo_store.transaction() as session:
        row = session.get(ProjectRow, "P1")
        assert row is not None and row.version == 1
        with demo_store.transaction() as other:  # another writer commits meanwhile
            editing_row = other.get(ProjectRow, "P1")
            assert editing_row is not None
            _write(other, res, editing_row, 1, {"description": "theirs"})
        with pytest.raises(VersionMismatch) as refused:
            _write(session, res, row, 1, {"description": "mine"})
        assert refused.value.current == 2
    with demo_store.reader() as session:
        assert session.scalars(select(ProjectRow.description).where(ProjectRow.id == "P1")).one() == "theirs"
