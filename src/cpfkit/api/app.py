"""The FastAPI application: JSON API under ``/api``, pages at ``/``, static files at ``/static``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request

from cpfkit import __version__
from cpfkit.api.auth import read_access
from cpfkit.api.body_limit import BodyLimit
from cpfkit.api.cache import OverviewCache
from cpfkit.api.compute import ComputeSlots
from cpfkit.api.errors import install_error_handlers
from cpfkit.api.language import DataLanguageHeaders
from cpfkit.api.openapi import install_openapi
from cpfkit.api.routers import (
    audit,
    auth,
    periods,
    planning,
    programme_figures,
    programme_projects,
    programmes,
    projects,
    records,
    reports,
    risks,
    simulation,
    tokens,
    users,
)
from cpfkit.api.routers import health as health_router
from cpfkit.api.routers import portfolio as portfolio_router
from cpfkit.api.security import SecurityHeaders
from cpfkit.services import programmes as services
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.web import (
    auth_pages,
    busy,
    error_pages,
    pages,
    pages_operations,
    pages_plan,
    pages_portfolio,
    pages_reports,
    pages_results,
    pages_risk,
    period_forms,
    report_downloads,
    risk_forms,
)
from cpfkit.web.language import LanguageMiddleware, use_locale

__all__ = ["create_app"]

_WEB_STATIC = Path(__file__).parent.parent / "web" / "static"


def create_app(store: Store | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the application around a store (default: the database of the settings, prepared)."""
    settings = settings or Settings()
    app = FastAPI(
        title="cpfkit",
        version=__version__,
        summary="Country Partnership Framework: programmes, operations, envelope and results.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below, from the installed swagger-ui-py package (never a CDN)
        redoc_url=None,
        dependencies=[Depends(read_access), Depends(use_locale)],
    )
    app.state.settings = settings
    app.state.store = store or services.open_store(settings=settings)
    app.state.cache = OverviewCache(app.state.store, enabled=settings.overview_cache)
    app.state.compute = ComputeSlots(settings.compute_slots)
    install_error_handlers(app)
    error_pages.install_error_pages(app)  # pages answer 403/404/500 as pages; the API keeps problem+json
    busy.install_busy_page(app)
    install_openapi(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)  # inside the others: its 413 gets their headers
    app.add_middleware(SecurityHeaders)
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(DataLanguageHeaders)
    app.include_router(programmes.router)
    app.include_router(programme_projects.router)
    app.include_router(programme_figures.router)
    app.include_router(pages.router)  # early: the overview is the most read page, and routes are tried in order
    app.include_router(pages_results.router)
    app.include_router(pages_reports.router)
    app.include_router(report_downloads.router)
    app.include_router(pages_plan.router)
    app.include_router(pages_operations.router)
    app.include_router(pages_portfolio.router)
    app.include_router(pages_risk.router)
    app.include_router(risk_forms.router)
    app.include_router(period_forms.router)
    app.include_router(projects.router)
    app.include_router(reports.router)
    app.include_router(simulation.router)
    app.include_router(portfolio_router.router)
    app.include_router(risks.router)
    app.include_router(periods.router)
    app.include_router(planning.router)
    app.include_router(records.router)
    app.include_router(auth.router)
    app.include_router(tokens.router)
    app.include_router(users.router)
    app.include_router(audit.router)
    app.include_router(auth_pages.router)
    app.include_router(health_router.router)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        """Plotly's JavaScript, from the installed plotly package (never a CDN)."""
        import plotly  # loaded for its file on the first request, not at every start

        js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        return FileResponse(js, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    install_api_docs(app)
    app.mount("/static", StaticFiles(directory=_WEB_STATIC), name="static")
    return app


_DOCS_ASSETS = "/api/docs/assets"


def install_api_docs(app: FastAPI) -> None:
    """Serve Swagger UI at ``/api/docs`` with its script and style from the installed package, so it works offline."""

    async def swagger_ui(_request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="cpfkit API",
            swagger_js_url=f"{_DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{_DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    app.add_route("/api/docs", swagger_ui, include_in_schema=False)
    app.mount(_DOCS_ASSETS, StaticFiles(directory=_swagger_ui_assets()), name="api-docs-assets")


def _swagger_ui_assets() -> Path:
    """Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes) as the ``swagger-ui-py`` package ships it.

    Found without importing that package, whose import looks for web frameworks.
    """
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "static"
