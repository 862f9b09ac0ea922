"""Programmes and what they hold: operations, envelope use, completion summary.

The figures are computed from the whole programme and kept in the overview
cache until the next change to the data (:mod:`cpfkit.api.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import TypeAdapter

from cpfkit import clock
from cpfkit.api.cache import CacheDep, overview
from cpfkit.api.concurrency import etag
from cpfkit.api.deps import AsOfQuery, StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.listing import CSV_RESPONSES, ListDep, check_params, page_of, respond
from cpfkit.metrics.envelope import EnvelopeReport
from cpfkit.model import Institution, Instrument, ProgrammeStatus, ProjectStatus
from cpfkit.reports.completion import CompletionSummary
from cpfkit.services import programmes as services
from cpfkit.store.records import resource
from cpfkit.workplace import editing

__all__ = ["ProgrammeDetailPublic", "router"]

router = APIRouter(prefix="/api/programmes", tags=["programmes"], route_class=ExactRoute)

ProgrammeId = Annotated[str, Path(min_length=1, max_length=64, description="Programme id, e.g. kz-2026-2031.")]
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


@dataclass(frozen=True)
class ProgrammeDetailPublic(services.ProgrammeDetail):
    """A programme's definition with its summary, and the version to send in ``If-Match`` when changing it."""

    version: int


@router.get("", summary="List programmes", responses=CSV_RESPONSES)
def list_programmes(
    request: Request,
    response: Response,
    store: StoreDep,
    cache: CacheDep,
    params: ListDep,
    status: Annotated[ProgrammeStatus | None, Query()] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="Text in the id or the title.")] = None,
) -> list[services.ProgrammeSummary]:
    """Every programme in the store, with its headline numbers (sort by id, title, period_start, status, ...)."""
    check_params(request, {"status", "country", "q"})
    rows = cache.get(("programmes", clock.today()), lambda: services.programmes(store))
    if status is not None:
        rows = [r for r in rows if r.status == status.value]
    if country is not None:
        rows = [r for r in rows if r.country == country]
    if q is not None:
        rows = [r for r in rows if q.lower() in r.id.lower() or q.lower() in r.title.lower()]
    sort_keys = {
        name: (lambda r, n=name: getattr(r, n))
        for name in ("id", "title", "period_start", "status", "own_operations", "own_commitments_usd", "envelope_usd")
    }
    page, total = page_of(request, rows, params, sort_keys)
    result: list[services.ProgrammeSummary] = respond(request, response, page, total, params, "programmes")
    return result


_DETAIL = TypeAdapter(ProgrammeDetailPublic)
_ENVELOPE = TypeAdapter(EnvelopeReport)
_COMPLETION = TypeAdapter(CompletionSummary)


def _json(body: bytes, headers: dict[str, str] | None = None) -> Response:
    """A cached JSON body, sent as it was serialised (the figures are serialised once per data version)."""
    return Response(body, media_type="application/json", headers=headers)


def _detail(cache: CacheDep, store: StoreDep, programme_id: str) -> tuple[int, bytes]:
    version = editing.version_of(store, resource("programmes"), programme_id)  # read first: the body is as new
    detail = overview(cache, store, programme_id, None).detail
    return version, _DETAIL.dump_json(ProgrammeDetailPublic(detail.programme, detail.summary, version))


@router.get("/{programme_id}", summary="One programme", response_model=ProgrammeDetailPublic)
async def get_programme(programme_id: ProgrammeId, store: StoreDep, cache: CacheDep) -> Response:
    """The programme's definition (calendar, envelope, results framework) and its summary.

    The ``ETag`` header is the programme's version: send it back in ``If-Match`` to change the programme.
    """
    key = ("programme.json", programme_id, clock.today())
    version, body = await cache.aget(key, lambda: _detail(cache, store, programme_id))
    return _json(body, {"ETag": etag(version)})


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


@router.get("/{programme_id}/envelope", summary="Envelope use", response_model=EnvelopeReport)
async def get_envelope(
    programme_id: ProgrammeId, store: StoreDep, cache: CacheDep, as_of: AsOfQuery = None
) -> Response:
    """Commitments against the envelope by fiscal year and institution, with headroom."""
    key = ("envelope.json", programme_id, as_of or clock.today())
    return _json(
        await cache.aget(key, lambda: _ENVELOPE.dump_json(overview(cache, store, programme_id, as_of).envelope))
    )


@router.get("/{programme_id}/completion", summary="Completion summary", response_model=CompletionSummary)
async def get_completion(
    programme_id: ProgrammeId, store: StoreDep, cache: CacheDep, as_of: AsOfQuery = None
) -> Response:
    """Operations delivered, commitments, and each headline result with its operations and sources."""
    key = ("completion.json", programme_id, as_of or clock.today())
    body = await cache.aget(key, lambda: _COMPLETION.dump_json(overview(cache, store, programme_id, as_of).completion))
    return _json(body)
