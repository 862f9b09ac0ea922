"""The operations of a programme, with money as of a date: filtered, sorted, paginated, or as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from cpfkit.api.cache import CacheDep, overview
from cpfkit.api.deps import AsOfQuery, ProgrammeId, StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.listing import CSV_RESPONSES, ListDep, check_params, page_of, respond
from cpfkit.model import Institution, Instrument, ProjectStatus
from cpfkit.services import programmes as services

__all__ = ["router"]

router = APIRouter(prefix="/api/programmes", tags=["programmes"], route_class=ExactRoute)

Text = Annotated[str | None, Query(min_length=1, max_length=200)]
_PROJECT_FILTERS = {
    "as_of",
    "status",
    "institution",
    "instrument",
    "priority_area",
    "objective",
    "region",
    "approved_from",
    "approved_to",
    "q",
}


@router.get("/{programme_id}/projects", summary="Operations of a programme", responses=CSV_RESPONSES)
def list_projects(
    programme_id: ProgrammeId,
    request: Request,
    response: Response,
    store: StoreDep,
    cache: CacheDep,
    params: ListDep,
    as_of: AsOfQuery = None,
    status: Annotated[ProjectStatus | None, Query()] = None,
    institution: Annotated[Institution | None, Query()] = None,
    instrument: Annotated[Instrument | None, Query()] = None,
    priority_area: Annotated[str | None, Query(max_length=40, description="Code of a priority area.")] = None,
    objective: Annotated[str | None, Query(max_length=40, description="Code of an objective.")] = None,
    region: Annotated[str | None, Query(min_length=1, max_length=200, description="A region or city.")] = None,
    approved_from: Annotated[date | None, Query()] = None,
    approved_to: Annotated[date | None, Query()] = None,
    q: Text = None,
) -> list[services.ProjectSummary]:
    """The operations the programme counts, with money as of the date: filtered, sorted, paginated, or as CSV."""
    check_params(request, _PROJECT_FILTERS)
    rows = overview(cache, store, programme_id, as_of).projects
    place = region.lower() if region else None
    text = q.lower() if q else None

    def keep(r: services.ProjectSummary) -> bool:
        return (
            (status is None or r.status == status.value)
            and (institution is None or r.institution == institution.value)
            and (instrument is None or r.instrument == instrument.value)
            and (priority_area is None or priority_area in r.priority_areas)
            and (objective is None or objective in r.objectives)
            and (place is None or any(place == x.lower() for x in r.regions))
            and (approved_from is None or (r.approval is not None and r.approval >= approved_from))
            and (approved_to is None or (r.approval is not None and r.approval <= approved_to))
            and (text is None or text in r.id.lower() or text in r.name.lower())
        )

    fields = (
        "id",
        "name",
        "institution",
        "instrument",
        "status",
        "approval",
        "closing",
        "commitment_usd",
        "net_commitment_usd",
        "disbursed_usd",
        "undisbursed_usd",
    )
    sort_keys: dict[str, Any] = {name: (lambda r, n=name: getattr(r, n)) for name in fields}
    page, total = page_of(request, [r for r in rows if keep(r)], params, sort_keys)
    result: list[services.ProjectSummary] = respond(request, response, page, total, params, f"{programme_id}-projects")
    return result
