"""Deciding what to finance: a project's economic analysis, and a plan of a programme's pipeline.

Both answer with the same JSON as ``cpfkit appraise --json`` and ``cpfkit plan --json``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse

from cpfkit.api.auth import PrincipalDep, settings_of
from cpfkit.api.compute import ComputeDep, bounded_plan
from cpfkit.api.deps import AsOfQuery, StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.appraise.result import ProjectAppraisal
from cpfkit.jsonable import jsonable
from cpfkit.model.plan import PlanConstraints
from cpfkit.plan.report import PlanReport

__all__ = ["router"]

router = APIRouter(tags=["planning"], route_class=ExactRoute)


@router.post(
    "/api/programmes/{programme_id}/plan",
    summary="Plan the pipeline",
    response_model=PlanReport,
    responses={422: {"description": "A constraint names something the programme does not have, or is malformed."}},
)
def post_plan(
    request: Request,
    programme_id: str,
    store: StoreDep,
    principal: PrincipalDep,
    slots: ComputeDep,
    constraints: Annotated[PlanConstraints | None, Body(description="The scenario (docs/planning.md).")] = None,
    as_of: AsOfQuery = None,
    marginals: Annotated[bool, Query(description="Re-solve with US$100 million more in each year.")] = True,
) -> JSONResponse:
    """Choose and phase the programme's pipeline under the constraints of the body (all optional).

    The answer has ``status``, ``objective``, ``selected`` (``project``, ``fy``),
    ``fiscal_years`` (``fy``, ``envelope_usd``, ``committed_usd``), ``duals``,
    ``greedy_objective`` and, when no plan exists, ``conflicts``.  The solver's time limit
    (``solver.time_limit_seconds``) may be at most CPFKIT_PLAN_SECONDS_ANONYMOUS without an account and
    CPFKIT_PLAN_SECONDS_SIGNED_IN when signed in (left out: the shorter of 60 and the ceiling); a busy
    server answers 429 with ``Retry-After``.
    """
    from cpfkit.services import planning as services_plan  # the solver (NumPy, SciPy): loaded on first use

    bounded = bounded_plan(constraints, settings_of(request), principal)
    report = slots.run(
        lambda: services_plan.plan(
            store, programme_id, bounded, origin="request body", as_of=as_of, exact_marginals=marginals
        )
    )
    return JSONResponse(jsonable(report))


@router.get(
    "/api/projects/{project_id}/appraisal", summary="Economic analysis of an operation", response_model=ProjectAppraisal
)
def get_appraisal(
    project_id: str,
    store: StoreDep,
    programme: Annotated[str | None, Query(description="Programme whose appraisal inputs to use.")] = None,
) -> JSONResponse:
    """NPV, EIRR (or why there is none, or several), BCR, first-year return, switching values, sensitivities, flows."""
    from cpfkit.services import planning as services_plan  # the appraisal engine (NumPy): loaded on first use

    return JSONResponse(jsonable(services_plan.appraisal(store, project_id, programme)))
