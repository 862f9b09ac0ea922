"""Risk simulation: 100,000 runs × 60 operations × 6 fiscal years, vectorised against a per-run Python loop.

The programme is synthetic but built from the shipped reference classes,
instruments and profiles (60 operations: a third under way, the rest in the
pipeline, 24 indicators under 12 objectives).  The loop evaluates the same
model on the same latents, one run and one operation at a time, on a
subsample of runs; its time is scaled to 100,000 runs.  Each variant runs in
its own process (``benchmarks.harness.measure``), so peak memory is its own.

    python -m benchmarks.simulate            # or: make bench
"""

from __future__ import annotations

import os
import time
from datetime import date
from typing import Any

import numpy as np

from benchmarks.harness import measure

RUNS = 100_000
OPERATIONS = 60
LOOP_RUNS = 400
CLASSES = ("roads", "rail", "bridges", "hydropower", "energy", "water", "finance", "policy", "other")
INSTRUMENT = {"finance": "IFC-loan", "policy": "DPF", "energy": "IFC-loan"}


def synthetic_programme(n: int = OPERATIONS, seed: int = 0) -> Any:
    """A six-year programme (FY26–FY31) of ``n`` operations drawn from the shipped reference data."""
    from cpfkit.model import fy_bounds
    from cpfkit.reference.simulation import load_simulation_reference
    from cpfkit.risk.distributions import from_spec
    from cpfkit.risk.plan import (
        MONTH_DAYS,
        YEAR_DAYS,
        ContributionPlan,
        IndicatorPlan,
        ObjectivePlan,
        OperationPlan,
        SimulationInputs,
        SimulationSettings,
    )

    ref = load_simulation_reference()
    rng = np.random.default_rng(seed)
    as_of = date(2025, 7, 1)
    today = float(as_of.toordinal())
    fys = tuple(range(2026, 2032))
    bounds = tuple(float(fy_bounds(fy)[0].toordinal()) for fy in fys) + (float(fy_bounds(2031)[1].toordinal() + 1),)
    ops = []
    for j in range(n):
        name = CLASSES[j % len(CLASSES)]
        cls = ref.classes[name]
        instrument = INSTRUMENT.get(name, "IPF")
        inst = ref.instruments[instrument]
        active = j % 3 == 0
        commitment = float(rng.uniform(50e6, 800e6))
        if active:
            approval = today - float(rng.uniform(200, 900))
            effectiveness = approval + 180
            closing = effectiveness + cls.planned_duration_years.at(as_of) * YEAR_DAYS
            tau = min(max((today - effectiveness) / (closing - effectiveness), 0.0), 1.0)
            remaining = commitment * (1 - tau)
        else:
            approval = bounds[0] + float(rng.uniform(30, 5.5 * 365))
            effectiveness = approval + inst.planned_effectiveness_lag_months.at(as_of) * MONTH_DAYS
            closing = effectiveness + cls.planned_duration_years.at(as_of) * YEAR_DAYS
            tau, remaining = 0.0, commitment
        ops.append(
            OperationPlan(
                id=f"OP{j:03d}",
                name=f"{name} operation {j}",
                reference_class=name,
                sector_group=cls.sector_group,
                institution="IFC" if instrument.startswith("IFC") else "IBRD",
                instrument=instrument,
                country="KZ",
                sectors=(),
                pipeline=not active,
                effective=active,
                approval=approval,
                effectiveness=effectiveness,
                closing=closing,
                commitment=commitment,
                remaining=remaining,
                disburses=inst.disburses,
                profile=ref.profiles[inst.profile_for(name)].at(as_of),
                tau_start=tau,
                approval_slip_months=from_spec(cls.approval_slip_months.at(as_of)),
                effectiveness_lag_ratio=from_spec(inst.effectiveness_lag_ratio.at(as_of)),
                duration_ratio=from_spec(cls.duration_ratio.at(as_of)),
                cost_ratio=from_spec(cls.cost_ratio.at(as_of)),
                drop_probability=0.05 if not active else 0.0,
            )
        )
    ops.sort(key=lambda op: (not op.pipeline, op.effective, op.id))  # as simulation_inputs orders them
    indicators, objectives = [], []
    for o in range(12):
        linked = tuple(sorted(int(x) for x in rng.choice(n, size=6, replace=False)))
        first = len(indicators)
        for i in range(2):
            target_day = bounds[-1] - 1 - (0 if i else 365)
            # each linked operation brings a sixth of the target, built up over three years from approval
            links = tuple(
                ContributionPlan(j, 100.0 / 6, ops[j].approval, ops[j].approval + 3 * YEAR_DAYS) for j in linked
            )
            indicators.append(
                IndicatorPlan(
                    f"I{o}.{i}",
                    f"indicator {o}.{i}",
                    "units",
                    f"O{o}",
                    i == 0,
                    "increase",
                    0.0,
                    100.0,
                    target_day,
                    0.0,
                    links,
                )
            )
        objectives.append(ObjectivePlan(f"O{o}", f"objective {o}", (first, first + 1)))
    return SimulationInputs(
        programme="synthetic",
        title="Synthetic programme of 60 operations",
        as_of=as_of,
        fiscal_years=fys,
        fy_bounds=bounds,
        envelope=(1e9,) * 6,
        operations=tuple(ops),
        covered=tuple((True,) * 6 for _ in ops),
        indicators=tuple(indicators),
        objectives=tuple(objectives),
        actual_disbursed=(0.0,) * 6,
        fixed_committed=(0.0,) * 6,
        fixed_covered=(0.0,) * 6,
        settings=SimulationSettings(),
    )


