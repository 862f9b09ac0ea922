"""The audit trail: every change, who made it, when, and the values before and after (signed-in users)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from cpfkit.api.auth import UserDep
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.listing import CSV_RESPONSES, ListDep, check_params, effective_limit, parse_sort, respond
from cpfkit.store.audit import AuditQuery
from cpfkit.workplace import editing

__all__ = ["router"]

router = APIRouter(prefix="/api/audit", tags=["audit"], route_class=ExactRoute)

Text = Annotated[str | None, Query(min_length=1, max_length=128)]


@router.get("", summary="The audit trail", responses=CSV_RESPONSES)
def list_entries(
    request: Request,
    response: Response,
    store: StoreDep,
    principal: UserDep,
    params: ListDep,
    entity: Annotated[
        str | None,
        Query(max_length=32, description="Kind of record: programme, project, transaction, measurement, user, ..."),
    ] = None,
    id: Annotated[str | None, Query(min_length=1, max_length=128, description="The record's id.")] = None,  # noqa: A002
    programme: Text = None,
    project: Annotated[
        str | None, Query(min_length=1, max_length=128, description="The operation and everything of it.")
    ] = None,
    actor: Text = None,
    action: Annotated[str | None, Query(max_length=16, description="create, update, delete, restore, ...")] = None,
    since: Annotated[date | None, Query(description="Changes on or after this day (UTC).")] = None,
    until: Annotated[date | None, Query(description="Changes on or before this day (UTC).")] = None,
) -> list[editing.AuditEntry]:
    """Changes, newest first (``sort=at`` for oldest first).

    Of one record (``entity`` and ``id``), of an operation and its ledger and ratings (``project``), of a
    programme, by a person, or within dates.
    """
    check_params(request, {"entity", "id", "programme", "project", "actor", "action", "since", "until"})
    order = parse_sort(params.sort, {"at"})  # newest first, unless `sort=at`
    oldest_first = bool(order) and not order[0][1]
    query = AuditQuery(entity, id, programme, project, actor, action, since, until)
    entries, total = editing.audit_entries(
        store, query, limit=effective_limit(request, params), offset=params.offset, oldest_first=oldest_first
    )
    result: list[editing.AuditEntry] = respond(request, response, entries, total, params, "audit", editing.AuditEntry)
    return result
