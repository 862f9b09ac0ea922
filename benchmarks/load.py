"""The API under load: many readers of the programme overview while editors change the same operations.

Starts ``cpfkit serve`` on 127.0.0.1 (a fresh copy of the embedded programmes), then for each variant
runs 50 concurrent reader clients on the overview API (``GET /api/programmes/{id}`` and
``/api/programmes/{id}/envelope``) and page (``/programmes/{id}``), with a stream of edits to a few
operations (read, then ``PATCH`` with ``If-Match``; a refused stale edit reads again and retries).

It reports requests per second and p50/p95/p99 latency per kind of request, and checks:

* server errors (5xx or dropped connections): must be 0;
* lost updates: every accepted edit adds 1 to an operation's commitment, so each operation must end at
  its first value plus its accepted edits, at its first version plus its accepted edits, with one
  audit entry per accepted edit, each on top of the one before;
* stale reads: right after each accepted edit the editor reads the overview (through the cache); its
  commitments must include every edit acknowledged before that read began.

Variants: the overview cache off (every request recomputes from the database: the baseline) and on.
Traffic goes to 127.0.0.1 only.  Exit status 1 if any server error, lost update or stale read.

    python -m benchmarks.load                       # 60 s with the cache, 20 s baseline without
    python -m benchmarks.load --seconds 10 --baseline-seconds 5 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
PROGRAMME = "kz-2026-2031"
READ_PATHS = {
    "overview API": [f"/api/programmes/{PROGRAMME}", f"/api/programmes/{PROGRAMME}/envelope"],
    "overview page": [f"/programmes/{PROGRAMME}"],
}


@dataclass
class Tally:
    """What one variant's clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server_errors: int = 0
    errors: list[str] = field(default_factory=list)
    accepted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: int = 0
    acked: int = 0
    stale_reads: int = 0
    freshness_checks: int = 0

    def note(self, kind: str, seconds: float, response: httpx.Response | None, what: str) -> None:
        self.latencies[kind].append(seconds)
        if response is None or response.status_code >= 500:
            self.server_errors += 1
            if len(self.errors) < 5:
                self.errors.append(f"{what}: {response.status_code if response is not None else 'no response'}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpfkit() -> str:
    return str(Path(sys.executable).parent / "cpfkit")


def prepare_database(url: str) -> None:
    """A fresh database with the embedded programmes and the demo accounts."""
    env = {**os.environ, "CPFKIT_DB": url, "CPFKIT_DEMO_USERS": "1"}
    subprocess.run([_cpfkit(), "init"], check=True, env=env, capture_output=True, cwd=ROOT)


def editor_token(url: str) -> str:
    """An API token for the demo editor (an editor of the programme under load)."""
    out = subprocess.run(
        [_cpfkit(), "--db", url, "token", "create", "editor", "--name", "load benchmark", "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    import json

    token: str = json.loads(out)["token"]
    return token


class Server:
    """``cpfkit serve`` in its own process group, on a free port of 127.0.0.1."""

    def __init__(self, url: str, *, workers: int, cache: bool) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CPFKIT_DB": url, "CPFKIT_OVERVIEW_CACHE": "1" if cache else "0"}
        self.process = subprocess.Popen(
            [
                _cpfkit(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--no-access-log",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/programmes", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start")

    def _pids(self) -> list[int]:
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        return pids

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its workers."""
        total = 0.0
        for pid in self._pids():
            stat = Path(f"/proc/{pid}/stat")
            if stat.exists():
                fields = stat.read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def rss_mb(self) -> float:
        """Resident memory of the server and its workers, in MB."""
        total = 0
        for pid in self._pids():
            status = Path(f"/proc/{pid}/status")
            if status.exists():
                for line in status.read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        return total / 1024

    def stop(self) -> None:
        """Stop the server and its workers (its own process group only)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()


class RawClient:
    """A minimal keep-alive HTTP/1.1 client for the readers.

    A general-purpose client costs the load generator several milliseconds of CPU per request, which on a
    2-core machine would measure the client rather than the server; this one reads a status line, headers
    and a ``Content-Length`` body, and nothing else.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of ``GET path`` (the body is read and dropped)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection") == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def reader(port: int, tally: Tally, stop_at: float, offset: int) -> None:
    """Read the overview again and again: API detail, API envelope, page, in turn."""
    cycle = [(kind, path) for kind, paths in READ_PATHS.items() for path in paths]
    client = RawClient(port)
    i = offset
    while time.monotonic() < stop_at:
        kind, path = cycle[i % len(cycle)]
        i += 1
        start = time.perf_counter()
        try:
            status: int | None = await client.get(path)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            status = None
            await client.close()
        tally.latencies[kind].append(time.perf_counter() - start)
        if status is None or status >= 500:
            tally.server_errors += 1
            if len(tally.errors) < 5:
                tally.errors.append(f"GET {path}: {status or 'no response'}")
    await client.close()


def _committed(detail: dict[str, Any]) -> Decimal:
    return Decimal(str(detail["summary"]["commitments_usd"]))


async def editor(
    client: httpx.AsyncClient, tally: Tally, stop_at: float, projects: list[str], n: int, base: Decimal, pause: float
) -> None:
    """Add 1 USD to an operation's commitment, with If-Match; retry a refused stale edit; then check freshness."""
    i = n
    while time.monotonic() < stop_at:
        pid = projects[i % len(projects)]
        i += 1
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                read: httpx.Response | None = await client.get(f"/api/projects/{pid}")
            except httpx.HTTPError:
                read = None
            tally.note("edit: read", time.perf_counter() - start, read, f"GET /api/projects/{pid}")
            if read is None or read.status_code != 200:
                break
            amount = Decimal(str(read.json()["project"]["commitment"]["amount"]))
            start = time.perf_counter()
            try:
                write: httpx.Response | None = await client.patch(
                    f"/api/projects/{pid}",
                    json={"commitment": {"amount": str(amount + 1), "currency": "USD"}},
                    headers={"If-Match": read.headers["ETag"]},
                )
            except httpx.HTTPError:
                write = None
            tally.note("edit: write", time.perf_counter() - start, write, f"PATCH /api/projects/{pid}")
            if write is not None and write.status_code == 412:
                tally.refused += 1
                continue
            if write is None or write.status_code != 200:
                break
            tally.accepted[pid] += 1
            tally.acked += 1
            floor = base + tally.acked  # every edit acknowledged so far must show
            check = await client.get(f"/api/programmes/{PROGRAMME}")
            tally.freshness_checks += 1
            if check.status_code == 200 and _committed(check.json()) < floor:
                tally.stale_reads += 1
            break
        await asyncio.sleep(pause)


def pick_projects(base: str, token: str, count: int) -> list[str]:
    """Operations whose commitment counts in the programme's committed total, in US dollars."""
    headers = {"Authorization": f"Bearer {token}"}
    rows = httpx.get(f"{base}/api/programmes/{PROGRAMME}/projects", headers=headers, timeout=30).json()
    chosen = []
    for row in rows:
        if row["status"] != "active" or row["carried_from"]:
            continue
        detail = httpx.get(f"{base}/api/projects/{row['id']}", headers=headers, timeout=30).json()
        commitment = detail["project"]["commitment"]
        if commitment and commitment["currency"] == "USD":
            chosen.append(row["id"])
        if len(chosen) == count:
            break
    return chosen


def state_of(base: str, token: str, projects: list[str]) -> dict[str, tuple[Decimal, int]]:
    """Each operation's commitment and version."""
    headers = {"Authorization": f"Bearer {token}"}
    out = {}
    for pid in projects:
        response = httpx.get(f"{base}/api/projects/{pid}", headers=headers, timeout=30)
        out[pid] = (
            Decimal(str(response.json()["project"]["commitment"]["amount"])),
            int(response.headers["ETag"].strip('"')),
        )
    return out


def audit_of(base: str, token: str, pid: str, since_id: int) -> list[dict[str, Any]]:
    """The update entries of an operation after a given entry, oldest first."""
    headers = {"Authorization": f"Bearer {token}"}
    entries = httpx.get(
        f"{base}/api/audit",
        params={"entity": "project", "id": pid, "action": "update", "sort": "at", "limit": 1000},
        headers=headers,
        timeout=60,
    ).json()
    return [e for e in entries if e["id"] > since_id]


def last_audit_id(base: str, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    entries = httpx.get(f"{base}/api/audit", params={"limit": 1}, headers=headers, timeout=30).json()
    return int(entries[0]["id"]) if entries else 0


async def run_clients(
    base: str, token: str, seconds: float, readers: int, editors: int, projects: list[str], pause: float
) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=readers + editors + 5, max_keepalive_connections=readers + editors + 5)
    timeout = httpx.Timeout(60)
    async with (
        httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as anonymous,
        httpx.AsyncClient(
            base_url=base, limits=limits, timeout=timeout, headers={"Authorization": f"Bearer {token}"}
        ) as editing,
    ):
        first = await anonymous.get(f"/api/programmes/{PROGRAMME}")
        base_committed = _committed(first.json())
        for paths in READ_PATHS.values():  # warm up: the first requests compute what the cache will keep
            for path in paths:
                await anonymous.get(path)
        port = int(base.rsplit(":", 1)[1])
        start = time.monotonic()
        stop_at = start + seconds
        tasks = [reader(port, tally, stop_at, i) for i in range(readers)]
        tasks += [editor(editing, tally, stop_at, projects, i, base_committed, pause) for i in range(editors)]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - start
    return tally, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def lost_updates(base: str, token: str, before: dict[str, tuple[Decimal, int]], tally: Tally, since: int) -> int:
    """Accepted edits missing from the final state or the audit trail (0 when nothing was lost)."""
    after = state_of(base, token, list(before))
    lost = 0
    for pid, (amount, version) in before.items():
        accepted = tally.accepted.get(pid, 0)
        final_amount, final_version = after[pid]
        lost += abs(int(final_amount - amount) - accepted) + abs(final_version - version - accepted)
        trail = audit_of(base, token, pid, since)
        lost += abs(len(trail) - accepted)
        steps = [
            (Decimal(str(e["before"]["commitment"]["amount"])), Decimal(str(e["after"]["commitment"]["amount"])))
            for e in trail
        ]
        expected = [(amount + i, amount + i + 1) for i in range(accepted)]
        lost += sum(1 for got, want in zip(steps, expected, strict=False) if got != want)
    return lost


def variant(
    url: str, token: str, *, cache: bool, seconds: float, readers: int, editors: int, workers: int, pause: float
) -> dict[str, Any]:
    server = Server(url, workers=workers, cache=cache)
    try:
        projects = pick_projects(server.base, token, 3)
        before = state_of(server.base, token, projects)
        since = last_audit_id(server.base, token)
        load_before = os.getloadavg()
        server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
        tally, elapsed = asyncio.run(run_clients(server.base, token, seconds, readers, editors, projects, pause))
        server_cpu, client_cpu = server.cpu_seconds() - server_cpu, time.process_time() - client_cpu
        load_after = os.getloadavg()
        lost = lost_updates(server.base, token, before, tally, since)
        rss = server.rss_mb()
    finally:
        server.stop()
    return {
        "cache": cache,
        "seconds": elapsed,
        "tally": tally,
        "lost": lost,
        "projects": projects,
        "load": (load_before[0], load_after[0]),
        "rss_mb": rss,
        "cpu": (server_cpu, client_cpu),
    }


def table(result: dict[str, Any], readers: int, editors: int, workers: int) -> str:
    tally: Tally = result["tally"]
    elapsed = result["seconds"]
    total = sum(len(v) for v in tally.latencies.values())
    title = "cache on" if result["cache"] else "cache off (baseline)"
    lines = [
        f"### {title}: {readers} readers + {editors} editors, {elapsed:.0f} s, {workers} worker(s)",
        "",
        "| requests | count | per second | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for kind in [*READ_PATHS, "edit: read", "edit: write"]:
        values = tally.latencies.get(kind, [])
        lines.append(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | {percentile(values, 50) * 1000:.0f} | "
            f"{percentile(values, 95) * 1000:.0f} | {percentile(values, 99) * 1000:.0f} |"
        )
    lines += [
        f"| **all** | {total} | {total / elapsed:.1f} | | | |",
        "",
        f"server errors: **{tally.server_errors}**{' ' + '; '.join(tally.errors) if tally.errors else ''} · "
        f"edits accepted: {sum(tally.accepted.values())} (refused as stale and retried: {tally.refused}) · "
        f"lost updates: **{result['lost']}** · stale reads after a write: **{tally.stale_reads}** of "
        f"{tally.freshness_checks} · server RSS {result['rss_mb']:.0f} MB · CPU: server "
        f"{result['cpu'][0]:.0f} s ({result['cpu'][0] / max(total, 1) * 1000:.1f} ms per request), "
        f"load generator {result['cpu'][1]:.0f} s · load average {result['load'][0]:.2f} → "
        f"{result['load'][1]:.2f} on {os.cpu_count()} cores",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=20, help="0 skips the run without the cache")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--edit-pause", type=float, default=4, help="Seconds each editor waits between edits.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", help="Database URL to use as is (default: a fresh SQLite file).")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="cpfkit-load-"))
    try:
        url = args.db or f"sqlite:///{folder / 'cpfkit.db'}"
        prepare_database(url)
        token = editor_token(url)
        results = []
        for cache, seconds in ((False, args.baseline_seconds), (True, args.seconds)):
            if seconds <= 0:
                continue
            results.append(
                variant(
                    url,
                    token,
                    cache=cache,
                    seconds=seconds,
                    readers=args.readers,
                    editors=args.editors,
                    workers=args.workers,
                    pause=args.edit_pause,
                )
            )
        print("## API under load\n")
        print(
            f"`python -m benchmarks.load` on {time.strftime('%Y-%m-%d')}; operations edited: "
            f"{', '.join(results[-1]['projects'])}\n"
        )
        for result in results:
            print(table(result, args.readers, args.editors, args.workers))
            print()
        api = [r for r in results if r["cache"]]
        if len(results) == 2 and api:

            def p95(r: dict[str, Any]) -> float:
                return percentile(r["tally"].latencies["overview API"], 95)

            def rate(r: dict[str, Any]) -> float:
                return sum(len(v) for v in r["tally"].latencies.values()) / r["seconds"]

            print(
                f"cache on vs off: overview API p95 {p95(results[0]) / p95(results[1]):.1f}× lower, "
                f"throughput {rate(results[1]) / rate(results[0]):.1f}× higher; target p95 < 150 ms: "
                f"{'met' if p95(results[1]) < 0.150 else 'not met'} ({p95(results[1]) * 1000:.0f} ms)"
            )
        bad = sum(r["tally"].server_errors + r["lost"] + r["tally"].stale_reads for r in results)
        return 1 if bad else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
