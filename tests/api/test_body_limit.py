"""Request bodies above ``CPFKIT_MAX_BODY_BYTES`` get 413 problem+json before a byte of them is parsed.

Three ways in: a ``TestClient`` (bodies with ``Content-Length``), the application called as ASGI
with a body handed over in chunks and no length (the chunks it pulls are counted, so the test sees
that it stopped reading at the limit), and a real uvicorn server on 127.0.0.1 fed over a socket.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from cpfkit.api.app import create_app
from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from tests.api.conftest import Team, make_team
from tests.conftest import DEMO
from tests.helpers import snapshot

MB = 1_000_000
LIMIT = Settings(_env_file=None).max_body_bytes  # type: ignore[call-arg]


@pytest.fixture
def team(sqlite_store: Store) -> Team:
    services.load_folders(sqlite_store, [DEMO])
    return make_team(sqlite_store)


def _is_413_problem(status: int, headers: dict[str, str], body: bytes, limit: int = LIMIT) -> None:
    assert status == 413
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == 413 and problem["title"] == "Content Too Large" and problem["limit"] == limit
    assert f"{limit:,} bytes" in problem["detail"]


def test_the_default_limit_is_ten_mebibytes() -> None:
    assert LIMIT == 10 * 1024 * 1024


def test_a_30_mb_title_is_refused_and_nothing_is_stored(team: Team) -> None:
    before = snapshot(team.store)
    body = {"id": "P9", "programme": "xx-demo", "name": "T" * (30 * MB), "institution": "IBRD"}
    response = team.client("ed").post("/api/projects", json=body)
    _is_413_problem(response.status_code, dict(response.headers), response.content)
    assert response.headers["connection"] == "close"
    assert response.headers["x-content-type-options"] == "nosniff"  # the other middlewares still answer
    assert snapshot(team.store) == before


def test_a_50_mb_body_is_refused_whoever_sends_it(team: Team) -> None:
    before = snapshot(team.store)
    blob = b"[" + b"1," * (25 * MB) + b"1]"
    for who in (None, "boss"):
        response = team.client(who).post(
            "/api/programmes/xx-demo/plan", content=blob, headers={"Content-Type": "application/json"}
        )
        _is_413_problem(response.status_code, dict(response.headers), response.content)
    assert snapshot(team.store) == before


def test_a_large_form_post_to_a_page_is_refused(team: Team) -> None:
    before = snapshot(team.store)
    response = team.client().post("/programmes/xx-demo/risk/add", data={"title": "R" * (12 * MB)})
    _is_413_problem(response.status_code, dict(response.headers), response.content)
    assert snapshot(team.store) == before


# -- the application as ASGI: what it reads of a body --------------------------------------------


class Sent:
    """What the application sent back, and how many chunks of the body it asked for."""

    def __init__(self) -> None:
        self.pulled = 0
        self.messages: list[dict[str, Any]] = []

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def headers(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.messages[0]["headers"]}

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages[1:])


async def _call(app: FastAPI, path: str, chunks: Iterator[bytes], content_type: str, length: int | None = None) -> Sent:
    sent = Sent()
    headers = [(b"content-type", content_type.encode()), (b"host", b"testserver")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.messages.append(message)

    await app(scope, receive, send)
    return sent


def _megabytes(count: int, first: bytes = b"") -> Iterator[bytes]:
    yield first
    for _ in range(count):
        yield b"x" * MB


@pytest.mark.anyio
async def test_a_streamed_50_mb_body_is_cut_at_the_limit(team: Team) -> None:
    before = snapshot(team.store)
    sent = await _call(team.app, "/api/measurements", _megabytes(50, b'{"note": "'), "application/json")
    _is_413_problem(sent.status, sent.headers, sent.body)
    # It read the first chunk, then megabytes until one passed the limit: never the 50.
    assert sent.pulled == 1 + LIMIT // MB + 1
    assert snapshot(team.store) == before


@pytest.mark.anyio
async def test_a_streamed_form_is_cut_at_the_limit(team: Team) -> None:
    before = snapshot(team.store)
    # Fields under Starlette's own limit of one field (1 MiB), so that only the body's size can stop it.
    fields = (f"f{n}=".encode() + b"x" * (MB - 10) + b"&" for n in range(40))
    sent = await _call(team.app, "/programmes/xx-demo/risk/add", fields, "application/x-www-form-urlencoded")
    _is_413_problem(sent.status, sent.headers, sent.body)
    assert sent.pulled == LIMIT // MB + 1
    assert snapshot(team.store) == before


@pytest.mark.anyio
async def test_a_declared_length_over_the_limit_is_refused_without_reading_a_byte(team: Team) -> None:
    sent = await _call(team.app, "/api/measurements", _megabytes(50), "application/json", length=50 * MB)
    _is_413_problem(sent.status, sent.headers, sent.body)
    assert sent.pulled == 0


@pytest.mark.anyio
async def test_the_limit_is_a_setting_and_a_body_at_the_limit_is_read(sqlite_store: Store) -> None:
    services.load_folders(sqlite_store, [DEMO])
    app = create_app(sqlite_store, Settings(_env_file=None, max_body_bytes=2048))  # type: ignore[call-arg]
    at_limit = b'{"n": "' + b"x" * (2048 - 10) + b'"}'
    assert len(at_limit) == 2048 - 1
    sent = await _call(app, "/api/programmes/xx-demo/plan", iter([at_limit, b" "]), "application/json")
    assert sent.status == 422  # read and parsed: the scenario has no field "n"
    sent = await _call(app, "/api/programmes/xx-demo/plan", iter([at_limit, b"  "]), "application/json")
    _is_413_problem(sent.status, sent.headers, sent.body, limit=2048)


# -- a real server ---------------------------------------------------------------------------------


@pytest.fixture
def live(team: Team) -> Iterator[tuple[str, int]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(team.app, log_config=None, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _answer(conn: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            break
        data += piece
    status = int(data.split(b" ", 2)[1])
    return status, data


def _get_works(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=10) as conn:
        conn.sendall(b"GET /api/programmes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert _answer(conn)[0] == 200


def test_a_server_answers_a_declared_50_mb_body_at_once_and_stays_responsive(live: tuple[str, int]) -> None:
    with socket.create_connection(live, timeout=10) as conn:
        conn.sendall(
            b"POST /api/programmes/xx-demo/plan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {50 * MB}\r\n\r\n".encode()
            + b"[1,"  # three bytes of the fifty million: the answer does not wait for the rest
        )
        status, head = _answer(conn)
    assert status == 413 and b"application/problem+json" in head
    _get_works(live)


def test_a_server_stops_a_chunked_body_at_the_limit(live: tuple[str, int]) -> None:
    chunk = b"x" * (256 * 1024)
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    with socket.create_connection(live, timeout=10) as conn:
        conn.sendall(
            b"POST /api/measurements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        while sent < 50 * MB and not select.select([conn], [], [], 0)[0]:
            try:
                conn.sendall(framed)
            except OSError:  # the server closed the connection after answering
                break
            sent += len(chunk)
        status, head = _answer(conn)
    assert status == 413 and b"application/problem+json" in head
    assert LIMIT < sent < 50 * MB  # it answered once the limit was passed, long before the end
    _get_works(live)
