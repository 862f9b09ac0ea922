"""Signing in and out, and who am I (API tokens for scripts are :mod:`cpfkit.api.routers.tokens`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from cpfkit.api.auth import (
    SESSION_COOKIE,
    UserDep,
    WriterDep,
    clear_session_cookie,
    client_address,
    set_session_cookie,
    settings_of,
)
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.store.records.fields import Schema
from cpfkit.workplace.roles import Role
from cpfkit.workplace.sessions import sign_in, sign_out

__all__ = ["router"]

router = APIRouter(prefix="/api/auth", tags=["auth"], route_class=ExactRoute)


class Credentials(Schema):
    """A name and a password."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class Me(BaseModel):
    """The signed-in user."""

    name: str
    role: Role
    programmes: list[str]
    via: str = Field(description="`web` (session cookie) or `api` (token).")
    csrf_token: str | None = Field(
        default=None, description="For a session: send it in the X-CSRF-Token header of every change."
    )


class SignedIn(Me):
    """A new session (the cookie is set on the response)."""

    expires_at: datetime


@router.post("/login", summary="Sign in")
async def login(credentials: Credentials, request: Request, response: Response, store: StoreDep) -> SignedIn:
    """Check the name and password, open a session and set its cookie (``cpfkit_session``, HttpOnly).

    Repeated failures for a name lock it for a while (429 with ``Retry-After``).
    """
    signed = await run_in_threadpool(
        sign_in, store, credentials.name, credentials.password, client_address(request), settings_of(request)
    )
    set_session_cookie(request, response, signed)
    who = signed.principal
    return SignedIn(
        name=who.name,
        role=who.role,
        programmes=sorted(who.programmes),
        via="web",
        csrf_token=signed.csrf_token,
        expires_at=signed.expires_at,
    )


@router.post("/logout", summary="Sign out", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request, store: StoreDep, principal: WriterDep) -> Response:
    """Close the session of the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sign_out(store, token)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookie(request, response)
    return response


@router.get("/me", summary="Who am I")
def me(principal: UserDep) -> Me:
    """The signed-in user, role and programmes."""
    return Me(
        name=principal.name,
        role=principal.role,
        programmes=sorted(principal.programmes),
        via=principal.via,
        csrf_token=principal.csrf_token,
    )
