"""``cpfkit serve`` as a process of its own (its workers are processes too), for the deployment tests.

The server runs from the installed ``cpfkit`` script exactly as docs/deploy.md runs it, in its own
session so that it can be stopped (SIGTERM) or killed (SIGKILL) with all its workers at once.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.workplace import accounts
from tests.conftest import DEMO

__all__ = ["CPFKIT", "ENV", "PASSWORD", "Server", "prepare", "run_cli"]

CPFKIT = str(Path(sys.executable).parent / "cpfkit")
PASSWORD = "durable-kestrel-4821"
DAY = "2026-11-02"
ENV = {
    **os.environ,
    "CPFKIT_TODAY": DAY,  # the server and the command line run on a pinned day
    "CPFKIT_AUTOLOAD": "0",
    "CPFKIT_DEMO_USERS": "0",
    "CPFKIT_PUBLIC_READ": "1",
    "CPFKIT_OVERVIEW_CACHE": "1",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str) -> str:
    """Load the demo programme into the empty database at ``url``; return an API token of its editor ``ed``."""
    store = Store(url)
    try:
        services.init_store(store, autoload=False, settings=Settings(demo_users=False))
        services.load_folders(store, [DEMO])
        actor = Actor("test setup", via="cli")
        accounts.add_user(
            store, accounts.UserCreate(name="ed", role="editor", password=PASSWORD, programmes=["xx-demo"]), actor
        )
        return accounts.create_token(store, "ed", "durability test", actor)[0]
    finally:
        store.dispose()


def run_cli(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``cpfkit --db URL ARGS`` as a process of its own."""
    return subprocess.run(
        [CPFKIT, "--db", url, *args], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=180, check=False
    )


@dataclass
class Server:
    """``cpfkit --db URL serve --workers N`` on a free port of 127.0.0.1."""

    url: str
    folder: Path
    workers: int = 2
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until a worker answers ``/api/health``."""
        log = (self.folder / "serve.log").open("ab")
        self.process = subprocess.Popen(
            [CPFKIT, "--db", self.url, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            + ["--workers", str(self.workers), "--no-access-log"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=ENV,
            cwd=self.folder,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + 120
        while True:
            if self.answers("/api/health") == 200:
                return
            assert self.process.poll() is None, f"cpfkit serve stopped: {self.log()[-2000:]}"
            assert time.monotonic() < deadline, "cpfkit serve did not start"
            time.sleep(0.2)

    def answers(self, path: str) -> int | None:
        """The status of a GET of ``path`` on a new connection (None when nothing answers)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def log(self) -> str:
        """What the server wrote."""
        path = self.folder / "serve.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the server and every worker at once: no process gets to finish anything."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it; SIGKILL if it has not stopped within 30 seconds."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise AssertionError("cpfkit serve did not stop on SIGTERM within 30 s") from None
        finally:
            self.process = None
