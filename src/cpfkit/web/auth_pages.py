"""Signing in and out in the browser: server-rendered forms with CSRF protection.

The sign-in form uses a double-submit token (a random value in a SameSite=Strict
cookie and in the form); once signed in, forms carry the session's own CSRF
token.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cpfkit.api.auth import (
    SESSION_COOKIE,
    PrincipalDep,
    clear_session_cookie,
    client_address,
    set_session_cookie,
    settings_of,
)
from cpfkit.api.deps import StoreDep
from cpfkit.errors import NotAuthenticated, PermissionDenied, Throttled
from cpfkit.web.i18n import _
from cpfkit.web.templating import templates
from cpfkit.workplace.demo_accounts import demo_logins
from cpfkit.workplace.sessions import sign_in, sign_out

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

LOGIN_CSRF_COOKIE = "cpfkit_login_csrf"


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(
    request: Request, store: StoreDep, *, next_url: str, error: str | None = None, name: str = "", status: int = 200
) -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    context = {
        "next_url": _safe_next(next_url),
        "csrf_token": token,
        "error": error,
        "name": name,
        "demo": demo_logins(store),
        "demo_password": settings_of(request).demo_password,
        "public_read": settings_of(request).public_read,
    }
    response = templates.TemplateResponse(request, "login.html", context, status_code=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True, samesite="strict", path="/login")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, store: StoreDep, principal: PrincipalDep, next: str = "/") -> Response:  # noqa: A002
    """The sign-in form (or straight on, when already signed in)."""
    if principal is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _form(request, store, next_url=next)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",  # noqa: A002
) -> Response:
    """Check the form; on success set the session cookie and go on to ``next``."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return _form(
            request, store, next_url=next, name=name, status=400, error=_("The form expired. Please sign in again.")
        )
    try:
        signed = await run_in_threadpool(sign_in, store, name, password, client_address(request), settings_of(request))
    except Throttled as exc:
        error = _("Too many failed sign-ins; try again in %(seconds)s seconds.") % {"seconds": exc.retry_after}
        return _form(request, store, next_url=next, name=name, status=429, error=error)
    except NotAuthenticated:
        return _form(request, store, next_url=next, name=name, status=401, error=_("Wrong name or password."))
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, signed)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout_submit(
    request: Request,
    store: StoreDep,
    principal: PrincipalDep,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Close the session (the form carries the session's CSRF token) and go back to the start."""
    if principal is not None and principal.via == "web":
        if not principal.csrf_token or not secrets.compare_digest(principal.csrf_token, csrf_token):
            raise PermissionDenied("missing or wrong CSRF token")
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await run_in_threadpool(sign_out, store, token)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    return response
