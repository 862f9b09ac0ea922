"""The results page of a programme: the results matrix on a date, filtered by priority area and status.

Figures come from the same service as ``cpfkit report results-matrix``
(:func:`cpfkit.services.reviews.build_report`), kept per data version in the
application's cache; building them runs in the thread pool, never on the event loop.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep
from cpfkit.api.deps import StoreDep
from cpfkit.metrics.progress import Status
from cpfkit.reports.results_matrix import ResultsMatrix
from cpfkit.services import programmes as services
from cpfkit.services import results as rs
from cpfkit.store import Store
from cpfkit.web import charts, charts_results
from cpfkit.web.i18n import gettext as _
from cpfkit.web.rating_due import pending_ratings, shown_rating_counts
from cpfkit.web.templating import templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

AsOf = Annotated[date | None, Query(description="Date of the figures (default: today).")]


def _results_matrix(cache: CacheDep, store: Store, programme_id: str, day: date) -> ResultsMatrix:
    report = cache.get(
        ("results-matrix", programme_id, day), lambda: rs.build_report(store, "results-matrix", programme_id, day)
    )
    assert isinstance(report, ResultsMatrix)
    return report


def _results_context(
    cache: CacheDep, store: Store, programme_id: str, day: date, area: str | None, status: str | None
) -> dict[str, Any]:
    """What the results page shows: the matrix (filtered by area and status), its chart and its sources."""
    report = _results_matrix(cache, store, programme_id, day)
    fw = report.framework
    detail = cache.get(("web-programme-detail", programme_id), lambda: services.programme_detail(store, programme_id))
    areas = []
    for a in fw.areas:
        if area and a.code != area:
            continue
        objectives = []
        for o in a.objectives:
            shown = [i for i in o.indicators if not status or i.status.value == status]
            if shown or not status:
                objectives.append((o, shown))
        if objectives:
            areas.append((a, objectives))
    shown_count = sum(len(ind) for _a, objs in areas for _o, ind in objs)
    pending = pending_ratings(fw)
    return {
        "pending": pending,
        "rating_counts": shown_rating_counts(fw, pending),
        "programme": detail.programme,
        "report": report,
        "framework": fw,
        "areas": areas,
        "all_areas": fw.areas,
        "statuses": [s.value for s in Status],
        "area": area or "",
        "status": status or "",
        "as_of": day,
        "shown_count": shown_count,
        "names": report.project_names,
        "sources": report.sources,
        "chart": charts.to_json(charts_results.progress_by_objective(fw, _)),
        "chart_height": charts_results.progress_height(fw),
    }


@router.get("/programmes/{programme_id}/results", response_class=HTMLResponse)
async def results_page(
    request: Request,
    programme_id: str,
    store: StoreDep,
    cache: CacheDep,
    principal: PrincipalDep,
    as_of: AsOf = None,
    area: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    """The results matrix of a programme on a date, filtered by priority area and status."""
    day = as_of or clock.today()
    context = await run_in_threadpool(_results_context, cache, store, programme_id, day, area or None, status or None)
    return templates.TemplateResponse(request, "results.html", context)
