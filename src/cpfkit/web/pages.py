"""The pages: the list of programmes and one overview per programme."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cpfkit import clock
from cpfkit.api.auth import PrincipalDep
from cpfkit.api.cache import CacheDep, OverviewCache, overview, programme_data, text_book
from cpfkit.api.deps import StoreDep
from cpfkit.services import periods
from cpfkit.services import programmes as services
from cpfkit.services.translations import summaries_in
from cpfkit.web import charts, charts_map
from cpfkit.web.i18n import current_locale
from cpfkit.web.templating import templates

__all__ = ["router", "templates"]

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: StoreDep, cache: CacheDep) -> HTMLResponse:
    """Every programme in the store."""
    language = current_locale.get()
    rows = cache.get(("programmes", clock.today()), lambda: services.programmes(store))
    rows = cache.get(
        ("programmes", clock.today(), language), lambda: summaries_in(rows, text_book(cache, store, language))
    )
    return templates.TemplateResponse(request, "index.html", {"programmes": rows})


def _overview(
    cache: OverviewCache, store: StoreDep, programme_id: str, as_of: date | None, language: str
) -> dict[str, Any]:
    """Everything the overview page shows, with its charts, from the cached overview figures (in ``language``)."""
    figures = overview(cache, store, programme_id, as_of, language)
    detail, envelope, rows, summary = figures.detail, figures.envelope, list(figures.projects), figures.completion
    areas = {a.code: a.title for a in detail.programme.priority_areas}
    region_map = charts_map.region_map(
        detail.programme.country,
        rows,
        programme_data(cache, store, programme_id, language).projects,
        language,
    )
    return {
        "detail": detail,
        "programme": detail.programme,
        "envelope": envelope,
        "projects": rows,
        "results": summary.results,
        "targets": {i.code: i for _, _, i in detail.programme.indicators()},
        "areas": areas,
        "charts": {
            "envelope": charts.to_json(charts.envelope_by_fy(envelope)),
            "areas": charts.to_json(charts.area_commitments(rows, areas)),
            "map": charts.to_json(region_map) if region_map is not None else None,
        },
        "nationwide": region_map["layout"]["meta"]["nationwide"] if region_map is not None else 0,
        "sources": summary.sources,
        "closed_period": periods.in_force(store, programme_id),
    }


@router.get("/programmes/{programme_id}", response_class=HTMLResponse)
async def programme_page(
    request: Request,
    programme_id: str,
    store: StoreDep,
    cache: CacheDep,
    principal: PrincipalDep,
    as_of: date | None = None,
) -> HTMLResponse:
    """Overview of one programme: envelope use, commitments by priority area, headline results, operations.

    The page an anonymous reader gets is the same for everyone reading in the same language, so it is
    kept whole per language (until the data changes); a signed-in user's page carries their name and
    CSRF token and is rendered for them.  The charts carry translated titles and the locale's number
    separators, so the page's figures are kept per language too.
    """
    day = as_of or clock.today()
    locale = current_locale.get()
    figures = ("overview-page", programme_id, day, locale)
    if principal is None:

        def render() -> str:
            context = cache.get(figures, lambda: _overview(cache, store, programme_id, as_of, locale))
            return templates.get_template("programme.html").render({"request": request, **context})

        return HTMLResponse(await cache.aget(("overview-page.html", programme_id, day, locale), render))
    context = await cache.aget(figures, lambda: _overview(cache, store, programme_id, as_of, locale))
    return templates.TemplateResponse(request, "programme.html", dict(context))
