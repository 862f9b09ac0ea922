"""Programmes: the list with their headline numbers, and one programme's definition and summary.

What a programme holds is in :mod:`cpfkit.api.routers.programme_projects` (its operations) and
:mod:`cpfkit.api.routers.programme_figures` (envelope use, completion summary).  The figures are computed
from the whole programme and kept in the overview cache until the next change to the data
(:mod:`cpfkit.api.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import TypeAdapter

from cpfkit import clock
from cpfkit.api.cache import CacheDep, overview
from cpfkit.api.concurrency import etag
from cpfkit.api.deps import ProgrammeId, StoreDep, cached_json
from cpfkit.api.exact import ExactRoute
from cpfkit.api.listing import CSV_RESPONSES, ListDep, check_params, page_of, respond
from cpfkit.model import ProgrammeStatus
from cpfkit.services import programmes as services
from cpfkit.store.records import resource
from cpfkit.workplace import editing

__all__ = ["ProgrammeDetailPublic", "router"]

router = APIRouter(prefix="/api/programmes", tags=["programmes"], route_class=ExactRoute)


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
    return cached_json(body, {"ETag": etag(version)})
