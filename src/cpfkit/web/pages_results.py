"""The results page (the results matrix) and the reports page (every report in every format, as downloads).

Figures come from the same services as ``cpfkit report``: the results matrix of
:func:`cpfkit.services.reviews.build_report`, rendered by
:func:`cpfkit.reports.render.render_bytes`. Building a file (a PDF takes
seconds) runs in the thread pool, never on the event loop.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep, settings_of
from cpfkit.api.cache import CacheDep
from cpfkit.api.compute import ComputeDep, check_runs
from cpfkit.api.deps import StoreDep
from cpfkit.metrics.progress import Status
from cpfkit.reports.appraisal import appraisal_html
from cpfkit.reports.plan import plan_html
from cpfkit.reports.render import FORMATS, MEDIA_TYPES, render_bytes
from cpfkit.reports.reviews import ResultsMatrix
from cpfkit.reports.simulation_html import render_html as render_simulation
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.services import results as rs
from cpfkit.services.interchange.iati_export import export_iati
from cpfkit.store import Store
from cpfkit.web import charts, charts_results
from cpfkit.web.i18n import N_
from cpfkit.web.i18n import gettext as _
from cpfkit.web.rating_due import pending_ratings, shown_rating_counts
from cpfkit.web.templating import templates

__all__ = ["REPORTS", "router"]

router = APIRouter(include_in_schema=False)

ReportKind = Literal["results-matrix", "plr", "clr"]
ReportFormat = Literal["html", "pdf", "xlsx", "json"]
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


# -- reports ----------------------------------------------------------------------------------


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


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _html(text: str) -> bytes:
    return text.encode("utf-8")


def _iati_xml(store: Store, programme_id: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="cpfkit-iati-") as folder:
        out = Path(folder) / f"{programme_id}.xml"
        export_iati(store, programme_id, out)
        return out.read_bytes()


async def _build(compute: Callable[[], bytes]) -> bytes:
    return await run_in_threadpool(compute)


@router.get("/programmes/{programme_id}/reports/appraisal.html")
async def appraisal_download(programme_id: str, store: StoreDep) -> Response:
    """The economic appraisal of every appraised operation, as a standalone HTML report."""

    def build() -> bytes:
        found = services_plan.appraisals(store, programme_id)
        return _html(appraisal_html(found))

    return _download(await _build(build), MEDIA_TYPES["html"], f"{programme_id}-appraisal.html")


@router.get("/programmes/{programme_id}/reports/plan.html")
async def plan_download(programme_id: str, store: StoreDep, slots: ComputeDep, as_of: AsOf = None) -> Response:
    """The plan of the pipeline under the default constraints, as a standalone HTML report."""
    day = as_of or clock.today()
    content = await _build(
        lambda: slots.run(lambda: _html(plan_html(services_plan.plan(store, programme_id, as_of=day))))
    )
    return _download(content, MEDIA_TYPES["html"], f"{programme_id}-plan-{day.isoformat()}.html")


@router.get("/programmes/{programme_id}/reports/simulation.html")
async def simulation_download(
    request: Request,
    programme_id: str,
    store: StoreDep,
    principal: PrincipalDep,
    slots: ComputeDep,
    as_of: AsOf = None,
    runs: Annotated[int, Query(ge=1, le=100_000)] = services.DEFAULT_RUNS,
    seed: Annotated[int | None, Query(ge=0, lt=2**32)] = None,
) -> Response:
    """The risk simulation of the programme with every shipped stress scenario, as a standalone HTML report."""
    day = as_of or clock.today()
    check_runs(runs, settings_of(request), principal)

    def build() -> bytes:
        report = services.simulate(
            store, programme_id, runs=runs, seed=seed, scenarios=["all"], as_of=day, allow_files=False
        )
        return _html(render_simulation(report))

    return _download(
        await _build(lambda: slots.run(build)), MEDIA_TYPES["html"], f"{programme_id}-simulation-{day.isoformat()}.html"
    )


@router.get("/programmes/{programme_id}/reports/iati.xml")
async def iati_download(programme_id: str, store: StoreDep) -> Response:
    """The programme's operations as IATI 2.03 XML (validated against the schema; illustrative figures marked)."""
    content = await _build(lambda: _iati_xml(store, programme_id))
    return _download(content, "application/xml", f"{programme_id}-iati.xml")


@router.get("/programmes/{programme_id}/reports/{kind}.{fmt}")
async def report_download(
    programme_id: str, kind: ReportKind, fmt: ReportFormat, store: StoreDep, slots: ComputeDep, as_of: AsOf = None
) -> Response:
    """One standard report in one format, built from the store as of the date (as ``cpfkit report`` builds it).

    A PDF takes seconds to lay out: making one takes one of the server's compute slots.
    """
    day = as_of or clock.today()

    def build() -> bytes:
        return render_bytes(rs.build_report(store, kind, programme_id, day), fmt)

    content = await _build((lambda: slots.run(build)) if fmt == "pdf" else build)
    return _download(content, MEDIA_TYPES[fmt], f"{programme_id}-{kind}-{day.isoformat()}.{fmt}")
