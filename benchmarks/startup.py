"""Start-up: the CPU a command costs before and while it answers, beside the bare ``typer`` + ``rich`` import.

    python -m benchmarks.startup             # or: make bench
    python -m benchmarks.startup --rounds 5

Each variant is a fresh process; its CPU time is user + system as the kernel
accounts it to that child (``os.wait4``), so the interpreter's own start is
included, as a person at the terminal pays it.  The variants run in interleaved
rounds (each once per round, in turn) and each keeps its fastest round, as
``timeit`` does: on a shared machine a slow spell then falls on every variant
alike.  The baseline is ``python -c "import typer, rich"``, measured in the same
run; the table gives each variant's CPU seconds, their ratio to the baseline, and
the target of docs/performance.md ("Start-up").

Not timed: a temporary folder with a database made by ``cpfkit init`` (the
embedded programmes loaded), which the commands read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROUNDS = 3
BIN = Path(sys.executable).parent
CPFKIT = str(BIN / "cpfkit")


@dataclass(frozen=True)
class Variant:
    """One command to time, and the CPU seconds it may take (None: the baseline)."""

    name: str
    argv: list[str]
    target: float | None


def variants(db_url: str, folder: Path) -> list[Variant]:
    """The baseline and the commands with a start-up target."""
    db = ["--db", db_url]
    app = f"import os; os.environ['CPFKIT_DB'] = {db_url!r}; from cpfkit.api.app import create_app; create_app()"
    return [
        Variant('python -c "import typer, rich"', [sys.executable, "-c", "import typer, rich"], None),
        Variant("cpfkit --help", [CPFKIT, "--help"], 0.25),
        Variant("cpfkit programmes --json", [CPFKIT, *db, "programmes", "--json"], 0.6),
        Variant(
            "cpfkit report clr kz-2020-2025 -o clr.pdf",
            [CPFKIT, *db, "report", "clr", "kz-2020-2025", "-o", str(folder / "clr.pdf")],
            3.0,
        ),
        Variant("cpfkit serve: the app import (create_app)", [sys.executable, "-c", app], 1.5),
    ]


def cpu_seconds(argv: list[str]) -> float:
    """User + system CPU seconds of one run of ``argv`` in a child process (which must succeed)."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{errors.decode()[-4000:]}")
    return usage.ru_utime + usage.ru_stime


def table(best: dict[str, float], targets: dict[str, float | None], baseline: str) -> str:
    """The Markdown table of the fastest rounds, with ratios to the baseline and the targets."""
    base = best[baseline]
    lines = [
        "| command | CPU s (user + system) | × baseline | target | met |",
        "|---|---|---|---|---|",
    ]
    for name, seconds in best.items():
        target = targets[name]
        met = "—" if target is None else ("yes" if seconds <= target else "no")
        goal = "baseline" if target is None else f"≤ {target:g} s"
        lines.append(f"| `{name}` | {seconds:.2f} | {seconds / base:.1f} | {goal} | {met} |")
    return "\n".join(lines)


def main() -> None:
    """Make the database, time every variant ``--rounds`` times, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="interleaved rounds (the fastest counts)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cpfkit-startup-") as tmp:
        folder = Path(tmp)
        db_url = f"sqlite:///{folder / 'cpfkit.db'}"
        subprocess.run([CPFKIT, "--db", db_url, "init"], check=True, stdout=subprocess.DEVNULL)
        runs = variants(db_url, folder)
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for v in runs:
                seconds = cpu_seconds(v.argv)
                best[v.name] = min(best.get(v.name, seconds), seconds)
        print(f"### Start-up: fastest of {args.rounds} interleaved rounds, CPU seconds of each process\n")
        print(table(best, {v.name: v.target for v in runs}, runs[0].name))


if __name__ == "__main__":
    main()
