"""API tokens for scripts: list yours, make one (shown once, only its hash kept), revoke one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status
from pydantic import Field, StringConstraints

from cpfkit.api.auth import UserDep, WriterDep
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.errors import PermissionDenied
from cpfkit.store.records.fields import Schema
from cpfkit.workplace import tokens

__all__ = ["router"]

router = APIRouter(prefix="/api/auth", tags=["auth"], route_class=ExactRoute)


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
