"""The pages: the list of programmes and one overview per programme."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from cpfkit import services
from cpfkit.api.cache import CacheDep
from cpfkit.api.deps import StoreDep
from cpfkit.model import fy_label
from cpfkit.web import charts

__all__ = ["router", "templates"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _millions(value: Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value / Decimal(1_000_000):,.{digits}f}"


def _figure(value: Decimal | None) -> str:
    if value is None:
        return "no data"
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _lookup(codes: tuple[str, ...], names: dict[str, str]) -> list[str]:
    return [names.get(code, code) for code in codes]


templates.env.filters.update(millions=_millions, figure=_figure, percent=_percent, fy=fy_label, lookup=_lookup)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: StoreDep, cache: CacheDep) -> HTMLResponse:
    """Every programme in the store."""
    rows = cache.get(("programmes", date.today()), lambda: services.programmes(store))
    return templates.TemplateResponse(request, "index.html", {"programmes": rows})


@router.get("/programmes/{programme_id}", response_class=HTMLResponse)
def programme_page(
    request: Request, programme_id: str, store: StoreDep, cache: CacheDep, as_of: date | None = None
) -> HTMLResponse:
    """Overview of one programme: envelope use, commitments by priority area, headline results, operations."""
    day = as_of or date.today()
    detail = cache.get(("programme-detail", programme_id, day), lambda: services.programme_detail(store, programme_id))
    envelope = cache.get(("envelope", programme_id, day), lambda: services.envelope(store, programme_id, as_of))
    rows = cache.get(("projects", programme_id, day), lambda: services.projects(store, programme_id, as_of))
    summary = cache.get(("completion", programme_id, day), lambda: services.completion(store, programme_id, as_of))
    areas = {a.code: a.title for a in detail.programme.priority_areas}
    context = {
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
        },
        "sources": summary.sources,
    }
    return templates.TemplateResponse(request, "programme.html", context)