def vectorised(runs: int = RUNS, workers: int = 1, chunk_size: int = 4096) -> dict[str, Any]:
    """The engine on the synthetic programme; returns its own timing of ``simulate`` (setup excluded)."""
    from cpfkit.risk.montecarlo import simulate

    inputs = synthetic_programme()
    start, cpu = time.perf_counter(), time.process_time()
    result = simulate(inputs, runs, np.random.default_rng(2026), chunk_size=chunk_size, workers=workers)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"simulate_seconds": seconds, "cpu_seconds": cpu, "runs": runs, "p50": result.disbursed_in_period.p50}


def _rating(progress: list[float]) -> int:
    """The objective rule of cpfkit.risk.objective_rule, on plain floats (every indicator has a value here)."""
    met = sum(1 for p in progress if p >= 1 - 1e-9)
    if met == len(progress):
        return 0
    if met * 3 >= len(progress) * 2 and min(progress) >= 0.5:
        return 1
    if met >= 1 or sum(progress) / len(progress) >= 0.5:
        return 2
    return 3


def loop(runs: int = LOOP_RUNS) -> dict[str, Any]:
    """The same model one run and one operation at a time (indicators and ratings included), on ``runs`` runs."""
    from cpfkit.metrics.contributions import YEAR_DAYS, in_place
    from cpfkit.risk.loop import evaluate_loop
    from cpfkit.risk.montecarlo import draw_latents

    inputs = synthetic_programme()
    as_of = inputs.as_of_day
    links = [(i, c) for i, ind in enumerate(inputs.indicators) for c in ind.contributions]
    start, cpu = time.perf_counter(), time.process_time()
    z = draw_latents(np.random.default_rng(2026), runs, inputs).z
    draws = evaluate_loop(inputs, z)
    approval, shift, stretch, scope = (
        draws.approval.tolist(),
        draws.shift.tolist(),
        draws.stretch.tolist(),
        draws.scope.tolist(),
    )
    ratings = []
    for r in range(runs):
        values = [ind.current or 0.0 for ind in inputs.indicators]
        for i, c in links:
            op, day = inputs.operations[c.operation], inputs.indicators[i].target_date or 0.0
            p0 = 0.0 if op.pipeline else in_place(as_of - c.start, (c.end - c.start) / YEAR_DAYS)
            if p0 >= 1.0 or approval[r][c.operation] != approval[r][c.operation]:  # all in place, or dropped
                values[i] += c.value * p0
                continue
            begin = max(c.start, as_of) + shift[r][c.operation]
            length = (c.end - max(c.start, as_of)) * stretch[r][c.operation]
            built = min(max((day - begin) / length, 0.0), 1.0) if length > 0 else float(day >= begin)
            values[i] += c.value * (p0 + (1 - p0) * scope[r][c.operation] * built)
        capped = [min(max(v / 100.0, 0.0), 1.0) for v in values]
        ratings.append([_rating([capped[i] for i in obj.indicators]) for obj in inputs.objectives])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"loop_seconds": seconds, "cpu_seconds": cpu, "runs": runs}


def memory(runs: int = RUNS, chunk_size: int = 4096) -> dict[str, Any]:
    """Peak memory of the inputs alone, to set against the simulation's (``measure`` reports the peak RSS)."""
    synthetic_programme()
    return {"runs": runs, "chunk_size": chunk_size}


def main() -> None:
    load = os.getloadavg()
    fast = measure("benchmarks.simulate:vectorised", RUNS)
    threads = measure("benchmarks.simulate:vectorised", RUNS, 2)
    big_chunks = measure("benchmarks.simulate:vectorised", RUNS, 1, 16384)
    base = measure("benchmarks.simulate:memory")
    slow = measure("benchmarks.simulate:loop", LOOP_RUNS)
    loop_wall = slow.result["loop_seconds"] / LOOP_RUNS
    loop_cpu = slow.result["cpu_seconds"] / LOOP_RUNS
    print(f"### Risk simulation — {RUNS:,} runs × {OPERATIONS} operations × 6 fiscal years")
    print()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores)")
    print()
    print("| variant | wall (s) | CPU (s) | CPU per run (µs) | × loop speed (CPU) | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    print(
        f"| per-run Python loop ({LOOP_RUNS} runs, scaled to {RUNS:,}) | {loop_wall * RUNS:.0f} | "
        f"{loop_cpu * RUNS:.0f} | {loop_cpu * 1e6:,.0f} | 1 | {slow.peak_rss_mb:.0f} |"
    )
    variants = (
        ("vectorised, chunks of 4,096, 1 thread", fast),
        ("vectorised, chunks of 4,096, 2 threads", threads),
        ("vectorised, chunks of 16,384, 1 thread", big_chunks),
    )
    for name, m in variants:
        cpu = m.result["cpu_seconds"] / RUNS
        print(
            f"| {name} | {m.result['simulate_seconds']:.2f} | {m.result['cpu_seconds']:.2f} | {cpu * 1e6:.1f} | "
            f"{loop_cpu / cpu:.0f} | {m.peak_rss_mb:.0f} |"
        )
    print(f"| inputs only (no simulation) | — | — | — | — | {base.peak_rss_mb:.0f} |")
    print()
    speedup = loop_cpu / (fast.result["cpu_seconds"] / RUNS)
    print(
        f"targets: full simulation < 3 s ({fast.result['simulate_seconds']:.2f} s wall, "
        f"{fast.result['cpu_seconds']:.2f} s CPU), ≥ 50× per run ({speedup:.0f}× in CPU time), "
        f"memory < 1 GB ({fast.peak_rss_mb:.0f} MB)"
    )


if __name__ == "__main__":
    main()
