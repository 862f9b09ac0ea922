"""Who is calling: a bearer API token (scripts), a session cookie (browsers), or nobody.

* ``Authorization: Bearer cpfkit_…`` — a token made by ``cpfkit token create``
  or ``POST /api/auth/tokens``.  A wrong token is refused (401), never read
  as anonymous.
* the ``cpfkit_session`` cookie — set by signing in.  Unsafe requests made
  with it (POST, PATCH, DELETE) must carry the session's CSRF token, in the
  ``X-CSRF-Token`` header or a form's ``csrf_token`` field.
* nobody — may read when ``CPFKIT_PUBLIC_READ`` is on (the default).
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from cpfkit.errors import NotAuthenticated, PermissionDenied
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.workplace import tokens
from cpfkit.workplace.roles import Principal, Role
from cpfkit.workplace.sessions import SignIn, principal_for_session

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "AdminDep",
    "PrincipalDep",
    "UserDep",
    "WriterDep",
    "clear_session_cookie",
    "client_address",
    "get_principal",
    "read_access",
    "set_session_cookie",
    "settings_of",
]

SESSION_COOKIE = "cpfkit_session"
CSRF_HEADER = "X-CSRF-Token"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Open even when reading needs a sign-in: the sign-in itself, the API's description, static files.
_OPEN_PATHS = ("/login", "/logout", "/api/auth/login", "/api/openapi.json", "/api/docs", "/static/", "/favicon")
_STATE = "cpfkit_principal"


def settings_of(request: Request) -> Settings:
    """The settings the application was created with."""
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def client_address(request: Request) -> str:
    """The caller's address (for login throttling)."""
    return request.client.host if request.client else "unknown"


async def get_principal(request: Request) -> Principal | None:
    """The caller, from a bearer token or a session cookie; None when anonymous.

    Raises:
        NotAuthenticated: a bearer token was given and is not valid.
    """
    if hasattr(request.state, _STATE):
        found: Principal | None = getattr(request.state, _STATE)
        return found
    principal: Principal | None = None
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if header and scheme.lower() == "bearer":
        principal = await run_in_threadpool(tokens.principal_for_token, _store(request), credentials.strip())
        if principal is None:
            raise NotAuthenticated("the API token is not valid (unknown, revoked or expired)")
    elif header:
        raise NotAuthenticated("use 'Authorization: Bearer <token>'")
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            principal = await run_in_threadpool(principal_for_session, _store(request), cookie)
    setattr(request.state, _STATE, principal)
    return principal


PrincipalDep = Annotated[Principal | None, Depends(get_principal)]


def _is_open(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in _OPEN_PATHS)


async def read_access(request: Request, principal: PrincipalDep) -> None:
    """Every route's gate: reading needs a sign-in unless ``CPFKIT_PUBLIC_READ`` is on."""
    if principal is None and not settings_of(request).public_read and not _is_open(request.url.path):
        raise NotAuthenticated("sign in to read (this server does not allow anonymous reading)")


def require_user(principal: PrincipalDep) -> Principal:
    """A signed-in caller."""
    if principal is None:
        raise NotAuthenticated("sign in, or give an API token")
    return principal


UserDep = Annotated[Principal, Depends(require_user)]


async def require_writer(request: Request, principal: UserDep) -> Principal:
    """A signed-in caller whose unsafe request, if it rides on a session cookie, carries the CSRF token."""
    if request.method in _UNSAFE and principal.via == "web":
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
        if not given or given != principal.csrf_token:
            raise PermissionDenied(f"missing or wrong CSRF token (send the {CSRF_HEADER} header of your session)")
    return principal


WriterDep = Annotated[Principal, Depends(require_writer)]


def require_admin(principal: WriterDep) -> Principal:
    """An administrator."""
    if principal.role is not Role.ADMIN:
        raise PermissionDenied(f"only administrators may do this; {principal.name} is a {principal.role}")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]


def _secure(request: Request) -> bool:
    setting = settings_of(request).cookie_secure
    if setting != "auto":
        return setting == "true"
    if request.url.scheme == "https":
        return True
    host = request.url.hostname or ""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def set_session_cookie(request: Request, response: Response, sign_in: SignIn) -> None:
    """Give the browser its session: HttpOnly, SameSite=Lax, Secure unless on plain-http loopback (by default)."""
    response.set_cookie(
        SESSION_COOKIE,
        sign_in.token,
        max_age=settings_of(request).session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    """Forget the session in the browser."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
