"""No acknowledged write is ever lost: the server, the command line and other programs on one database.

Everything runs as separate processes, as in a real deployment: ``cpfkit serve --workers 2`` takes
concurrent API writes while the portfolio review is read (the review keeps a copy of the tables
beside a SQLite file), ``cpfkit`` commands read and write the same database, and a plain driver
connection opens and closes it again and again.  In one test the server is then killed with SIGKILL
in the middle of writing, restarted, and written to again; in the other it is stopped cleanly in the
middle of writing (two tests, so that each stays well under the suite's ceiling and the test runners
share them out).  Each time every write that was answered 2xx is in the database, the audit trail
has exactly one entry for each, and the database's own integrity check passes.  On SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from cpfkit.store import Store
from cpfkit.store.tables import TransactionRow
from cpfkit.store.tables_portfolio import RiskEntryRow
from tests.integrity import integrity
from tests.server import Server, prepare, run_cli

SOURCE = "durability test"


@pytest.fixture
def database(db_url: str) -> tuple[str, str]:
    """The demo programme in a new database of each kind: (URL, the editor's token)."""
    return db_url, prepare(db_url)


@dataclass
class Load:
    """The writes and reads thrown at the server, and what came back."""

    server: Server
    token: str
    acknowledged: dict[int, Decimal] = field(default_factory=dict)  # transaction id -> amount, answered 2xx
    by_worker: dict[int, int] = field(default_factory=dict)  # worker pid -> writes it acknowledged
    refused: list[str] = field(default_factory=list)  # answers that were neither 2xx nor a dropped connection
    portfolio_reads: int = 0
    risks: list[str] = field(default_factory=list)  # risk codes `cpfkit risk add` reported added
    cli_failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)

    def write(self, writer: int) -> None:
        """POST transactions until told to stop."""
        n = 0
        while not self.stop.is_set():
            n += 1
            self.write_once(writer, n)
            time.sleep(0.02)

    def write_once(self, writer: int, n: int) -> None:
        """POST the writer's ``n``-th transaction on a new connection, which tells its worker first."""
        amount = Decimal(f"{writer}{n}.{n % 100:02d}")
        body = {
            "project": "P1",
            "type": "disbursement",
            "date": "2026-02-01",
            "amount": {"amount": str(amount), "currency": "USD"},
            "source": SOURCE,
            "note": f"writer {writer}, write {n}",
        }
        connection = self._connect()
        try:
            status, answer = _call(connection, "GET", "/api/health")  # which worker holds this connection
            if status == 200:
                worker = json.loads(answer)["worker"]
                status, answer = _call(
                    connection, "POST", "/api/transactions", body, {"Authorization": f"Bearer {self.token}"}
                )
        except (OSError, http.client.HTTPException):
            return  # the server went away mid-request: this write was never acknowledged
        finally:
            connection.close()
        with self.lock:
            if 200 <= status < 300:
                self.acknowledged[int(json.loads(answer)["id"])] = amount
                self.by_worker[worker] = self.by_worker.get(worker, 0) + 1
            else:
                self.refused.append(f"{status} {answer[:200]!r}")

    def read(self) -> None:
        """Read the portfolio review (the code that kept a copy of the tables) until told to stop."""
        while not self.stop.is_set():
            connection = self._connect()
            try:
                status, answer = _call(connection, "GET", "/api/programmes/xx-demo/portfolio")
            except (OSError, http.client.HTTPException):
                continue
            finally:
                connection.close()
            with self.lock:
                if status == 200:
                    self.portfolio_reads += 1
                else:
                    self.refused.append(f"portfolio: {status} {answer[:200]!r}")
            time.sleep(0.1)


