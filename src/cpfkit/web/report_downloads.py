"""The downloads of the reports page: every report in every format, and the programme as IATI XML.

Besides the standard reports: the appraisal, plan and simulation reports.

Each file is built from the store as ``cpfkit report`` builds it (rendered by
:func:`cpfkit.reports.render.render_bytes`), in the language of the page it is
downloaded from (:data:`cpfkit.web.i18n.current_locale`); building one (a PDF takes seconds)
runs in the thread pool, never on the event loop, and the heavy ones take one
of the server's compute slots.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep, settings_of
from cpfkit.api.compute import ComputeDep, check_runs
from cpfkit.api.deps import StoreDep
from cpfkit.reports.render import MEDIA_TYPES, render_bytes
from cpfkit.services import planning as services_plan
from cpfkit.services import programmes as services
from cpfkit.services import results as rs
from cpfkit.services.simulation_limits import DEFAULT_RUNS
from cpfkit.store import Store
from cpfkit.web.i18n import current_locale

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

ReportKind = Literal["results-matrix", "plr", "clr"]
ReportFormat = Literal["html", "pdf", "xlsx", "json"]
AsOf = Annotated[date | None, Query(description="Date of the figures (default: today).")]


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _html(text: str) -> bytes:
    return text.encode("utf-8")


def _iati_xml(store: Store, programme_id: str) -> bytes:
    from cpfkit.services.interchange.iati_export import export_iati  # each report's renderer loads when it is asked for

    with tempfile.TemporaryDirectory(prefix="cpfkit-iati-") as folder:
        out = Path(folder) / f"{programme_id}.xml"
        export_iati(store, programme_id, out)
        return out.read_bytes()


async def _build(compute: Callable[[], bytes]) -> bytes:
    return await run_in_threadpool(compute)


@router.get("/programmes/{programme_id}/reports/appraisal.html")
async def appraisal_download(programme_id: str, store: StoreDep) -> Response:
    """The economic appraisal of every appraised operation, as a standalone HTML report."""
    lang = current_locale.get()

    def build() -> bytes:
        from cpfkit.reports.appraisal import appraisal_html

        found = services_plan.appraisals(store, programme_id, lang)
        return _html(appraisal_html(found, lang=lang))

    return _download(await _build(build), MEDIA_TYPES["html"], f"{programme_id}-appraisal.html")


@router.get("/programmes/{programme_id}/reports/plan.html")
async def plan_download(programme_id: str, store: StoreDep, slots: ComputeDep, as_of: AsOf = None) -> Response:
    """The plan of the pipeline under the default constraints, as a standalone HTML report."""
    from cpfkit.reports.plan import plan_html

    day, lang = as_of or clock.today(), current_locale.get()
    content = await _build(
        lambda: slots.run(
            lambda: _html(
                plan_html(services_plan.plan_in(store, services_plan.plan(store, programme_id, as_of=day), lang), lang)
            )
        )
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
    runs: Annotated[int, Query(ge=1, le=100_000)] = DEFAULT_RUNS,
    seed: Annotated[int | None, Query(ge=0, lt=2**32)] = None,
) -> Response:
    """The risk simulation of the programme with every shipped stress scenario, as a standalone HTML report."""
    day, lang = as_of or clock.today(), current_locale.get()
    check_runs(runs, settings_of(request), principal)

    def build() -> bytes:
        from cpfkit.reports.simulation_html import render_html as render_simulation
        from cpfkit.services.simulation_language import simulation_in

        report = services.simulate(
            store, programme_id, runs=runs, seed=seed, scenarios=["all"], as_of=day, allow_files=False
        )
        return _html(render_simulation(simulation_in(store, report, lang), lang=lang))

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
    """One standard report in one format and the page's language, built from the store as of the date.

    As ``cpfkit report`` builds it; ``?lang=`` (or the language of the pages) chooses the language.

    A PDF takes seconds to lay out: making one takes one of the server's compute slots.
    """
    day, lang = as_of or clock.today(), current_locale.get()

    def build() -> bytes:
        return render_bytes(rs.build_report(store, kind, programme_id, day, lang), fmt, lang)

    content = await _build((lambda: slots.run(build)) if fmt == "pdf" else build)
    return _download(content, MEDIA_TYPES[fmt], f"{programme_id}-{kind}-{day.isoformat()}.{fmt}")
