"""Use cases of the risk simulation: the Monte Carlo run of a programme, with stress scenarios side by side.

The scenarios themselves are :mod:`~cpfkit.services.scenarios`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from datetime import date

import numpy as np

from cpfkit import clock
from cpfkit.errors import DataError
from cpfkit.model import ProgrammeData
from cpfkit.reference import load_fx
from cpfkit.reference.simulation import (
    ConstantSpec,
    LognormalSpec,
    SimulationReference,
    TriangularSpec,
    load_simulation_reference,
)
from cpfkit.reports.simulation import ReferenceClassUsed, SimulationReport, build_report, settings_summary
from cpfkit.risk.inputs import simulation_inputs
from cpfkit.risk.montecarlo import simulate as run_simulation
from cpfkit.risk.plan import SimulationInputs
from cpfkit.risk.scenarios import apply_scenario
from cpfkit.risk.words import distribution_message
from cpfkit.services.scenarios import load_scenario, resolve_scenario, scenario_folder, scenario_label
from cpfkit.services.simulation_limits import DEFAULT_RUNS, DEFAULT_SEED, MAX_RUNS, MAX_SEED, RANDOM_SEED
from cpfkit.store import Store
from cpfkit.store.repository import load_programme_data

__all__ = ["DEFAULT_RUNS", "DEFAULT_SEED", "MAX_RUNS", "MAX_SEED", "RANDOM_SEED", "parse_seed", "simulate"]


def _programme_data(store: Store, programme_id: str) -> ProgrammeData:
    with store.reader() as session:
        return load_programme_data(session, programme_id)


# -- risk simulation ---------------------------------------------------------------------


def _describe(spec: LognormalSpec | TriangularSpec | ConstantSpec) -> str:
    return str(distribution_message(spec))


def _classes_used(reference: SimulationReference, inputs: SimulationInputs) -> tuple[ReferenceClassUsed, ...]:
    used: dict[str, list[str]] = {}
    for op in inputs.operations:
        used.setdefault(op.reference_class, []).append(op.id)
    out = []
    for name, ops in used.items():
        ref = reference.classes[name]
        params = {
            "cost_ratio": ref.cost_ratio,
            "duration_ratio": ref.duration_ratio,
            "approval_slip_months": ref.approval_slip_months,
        }
        out.append(
            ReferenceClassUsed(
                name=name,
                label=ref.label,
                operations=tuple(ops),
                cost_ratio=_describe(ref.cost_ratio.at(inputs.as_of)),
                duration_ratio=_describe(ref.duration_ratio.at(inputs.as_of)),
                approval_slip_months=_describe(ref.approval_slip_months.at(inputs.as_of)),
                status={k: v.status for k, v in params.items()},
                sources=tuple(dict.fromkeys(v.source for v in params.values() if v.source)),
            )
        )
    return tuple(out)


def parse_seed(seed: int | str | None) -> int:
    """The seed a simulation runs with: :data:`DEFAULT_SEED` when none is given, a fresh one for ``random``.

    Args:
        seed: None, an integer 0 … :data:`MAX_SEED` (or its decimal digits), or ``random``.

    Raises:
        DataError: anything else (field ``seed``).

    Examples:
        >>> parse_seed(None), parse_seed("7"), parse_seed(7)
        (20260101, 7, 7)
        >>> 0 <= parse_seed("random") <= MAX_SEED
        True
    """
    if seed is None:
        return DEFAULT_SEED
    if isinstance(seed, str):
        text = seed.strip()
        if text.lower() == RANDOM_SEED:
            return secrets.randbelow(MAX_SEED + 1)
        if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_SEED)):
            raise DataError(
                f"seed must be a whole number from 0 to {MAX_SEED} or {RANDOM_SEED!r}, not {seed!r}", field="seed"
            )
        seed = int(text)
    if not 0 <= seed <= MAX_SEED:
        raise DataError(
            f"seed must be a whole number from 0 to {MAX_SEED} or {RANDOM_SEED!r}, not {seed}", field="seed"
        )
    return seed


def simulate(
    store: Store,
    programme_id: str,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int | str | None = None,
    scenarios: Sequence[str] = (),
    as_of: date | None = None,
    allow_files: bool = True,
    workers: int | None = None,
) -> SimulationReport:
    """Monte Carlo of a programme's delivery, disbursement and results, with stress scenarios side by side.

    Args:
        store: the database.
        programme_id: the programme.
        runs: the number of runs (1 … ``MAX_RUNS``).
        seed: the seed (:data:`DEFAULT_SEED` when None, a fresh one for ``random``; see :func:`parse_seed`),
            reported in the answer; the baseline and every scenario use it.
        scenarios: scenario files or shipped names; ``all`` stands for every shipped scenario.
        as_of: the date the simulation starts from (default: today).
        allow_files: accept scenario paths (False for the API: shipped names only).
        workers: threads evaluating chunks of runs (default: up to two, one per core); the results do not
            depend on it.

    Raises:
        DataError: a bad scenario file, runs or seed out of range.
    """
    workers = workers or min(2, os.cpu_count() or 1)
    if not 1 <= runs <= MAX_RUNS:
        raise DataError(f"runs must be between 1 and {MAX_RUNS:,}, not {runs}", field="runs")
    as_of = as_of or clock.today()
    seed = parse_seed(seed)
    refs: list[str] = []
    for ref in scenarios:
        refs.extend([p.stem for p in sorted(scenario_folder(programme_id).glob("*.yaml"))] if ref == "all" else [ref])
    files = [resolve_scenario(programme_id, ref, allow_files=allow_files) for ref in dict.fromkeys(refs)]
    loaded = [(path, load_scenario(path)) for path in files]
    reference = load_simulation_reference()
    inputs = simulation_inputs(_programme_data(store, programme_id), load_fx(), reference, as_of)
    baseline = run_simulation(inputs, runs, np.random.default_rng(seed), workers=workers)
    results = []
    for path, scenario in loaded:
        label = scenario_label(path)
        applied = apply_scenario(inputs, scenario, file=label, reference_classes=reference.classes)
        result = run_simulation(applied.inputs, runs, np.random.default_rng(seed), workers=workers)
        results.append((applied, label, result))
    assumptions = settings_summary(inputs.settings, _classes_used(reference, inputs))
    return build_report(baseline, seed=seed, assumptions=assumptions, scenarios=results)