def _call(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """One request on a plain HTTP/1.1 connection (kept open for the next request on it)."""
    payload = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json", **(headers or {})} if payload else dict(headers or {})
    connection.request(method, path, body=payload, headers=sent)
    response = connection.getresponse()
    return response.status, response.read()


def _raw_connections(url: str, stop: threading.Event) -> Callable[[], None]:
    """Open the database on a plain driver connection, read, close; again and again (as ``sqlite3 db ...``)."""
    parsed = make_url(url)

    def loop() -> None:
        while not stop.is_set():
            if parsed.get_backend_name() == "sqlite":
                con = sqlite3.connect(str(parsed.database), timeout=30)
                try:
                    con.execute("SELECT count(*) FROM transactions").fetchone()
                finally:
                    con.close()
            else:
                dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
                with psycopg.connect(dsn) as con:
                    con.execute("SELECT count(*) FROM transactions").fetchone()
            time.sleep(0.05)

    return loop


def _cli(url: str, folder: Path, load: Load) -> list[threading.Thread]:
    """`cpfkit programmes` (a read) and `cpfkit risk add` (a write), each a process of its own, at once."""

    def read() -> None:
        done = run_cli(url, "programmes", "--json", cwd=folder)
        if done.returncode != 0:
            load.cli_failures.append(done.stderr)

    def write() -> None:
        done = run_cli(
            url,
            "risk",
            "add",
            "xx-demo",
            "--title",
            "Contractor insolvency",
            "--rating",
            "Substantial",
            "--category",
            "fiduciary",
            "--owner",
            "Road agency",
            "--mitigation",
            "Performance bonds",
            "--source",
            SOURCE,
            "--json",
            cwd=folder,
        )
        if done.returncode != 0:
            load.cli_failures.append(done.stderr)
        else:
            load.risks.append(json.loads(done.stdout)["code"])

    return [threading.Thread(target=read), threading.Thread(target=write)]


def _check(url: str, load: Load) -> None:
    """Every acknowledged write is stored as sent, with exactly one audit entry; the database is whole."""
    store = Store(url)
    try:
        assert integrity(store) == "ok"
        with store.engine.connect() as conn:
            stored = {
                row.id: row.amount
                for row in conn.execute(
                    select(TransactionRow.id, TransactionRow.amount).where(TransactionRow.source == SOURCE)
                )
            }
            risks = {
                row.id: row.code
                for row in conn.execute(select(RiskEntryRow.id, RiskEntryRow.code).where(RiskEntryRow.source == SOURCE))
            }
            trail = conn.exec_driver_sql(
                "SELECT entity, entity_id FROM audit_log WHERE action = 'create' AND entity IN ('transaction', 'risk')"
            ).all()
        missing = {i for i in load.acknowledged if i not in stored}
        assert not missing, f"{len(missing)} of {len(load.acknowledged)} acknowledged writes lost"
        assert all(stored[i] == amount for i, amount in load.acknowledged.items())
        # one audit entry for each stored record (acknowledged, or cut off before its answer), none without one
        assert sorted(int(i) for e, i in trail if e == "transaction") == sorted(stored)
        assert sorted(int(i) for e, i in trail if e == "risk") == sorted(risks)
        assert set(load.risks) <= set(risks.values())
    finally:
        store.dispose()


def _run_load(load: Load, url: str, folder: Path, *, cli: bool, until: Callable[[], bool]) -> list[threading.Thread]:
    """Start the writers, the reader, the plain connections (and the command line); wait until ``until()``."""
    threads = [threading.Thread(target=load.write, args=(w,)) for w in (1, 2, 3)]
    threads += [threading.Thread(target=load.read), threading.Thread(target=_raw_connections(url, load.stop))]
    commands = _cli(url, folder, load) if cli else []
    for thread in threads + commands:
        thread.start()
    deadline = time.monotonic() + 120
    while not until() or any(c.is_alive() for c in commands):
        assert time.monotonic() < deadline, "the load did not get going"
        time.sleep(0.1)
    return threads + commands


def _finish(load: Load, threads: list[threading.Thread]) -> None:
    load.stop.set()
    for thread in threads:
        thread.join(60)
        assert not thread.is_alive()


def test_no_acknowledged_write_is_lost_when_the_server_is_killed(database: tuple[str, str], tmp_path: Path) -> None:
    url, token = database
    server = Server(url, tmp_path, workers=2)
    server.start()
    try:
        load = Load(server, token)
        threads = _run_load(
            load,
            url,
            tmp_path,
            cli=True,
            until=lambda: len(load.by_worker) == 2 and len(load.acknowledged) >= 20 and load.portfolio_reads >= 3,
        )
        server.kill()  # SIGKILL to the server and both workers while the writers are writing
        _finish(load, threads)
        assert load.cli_failures == [] and load.refused == []
        assert len(load.by_worker) == 2, f"both workers acknowledged writes: {load.by_worker}"
        _check(url, load)

        server.start()  # restarted on the same database: everything is there, and it is served
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            for i in sorted(load.acknowledged)[-5:]:
                status, answer = _call(connection, "GET", f"/api/transactions/{i}")
                assert status == 200
                assert Decimal(str(json.loads(answer, parse_float=Decimal)["amount"]["amount"])) == load.acknowledged[i]
        finally:
            connection.close()
        # and it takes writes again, on a database a kill interrupted: they are kept with the earlier ones
        again = Load(server, token, acknowledged=dict(load.acknowledged), risks=list(load.risks))
        for n in range(1, 4):
            again.write_once(9, n)
        assert again.refused == [] and len(again.acknowledged) == len(load.acknowledged) + 3
        _check(url, again)
    finally:
        server.stop()


def test_no_acknowledged_write_is_lost_when_the_server_is_stopped(database: tuple[str, str], tmp_path: Path) -> None:
    url, token = database
    server = Server(url, tmp_path, workers=2)
    server.start()
    try:
        load = Load(server, token)
        threads = _run_load(
            load,
            url,
            tmp_path,
            cli=False,
            until=lambda: len(load.acknowledged) >= 10,
        )
        server.stop()  # a clean stop (SIGTERM), in the middle of writing
        _finish(load, threads)
        assert load.refused == []
        _check(url, load)
    finally:
        server.stop()


def test_the_reported_sequence_keeps_the_edit(tmp_path: Path) -> None:
    """Serve, open the portfolio page, run `cpfkit programmes`, edit through the API, restart: the edit is kept.

    The server once lost every write made after a command-line process had touched the same SQLite file.
    """
    url = f"sqlite:///{tmp_path / 'cpfkit.db'}"
    token = prepare(url)
    server = Server(url, tmp_path, workers=1)
    server.start()
    try:
        assert server.answers("/programmes/xx-demo/portfolio") == 200
        assert server.answers("/api/programmes/xx-demo/portfolio") == 200
        listed = run_cli(url, "programmes", cwd=tmp_path)
        assert listed.returncode == 0, listed.stderr
        con = sqlite3.connect(str(make_url(url).database))  # and `sqlite3 cpfkit.db 'select 1'`
        con.execute("SELECT 1").fetchone()
        con.close()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.request("GET", "/api/projects/P1")
            read = connection.getresponse()
            read.read()
            status, answer = _call(
                connection,
                "PATCH",
                "/api/projects/P1",
                {"name": "Road one, resurfaced"},
                {"Authorization": f"Bearer {token}", "If-Match": str(read.getheader("ETag"))},
            )
        finally:
            connection.close()
        assert status == 200, answer
        server.stop()
        server.start()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            status, answer = _call(connection, "GET", "/api/projects/P1")
        finally:
            connection.close()
        assert status == 200 and json.loads(answer)["project"]["name"] == "Road one, resurfaced"
    finally:
        server.stop()
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            changes = conn.exec_driver_sql(
                "SELECT count(*) FROM audit_log WHERE entity = 'project' AND entity_id = 'P1' AND action = 'update'"
            ).scalar_one()
        assert changes == 1 and integrity(store) == "ok"
    finally:
        store.dispose()
