"""The reports page of a programme: every report in every format, as of a date, each a download.

The downloads themselves are :mod:`cpfkit.web.report_downloads`.
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
from cpfkit.reports.render import FORMATS
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.web.i18n import N_
from cpfkit.web.templating import templates

__all__ = ["REPORTS", "router"]

router = APIRouter(include_in_schema=False)

AsOf = Annotated[date | None, Query(description="Date of the figures (default: today).")]


REPORTS: tuple[tuple[str, str, str], ...] = (
    (
        "results-matrix",
        N_("Results matrix"),
        N_("Priority area → objective → indicators: baseline, target, actual, status."),
    ),
    (
        "plr",
        N_("Performance and Learning Review"),
        N_("Portfolio by priority area, progress of objectives, indicators off track."),
    ),
    (
        "clr",
        N_("Completion and Learning Review"),
        N_("Operations delivered, headline results, objective ratings, lessons."),
    ),
)
"""The standard reports: key, title and what each holds (translated on the page)."""

_FORMAT_LABELS = {"html": "HTML", "pdf": "PDF", "xlsx": "Excel", "json": "JSON"}


def _has_appraisals(store: Store, programme_id: str) -> bool:
    """Whether any operation of the programme carries appraisal inputs."""
    return bool(services.programme_data(store, programme_id).appraisals)


@router.get("/programmes/{programme_id}/reports", response_class=HTMLResponse)
async def reports_page(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, principal: PrincipalDep, as_of: AsOf = None
) -> HTMLResponse:
    """Every report of a programme in every format, as of a date."""
    day = as_of or clock.today()

    def context() -> dict[str, Any]:
        detail = cache.get(
            ("web-programme-detail", programme_id), lambda: services.programme_detail(store, programme_id)
        )
        return {
            "programme": detail.programme,
            "as_of": day,
            "explicit_as_of": as_of is not None,
            "reports": REPORTS,
            "formats": [(f, _FORMAT_LABELS[f]) for f in FORMATS],
            "has_appraisals": cache.get(("has-appraisals", programme_id), lambda: _has_appraisals(store, programme_id)),
        }

    return templates.TemplateResponse(request, "reports.html", await run_in_threadpool(context))
