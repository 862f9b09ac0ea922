"""Risk simulation of a programme, and the stress scenarios shipped with it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from cpfkit.api.auth import PrincipalDep, settings_of
from cpfkit.api.cache import CacheDep, text_book
from cpfkit.api.compute import ComputeDep, check_runs
from cpfkit.api.deps import AsOfQuery, StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.reports.simulation import SimulationReport
from cpfkit.services import programmes as services
from cpfkit.services.simulation_limits import DEFAULT_RUNS, DEFAULT_SEED, MAX_RUNS, MAX_SEED, RANDOM_SEED
from cpfkit.services.translations import scenarios_in

__all__ = ["router"]

router = APIRouter(prefix="/api/programmes", tags=["simulation"], route_class=ExactRoute)


@router.get("/{programme_id}/simulation", summary="Risk simulation")
def get_simulation(
    request: Request,
    programme_id: str,
    store: StoreDep,
    principal: PrincipalDep,
    slots: ComputeDep,
    runs: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_RUNS,
            description="Number of Monte Carlo runs (at most CPFKIT_SIMULATION_RUNS_ANONYMOUS without an account, "
            "CPFKIT_SIMULATION_RUNS_SIGNED_IN when signed in).",
        ),
    ] = DEFAULT_RUNS,
    seed: Annotated[
        str | None,
        Query(
            max_length=16,
            description=f"Seed of the draws, 0 to {MAX_SEED}, or '{RANDOM_SEED}' for a fresh one; reported in the "
            f"answer.  Without it the fixed default {DEFAULT_SEED} is used, as by `cpfkit simulate` and the risk "
            "page, so the same inputs give the same figures.",
        ),
    ] = None,
    scenario: Annotated[
        list[str] | None,
        Query(description="Name of a shipped stress scenario; repeat for several, or 'all'."),
    ] = None,
    as_of: AsOfQuery = None,
) -> SimulationReport:
    """Monte Carlo of delivery, disbursement and results, the same answer as `cpfkit simulate --json`.

    Scenarios are named from those shipped with the programme (see `/scenarios`); they run with the same seed
    and appear under `scenarios` with their change against the baseline.  A server runs only a few
    simulations at once: when it is busy the answer is 429 with `Retry-After`.
    """
    check_runs(runs, settings_of(request), principal)
    return slots.run(
        lambda: services.simulate(
            store, programme_id, runs=runs, seed=seed, scenarios=scenario or (), as_of=as_of, allow_files=False
        )
    )


@router.get("/{programme_id}/scenarios", summary="Stress scenarios")
def list_scenarios(
    programme_id: str, store: StoreDep, cache: CacheDep, language: DataLanguage
) -> list[services.ScenarioSummary]:
    """The stress scenarios shipped with the programme (their texts in the language asked for, where translated)."""
    services.programme_detail(store, programme_id)
    return scenarios_in(services.scenarios(programme_id), programme_id, text_book(cache, store, language))
