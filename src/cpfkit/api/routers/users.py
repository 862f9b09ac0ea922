"""Accounts (administrators only): who may sign in, with which role, editing which programmes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from cpfkit.api.auth import AdminDep, settings_of
from cpfkit.api.concurrency import IfMatch, etag, expected_version
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.listing import CSV_RESPONSES, ListDep, check_params, page_of, respond
from cpfkit.workplace import users
from cpfkit.workplace.roles import Role
from cpfkit.workplace.user_schemas import UserCreate, UserPublic, UserUpdate

__all__ = ["router"]

router = APIRouter(prefix="/api/users", tags=["users"], route_class=ExactRoute)

UserName = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("", summary="List users", responses=CSV_RESPONSES)
def list_users(
    request: Request,
    response: Response,
    store: StoreDep,
    principal: AdminDep,
    params: ListDep,
    role: Annotated[Role | None, Query()] = None,
    programme: Annotated[str | None, Query(max_length=64, description="Editors of this programme.")] = None,
) -> list[UserPublic]:
    """Every account (sort by name, role, created_at)."""
    check_params(request, {"role", "programme"})
    rows = users.list_users(store, role=role, programme=programme)
    keys = {name: (lambda u, n=name: getattr(u, n)) for name in ("name", "role", "created_at")}
    page, total = page_of(request, rows, params, keys)
    result: list[UserPublic] = respond(request, response, page, total, params, "users", UserPublic)
    return result


@router.post("", summary="Create a user", status_code=status.HTTP_201_CREATED)
def create_user(
    payload: UserCreate, request: Request, response: Response, store: StoreDep, principal: AdminDep
) -> UserPublic:
    """A new account with its role (and, for an editor, the programmes they edit).

    The password must have at least 12 characters and must not be common, easy to guess, the account's name
    or the demo password (422 naming `password` and the reason; nothing is stored).
    """
    user = users.add_user(store, payload, principal.actor(), settings=settings_of(request))
    response.headers["Location"] = f"/api/users/{user.name}"
    response.headers["ETag"] = etag(user.version)
    return user


@router.get("/{name}", summary="One user")
def get_user(name: UserName, response: Response, store: StoreDep, principal: AdminDep) -> UserPublic:
    """One account, with its version in the ``ETag`` header."""
    user = users.get_user(store, name)
    response.headers["ETag"] = etag(user.version)
    return user


@router.patch("/{name}", summary="Change a user")
def update_user(
    name: UserName,
    payload: UserUpdate,
    request: Request,
    response: Response,
    store: StoreDep,
    principal: AdminDep,
    if_match: IfMatch = None,
) -> UserPublic:
    """Change the role, programmes, password or active flag.  Needs ``If-Match``.

    ``active: false`` disables the account: it is kept, with its history, but cannot sign in, and its sessions end.
    A new password follows the rule of `POST /api/users`.
    """
    version = expected_version(if_match)
    user = users.update_user(store, name, payload, version, principal.actor(), settings=settings_of(request))
    response.headers["ETag"] = etag(user.version)
    return user
