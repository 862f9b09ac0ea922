"""The team deployment: ``cpfkit serve --workers 2`` on PostgreSQL, as docs/deploy.md describes it.

Each worker process keeps its own overview cache; a write through one worker must show at once in the
figures every worker serves.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cpfkit import services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.workplace import accounts
from tests.conftest import DEMO
from tests.pg import fresh_database

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(pg_admin_url: str) -> Iterator[tuple[str, str]]:
    """A PostgreSQL database with the demo programme, served by two workers; yields (base URL, editor token)."""
    with fresh_database(pg_admin_url) as url:
        store = Store(url)
        services.init_store(store, autoload=False, settings=Settings(demo_users=False))
        services.load_folders(store, [DEMO])
        actor = Actor("test setup", via="cli")
        accounts.add_user(
            store,
            accounts.UserCreate(name="ed", role="editor", password="steppe-falcon-42", programmes=["xx-demo"]),
            actor,
        )
        token = accounts.create_token(store, "ed", "deploy test", actor)[0]
        store.dispose()
        port = _free_port()
        cpfkit = str(Path(sys.executable).parent / "cpfkit")
        process = subprocess.Popen(
            [
                cpfkit,
                "--db",
                url,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--no-access-log",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{base}/api/programmes", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "cpfkit serve did not start"
                assert process.poll() is None, "cpfkit serve stopped"
                time.sleep(0.3)
            yield base, token
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _names(base: str, times: int) -> set[str]:
    """The name of P1 as the overview shows it, read on fresh connections (spread over the workers)."""
    seen = set()
    for _ in range(times):
        with httpx.Client(base_url=base, timeout=30) as client:
            rows = client.get("/api/programmes/xx-demo/projects").json()
            seen.add(next(r["name"] for r in rows if r["id"] == "P1"))
    return seen


def test_two_workers_on_postgresql_serve_every_write_at_once(served: tuple[str, str]) -> None:
    base, token = served
    assert _names(base, 8) == {"Road one"}  # both workers now hold the overview in their caches
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as editor:
        read = editor.get("/api/projects/P1")
        changed = editor.patch(
            "/api/projects/P1", json={"name": "Road one, renamed"}, headers={"If-Match": read.headers["ETag"]}
        )
        assert changed.status_code == 200, changed.text
        stale = editor.patch("/api/projects/P1", json={"name": "lost?"}, headers={"If-Match": read.headers["ETag"]})
        assert stale.status_code == 412
    assert _names(base, 8) == {"Road one, renamed"}
