"""Signing in and out, who am I, and API tokens for scripts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status
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
from cpfkit.errors import PermissionDenied
from cpfkit.store.records.fields import Schema
from cpfkit.workplace import tokens
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


class TokenCreate(Schema):
    """A new API token."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="What the token is for, to recognise it later."
    )
    user: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        default=None, description="Administrators may make a token for another user."
    )
    days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="Expires after this many days (default: never). A token made with a token may not outlive it: "
        "if that one expires, `days` is required and may not take the new token past it.",
    )


class TokenCreated(tokens.TokenPublic):
    """The token record, with the token itself: shown this once, store it safely."""

    token: str


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


@router.get("/tokens", summary="List API tokens")
def list_tokens(store: StoreDep, principal: UserDep) -> list[tokens.TokenPublic]:
    """Your tokens (every user's, for an administrator), newest first, without their secrets."""
    return tokens.list_tokens(store, None if principal.is_admin else principal.name)


@router.post("/tokens", summary="Make an API token", status_code=status.HTTP_201_CREATED)
def create_token(payload: TokenCreate, store: StoreDep, principal: WriterDep) -> TokenCreated:
    """A bearer token for scripts (``Authorization: Bearer <token>``); only its hash is kept.

    Made with an API token, the new token is bound to it: it may not outlive it (422 naming `days`
    otherwise), and revoking that token revokes this one.
    """
    user = payload.user or principal.name
    if user != principal.name and not principal.is_admin:
        raise PermissionDenied("only administrators may make tokens for other users")
    parent = principal.token_id if principal.via == "api" else None
    token, record = tokens.create_token(store, user, payload.name, principal.actor(), days=payload.days, parent=parent)
    return TokenCreated(**record.model_dump(), token=token)


@router.delete("/tokens/{token_id}", summary="Revoke an API token")
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], store: StoreDep, principal: WriterDep
) -> tokens.TokenPublic:
    """Revoke one of your tokens (any token, for an administrator); it stays listed, marked revoked.

    Every token made with it (and with those, in turn) is revoked with it; `GET /api/auth/tokens` lists them.
    """
    owner = None if principal.is_admin else principal.name
    return tokens.revoke_token(store, token_id, principal.actor(), owner=owner)[0]
