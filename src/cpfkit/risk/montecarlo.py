"""Monte Carlo of delivery, disbursement and results: the vectorised engine.

One run draws, for every operation, three correlated standard-normal latents
(start, duration, cost) built from a country factor, a sector factor and an
operation's own term (a Gaussian copula), and turns them into:

* **start** — a pipeline operation's approval slips (months, by reference
  class) and may be dropped (the worst start draws); an operation not yet
  effective takes ``planned lag × effectiveness-lag ratio`` to become effective;
* **duration** — the remaining implementation period is multiplied by the
  class's duration ratio, so completion moves and the disbursement profile
  stretches over more fiscal years;
* **cost** — the class's cost ratio X.  A share ``a`` of an overrun is met by
  additional financing (committed at mid-implementation, disbursed after it);
  the rest is met by delivering less: the scope delivered is
  ``min(1, (1 + a·(X − 1)) / X)``;
* **results** — an indicator moves only with the operations linked to it in
  ``contributions.csv``, each bringing its change as the planner reads the
  link, moved by the operation's own start, length and scope in the run
  (:mod:`cpfkit.risk.indicators`); an objective's rating follows
  :mod:`cpfkit.risk.objective_rule`.

Work is done in chunks of runs (each chunk with its own generator spawned
from the caller's), so memory does not grow with the number of runs beyond
the per-run outputs kept for quantiles.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from cpfkit.risk.arrays import FloatArray
from cpfkit.risk.engine import Draws, Model
from cpfkit.risk.indicators import Results
from cpfkit.risk.latents import Latents, draw_latents
from cpfkit.risk.outcomes import SimulationResult
from cpfkit.risk.plan import SimulationInputs
from cpfkit.risk.samples import DECILE, Samples, TornadoSums, tornado_sums
from cpfkit.risk.summary import summarise

__all__ = [
    "CHUNK_SIZE",
    "DECILE",
    "TORNADO_RUNS",
    "Draws",
    "FloatArray",
    "Latents",
    "Model",
    "Results",
    "Samples",
    "draw_latents",
    "run_chunks",
    "simulate",
]

CHUNK_SIZE = 4096
TORNADO_RUNS = 16_384


def run_chunks(
    inputs: SimulationInputs,
    runs: int,
    rng: np.random.Generator,
    chunk_size: int,
    *,
    workers: int = 1,
    tornado_runs: int = TORNADO_RUNS,
) -> tuple[Model, Draws, Results, Samples]:
    """Evaluate the plan, then ``runs`` runs in chunks; keep every run's outcomes and the tornado sums.

    Chunk ``c`` draws from the ``c``-th generator spawned from ``rng`` and
    writes its own rows, so the results do not depend on ``workers`` (threads
    evaluating chunks side by side).  The tornado sums come from the first
    chunks covering at least ``tornado_runs`` runs.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    model = Model(inputs)
    plan_model = Model(inputs.planned())
    plan = plan_model.evaluate(np.zeros((3, 1, model.n)))
    results = Results(inputs)
    k, n = model.k, model.n
    actual = np.array(inputs.actual_disbursed)
    fixed_committed = np.array(inputs.fixed_committed)
    fixed_covered = np.array(inputs.fixed_covered)
    n_drivers = 3 + 3 * len(inputs.sector_groups) + 3 * n
    n_outputs = 1 + results.sim_index.size
    samples = Samples(
        disbursed=np.empty((runs, k)),
        after=np.empty(runs),
        committed=np.empty((runs, k)),
        covered=np.empty((runs, k)),
        approval=np.empty((runs, n), dtype=np.float32),
        completion=np.empty((runs, n), dtype=np.float32),
        values=np.empty((runs, results.count)),
        ratings=np.empty((runs, len(inputs.objectives)), dtype=np.int8),
        cost_ratio=np.empty((runs, n), dtype=np.float32),
        low_sum=np.zeros((n_drivers, n_outputs)),
        high_sum=np.zeros((n_drivers, n_outputs)),
        low_count=np.zeros(n_drivers),
        high_count=np.zeros(n_drivers),
    )
    chunks = max(1, -(-runs // chunk_size))
    children = rng.spawn(chunks)

    def chunk(c: int) -> TornadoSums | None:
        lo, hi = c * chunk_size, min(runs, (c + 1) * chunk_size)
        latents = draw_latents(children[c], hi - lo, inputs)
        draws = model.evaluate(latents.z)
        values = results.values(draws)
        sl = slice(lo, hi)
        samples.disbursed[sl] = draws.disbursed + actual
        samples.after[sl] = draws.after
        samples.committed[sl] = draws.committed + fixed_committed
        samples.covered[sl] = draws.covered + fixed_covered
        samples.approval[sl] = draws.approval
        samples.completion[sl] = draws.completion
        samples.values[sl] = values
        samples.ratings[sl] = results.ratings(values)
        samples.cost_ratio[sl] = draws.cost_ratio
        if lo >= tornado_runs and c > 0:
            return None
        outputs = np.hstack([samples.disbursed[sl].sum(axis=1, keepdims=True), values[:, results.sim_index]])
        return tornado_sums(latents, outputs)

    if workers > 1 and chunks > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            partials = list(pool.map(chunk, range(chunks)))
    else:
        partials = [chunk(c) for c in range(chunks)]
    for part in partials:
        if part is not None:
            samples.low_sum += part.low_sum
            samples.high_sum += part.high_sum
            samples.low_count += part.low_count
            samples.high_count += part.high_count
    plan_with_actual = Draws(
        plan.disbursed + actual,
        plan.after,
        plan.committed + fixed_committed,
        plan.covered + fixed_covered,
        plan.approval,
        plan.completion,
        plan.shift,
        plan.stretch,
        plan.scope,
        plan.cost_ratio,
    )
    return model, plan_with_actual, results, samples


def simulate(
    inputs: SimulationInputs,
    runs: int,
    rng: np.random.Generator,
    *,
    chunk_size: int = CHUNK_SIZE,
    workers: int = 1,
    tornado_runs: int = TORNADO_RUNS,
) -> SimulationResult:
    """Simulate a programme's delivery ``runs`` times.

    Args:
        inputs: the programme's plan (:func:`cpfkit.risk.inputs.simulation_inputs`), possibly changed by a scenario.
        runs: the number of runs.
        rng: the generator; each chunk of runs gets a child generator spawned from it, so the same seed and
            chunk size give the same results.
        chunk_size: runs evaluated at once (memory grows with it, not with ``runs``).
        workers: threads evaluating chunks side by side (the results are the same for any number).
        tornado_runs: the tornado's conditional means use the first chunks covering at least this many runs.

    Returns:
        Quantiles, probabilities and the tornado of the largest shortfall.
    """
    model, plan, results, samples = run_chunks(
        inputs, runs, rng, chunk_size, workers=workers, tornado_runs=tornado_runs
    )
    return summarise(inputs, model, plan, results, samples, chunk_size)
