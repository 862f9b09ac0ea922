"""What the data version's triggers cost a bulk write: 100,000 ledger rows inserted with and without them.

    python -m benchmarks.data_version            # SQLite, and PostgreSQL when its server programs are installed
    python -m benchmarks.data_version --rows 20000
    python -m benchmarks.data_version --iati 20  # also a whole IATI import of a generated 20 MB file

Every change to a table of figures runs the triggers that move the data version on
(``cpfkit.store.data_version``): one small UPDATE per row on SQLite, a check per statement and one
UPDATE per transaction at commit on PostgreSQL.  The loaders and the importers write through
SQLAlchemy Core bulk inserts (``conn.execute(insert(table), rows)``), so that is what is timed here:
the same insert into ``transactions`` of a migrated database, once with the triggers and once with
them dropped, in interleaved rounds, each in a fresh process (``benchmarks.harness.measure``).
PostgreSQL runs on a throwaway cluster (``tests/pg.py``), or on ``CPFKIT_BENCH_PG_URL``.  With
``--iati MB`` the whole import of a generated IATI file (``benchmarks.iati_generate``, one process)
is timed the same way, into SQLite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import insert, text

from benchmarks.harness import measure
from benchmarks.iati_generate import generate
from cpfkit.services.interchange.iati_import import ImportOptions, import_iati
from cpfkit.store import Store
from cpfkit.store.data_version import read_state, uninstall, watched_tables
from cpfkit.store.schema import Base
from cpfkit.store.tables import TransactionRow

ROUNDS = 3


def _database(url: str, triggers: bool) -> None:
    """A migrated database with one operation to hang the ledger on (and, if asked, without the triggers)."""
    store = Store(url)
    store.migrate()
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO projects (id, name, country, institution, instrument, status, commitment_currency, "
                "illustrative, illustrative_fields, version) VALUES ('P1', 'Bench', 'KZ', 'IBRD', 'IPF', 'active', "
                "'USD', :yes, '[]', 1)"
            ),
            {"yes": True},
        )
        if not triggers:
            uninstall(conn, watched_tables(Base.metadata))
    store.dispose()


def insert_ledger(url: str, rows: int) -> dict[str, Any]:
    """Insert ``rows`` transactions in one transaction, as the loaders do; the time of the insert alone."""
    store = Store(url)
    batch = [
        {
            "project_id": "P1",
            "type": "disbursement",
            "date": date(2020, 1, 1 + i % 28),
            "amount": Decimal(i % 1000) + Decimal("0.25"),
            "currency": "USD",
            "amount_usd": Decimal(i % 1000) + Decimal("0.25"),
            "fx_rate": Decimal(1),
            "fx_period": "2020-01",
            "illustrative": True,
            "illustrative_fields": [],
            "version": 1,
        }
        for i in range(rows)
    ]
    with store.engine.connect() as conn:
        before = read_state(conn).version
    started, cpu = time.perf_counter(), time.process_time()
    with store.engine.begin() as conn:
        conn.execute(insert(TransactionRow), batch)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with store.engine.connect() as conn:
        after = read_state(conn).version
    store.dispose()
    return {"seconds": seconds, "cpu_seconds": cpu, "version_steps": after - before}


def import_file(url: str, path: str) -> dict[str, Any]:
    """``cpfkit import iati FILE`` (one process) into the database; the time of the import alone."""
    store = Store(url)
    with store.engine.connect() as conn:
        before = read_state(conn).version
    started, cpu = time.perf_counter(), time.process_time()
    report = import_iati(store, [Path(path)], ImportOptions(jobs=1)).to_json()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with store.engine.connect() as conn:
        after = read_state(conn).version
    store.dispose()
    stored = report["activities"]["stored"]
    return {"seconds": seconds, "cpu_seconds": cpu, "version_steps": after - before, "activities": stored}


def _table(title: str, results: dict[tuple[str, bool], list[dict[str, Any]]], rows: int | None) -> None:
    print(f"### {title} (median of {ROUNDS} interleaved rounds)\n")
    print("| database | triggers | seconds | CPU seconds | per row (µs) | data version steps |")
    print("|---|---|---|---|---|---|")
    for (name, triggers), runs in sorted(results.items(), key=lambda kv: (kv[0][0], not kv[0][1])):
        wall = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        steps = max(r["version_steps"] for r in runs)
        written = rows or max(max(r["version_steps"] for r in results[(name, True)]), 1)
        label = "with" if triggers else "without"
        print(f"| {name} | {label} | {wall:.2f} | {cpu:.2f} | {wall / written * 1e6:.1f} | {steps:,} |")
    print()
    for name in sorted({k[0] for k in results}):
        on = [r["seconds"] for r in results[(name, True)]]
        off = [r["seconds"] for r in results[(name, False)]]
        on_cpu = statistics.median(r["cpu_seconds"] for r in results[(name, True)])
        off_cpu = statistics.median(r["cpu_seconds"] for r in results[(name, False)])
        print(
            f"{name}: the triggers add {statistics.median(on) / statistics.median(off) - 1:+.0%} in time "
            f"(fastest rounds {min(on) / min(off) - 1:+.0%}), {on_cpu / off_cpu - 1:+.0%} in CPU time"
        )
    print()


@contextmanager
def _postgresql() -> Iterator[str | None]:
    """The admin URL of a PostgreSQL server: ``CPFKIT_BENCH_PG_URL``, or a throwaway cluster (None without one)."""
    given = os.environ.get("CPFKIT_BENCH_PG_URL")
    if given:
        yield given
        return
    from tests.pg import throwaway_cluster

    cluster = throwaway_cluster()
    try:
        admin = cluster.__enter__()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        print(f"PostgreSQL skipped: {exc}")
        yield None
        return
    try:
        yield admin
    finally:
        cluster.__exit__(None, None, None)


def _pg_database(admin: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--iati", type=float, default=0, help="also import a generated IATI file of this many MB")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cpfkit-bench-dv-"))
    results: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    imports: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    try:
        if args.iati:
            generate(folder / "activities.xml", args.iati, seed=7)
        with _postgresql() as admin:
            for _ in range(ROUNDS):
                for triggers in (True, False):
                    targets = [("SQLite", f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}")]
                    if admin is not None:
                        targets.append(("PostgreSQL", _pg_database(admin)))
                    for name, url in targets:
                        _database(url, triggers)
                        m = measure("benchmarks.data_version:insert_ledger", url, args.rows)
                        results.setdefault((name, triggers), []).append(m.result)
                    if args.iati:
                        url = f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}"
                        _database(url, triggers)
                        m = measure("benchmarks.data_version:import_file", url, str(folder / "activities.xml"))
                        imports.setdefault(("SQLite", triggers), []).append(m.result)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end\n")
    _table(f"Bulk insert of {args.rows:,} ledger rows in one transaction", results, args.rows)
    if imports:
        activities = imports[("SQLite", True)][0]["activities"]
        _table(
            f"IATI import of a generated {args.iati:g} MB file ({activities:,} activities), one process", imports, None
        )


if __name__ == "__main__":
    main()
