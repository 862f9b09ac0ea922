"""Errors on the pages as pages: 403, 404 and 500 in the reader's language, with the navigation.

A browser that mistypes a page address gets a page it can read and leave, not raw JSON; an unknown
programme or operation is answered with the closest identifiers the store holds.  The API under
``/api/`` (and any client that does not ask for HTML) keeps its ``application/problem+json`` answers
(:mod:`cpfkit.api.errors`).
"""

from __future__ import annotations

import difflib
import inspect
import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from cpfkit.errors import CpfkitError, NotFound, PermissionDenied
from cpfkit.store import Store
from cpfkit.store.repository import programme_ids
from cpfkit.store.tables import ProjectRow
from cpfkit.web.i18n import LOCALES, current_locale
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import templates

__all__ = ["closest_ids", "install_error_pages", "wants_page"]

_log = logging.getLogger("cpfkit.web")
_SUGGESTIONS = 5


def wants_page(request: Request) -> bool:
    """Whether the request is a browser's asking for a page (not ``/api/``, HTML accepted)."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return False
    return "text/html" in request.headers.get("accept", "")


def closest_ids(asked: str, known: list[str]) -> list[str]:
    """The known identifiers nearest to ``asked``, nearest first (case-blind; at most five)."""
    lowered = {k.lower(): k for k in known}
    matches = difflib.get_close_matches(asked.lower(), list(lowered), n=_SUGGESTIONS, cutoff=0.5)
    return [lowered[m] for m in matches]


def _known(store: Store, kind: str) -> list[str]:
    with store.reader() as session:
        if kind == "programme":
            return list(programme_ids(session))
        return list(session.scalars(select(ProjectRow.id).order_by(ProjectRow.id)))


def _suggestions(request: Request) -> tuple[str | None, list[str]]:
    """The kind of identifier the address names (programme or operation) and the closest known ones."""
    params = request.path_params
    for key, kind in (("project_id", "project"), ("programme_id", "programme")):
        asked = params.get(key)
        if isinstance(asked, str):
            try:
                known = _known(request.app.state.store, kind)
            except Exception:  # noqa: BLE001 - suggestions are a help; the 404 page is answered without them
                _log.warning("could not list the %s identifiers for a 404 page", kind, exc_info=True)
                return kind, []
            if asked not in known:
                return kind, closest_ids(asked, known)
    return None, []


def error_page(request: Request, status: int) -> HTMLResponse:
    """The page of an error status (403, 404 or 500), in the reader's language, with the navigation."""
    kind: str | None = None
    suggestions: list[str] = []
    if status == 404:
        kind, suggestions = _suggestions(request)
        title, message = _("Page not found"), _("There is no page at this address.")
        if kind == "programme":
            message = _("There is no programme with the identifier %(id)s.") % {
                "id": request.path_params["programme_id"]
            }
        elif kind == "project":
            message = _("There is no operation with the identifier %(id)s.") % {"id": request.path_params["project_id"]}
    elif status == 403:
        title, message = _("Not allowed"), _("Your account may not open this page.")
    else:
        title = _("Something went wrong")
        message = _("cpfkit could not show this page; the error is in the server's log. Nothing was changed.")
    context = {"title": title, "message": message, "status": status, "kind": kind, "suggestions": suggestions}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


async def _delegate(handler: object, request: Request, exc: Exception) -> Response:
    answer = handler(request, exc)  # type: ignore[operator]
    return await answer if inspect.isawaitable(answer) else answer


def install_error_pages(app: FastAPI) -> None:
    """Answer 403, 404 and 500 on the pages as pages; every other answer stays the API's problem+json."""
    cpfkit_handler = app.exception_handlers[CpfkitError]
    http_handler = app.exception_handlers[StarletteHTTPException]
    unexpected_handler = app.exception_handlers[Exception]

    async def _cpfkit(request: Request, exc: Exception) -> Response:
        if wants_page(request) and isinstance(exc, NotFound | PermissionDenied):
            return error_page(request, 404 if isinstance(exc, NotFound) else 403)
        return await _delegate(cpfkit_handler, request, exc)

    async def _http(request: Request, exc: Exception) -> Response:
        if wants_page(request) and isinstance(exc, StarletteHTTPException) and exc.status_code in (403, 404):
            return error_page(request, exc.status_code)
        return await _delegate(http_handler, request, exc)

    async def _unexpected(request: Request, exc: Exception) -> Response:
        response = await _delegate(unexpected_handler, request, exc)  # logs it with its traceback
        if not wants_page(request):
            return response
        # The language middleware has already ended here: choose the language it chose again.
        chosen = request.scope.get("state", {}).get("cpfkit_locale")
        token = current_locale.set(chosen if chosen in LOCALES else current_locale.get())
        try:
            return error_page(request, 500)
        finally:
            current_locale.reset(token)

    app.add_exception_handler(CpfkitError, _cpfkit)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
