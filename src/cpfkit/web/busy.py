"""The page a reader sees when every compute slot is taken: 429, ``Retry-After``, and when to come back.

The API answers the same refusal as problem+json (:mod:`cpfkit.api.errors`); pages answer it as a
page, in the reader's language, with a link back to where they were.
"""

from __future__ import annotations

import inspect

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from cpfkit.api.compute import Busy
from cpfkit.errors import CpfkitError
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import templates

__all__ = ["busy_page", "install_busy_page"]


def busy_page(request: Request, exc: Busy) -> HTMLResponse:
    """The refusal as a page (429), pointing back at the page asked for."""
    message = _(
        "The server is busy with other long computations (simulations, plans, PDF reports). "
        "Try again in %(seconds)s seconds."
    ) % {"seconds": exc.retry_after}
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = templates.TemplateResponse(
        request, "refused.html", {"title": _("Busy"), "message": message, "back": back}, status_code=429
    )
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def install_busy_page(app: FastAPI) -> None:
    """Answer :class:`Busy` on the pages with :func:`busy_page`; the API keeps its problem+json answer."""
    api_handler = app.exception_handlers[CpfkitError]

    async def _busy(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/") or not isinstance(exc, Busy):
            answer = api_handler(request, exc)
            return await answer if inspect.isawaitable(answer) else answer
        return busy_page(request, exc)

    app.add_exception_handler(Busy, _busy)
