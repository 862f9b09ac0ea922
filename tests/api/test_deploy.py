"""The team deployment: ``cpfkit serve --workers 2`` on PostgreSQL, as docs/deploy.md describes it.

Each worker process keeps its own overview cache; a write through one worker must show at once in the
figures every worker serves.  Each read tells which worker answered it (``/api/health`` on the same
connection), and the test sees both.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import fresh_database
from tests.server import Server, prepare

pytestmark = pytest.mark.postgres


@pytest.fixture
def served(pg_admin_url: str, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """A PostgreSQL database with the demo programme, served by two workers; yields (server, editor token)."""
    with fresh_database(pg_admin_url) as url:
        token = prepare(url)
        server = Server(url, tmp_path, workers=2)
        server.start()
        try:
            yield server, token
        finally:
            server.stop()


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def _names(server: Server, *, at_most: int = 60) -> dict[int, set[str]]:
    """The name of P1 in the overview, by the worker that served it; read until both workers have.

    Each read is on a new connection; ``/api/health`` on that connection first says which worker holds it.
    """
    seen: dict[int, set[str]] = {}
    for _ in range(at_most):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            status, health = _get(connection, "/api/health")
            assert status == 200
            status, body = _get(connection, "/api/programmes/xx-demo/projects")
            assert status == 200
        finally:
            connection.close()
        name = next(r["name"] for r in json.loads(body) if r["id"] == "P1")
        seen.setdefault(json.loads(health)["worker"], set()).add(name)
        if len(seen) == 2:
            break
    assert len(seen) == 2, f"only worker {sorted(seen)} answered in {at_most} reads"
    return seen


def test_two_workers_on_postgresql_serve_every_write_at_once(served: tuple[Server, str]) -> None:
    server, token = served
    before = _names(server)  # both workers now hold the overview in their caches
    assert all(names == {"Road one"} for names in before.values())
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", "/api/projects/P1")
        read = connection.getresponse()
        read.read()
        version = str(read.getheader("ETag"))
        for name, expected in (("Road one, renamed", 200), ("lost?", 412)):
            connection.request(
                "PATCH", "/api/projects/P1", body=json.dumps({"name": name}), headers={**auth, "If-Match": version}
            )
            answer = connection.getresponse()
            text = answer.read()
            assert answer.status == expected, text
    finally:
        connection.close()
    after = _names(server)
    assert all(names == {"Road one, renamed"} for names in after.values())  # every worker, at once
