"""Measure a benchmark variant in its own process: wall time, CPU time and peak memory (RSS).

Each variant runs in a fresh Python process so that its peak RSS is its own;
benchmarks compare variants measured in the same run, as ratios, never
against fixed times.

    from benchmarks.harness import measure
    m = measure("benchmarks.portfolio:duckdb_variant", "/tmp/portfolio.db")
    print(m.seconds, m.peak_rss_mb, m.result)
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import importlib, json, resource, sys, time
target, args = sys.argv[1], json.loads(sys.argv[2])
module, name = target.split(":")
func = getattr(importlib.import_module(module), name)
wall, cpu = time.perf_counter(), time.process_time()
result = func(*args)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {"seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": peak_kb / 1024, "result": result}
print("\n@@RESULT@@" + json.dumps(out, default=str))
"""


@dataclass(frozen=True)
class Measurement:
    """What one variant took."""

    target: str
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    result: Any


def measure(target: str, *args: Any, timeout: float = 3600) -> Measurement:
    """Run ``module:function(*args)`` in a fresh process and measure it.

    The function's return value must be JSON-serialisable; it comes back as ``result``.
    """
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, target, json.dumps(list(args))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0 or "@@RESULT@@" not in proc.stdout:
        raise RuntimeError(f"{target} failed:\n{proc.stderr[-4000:]}")
    data = json.loads(proc.stdout.rsplit("@@RESULT@@", 1)[1])
    return Measurement(target, data["seconds"], data["cpu_seconds"], data["peak_rss_mb"], data["result"])


def report(title: str, rows: list[tuple[str, Measurement]], baseline: str) -> str:
    """A Markdown table of the variants, with each one's speed relative to the baseline."""
    base = dict(rows)[baseline].seconds
    lines = [f"### {title}", "", "| variant | seconds | × baseline speed | peak RSS MB |", "|---|---|---|---|"]
    for name, m in rows:
        lines.append(f"| {name} | {m.seconds:.3f} | {base / m.seconds:.2f} | {m.peak_rss_mb:.0f} |")
    return "\n".join(lines)
