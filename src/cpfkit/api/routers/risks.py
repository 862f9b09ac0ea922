"""The risk register of a programme: its entries, and adding or closing one (editors of the programme)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from cpfkit import clock
from cpfkit.api.auth import WriterDep
from cpfkit.api.cache import CacheDep, text_book
from cpfkit.api.concurrency import IfMatch, expected_version
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.model import RiskEntry, RiskFactor, RiskLevel, RiskStatus, SortCategory
from cpfkit.services.translations import risks_in

__all__ = ["RiskAdd", "RiskClose", "router"]

router = APIRouter(prefix="/api/programmes", tags=["portfolio"], route_class=ExactRoute)


class RiskAdd(BaseModel):
    """A new entry of the risk register (also at ``POST /api/risks``, with ``programme`` in the body).

    Its rating, SORT category and owner have no default: without one, 422 names the field.
    """

    model_config = ConfigDict(extra="forbid")

    title: str
    rating: RiskLevel = Field(description="The SORT level of the risk (required).")
    category: SortCategory = Field(description="The SORT category it belongs to (required).")
    owner: str = Field(description="Who is accountable for the mitigation (required).")
    factors: list[RiskFactor] = []
    mitigation: str | None = None
    project: str | None = None
    description: str | None = None
    code: str | None = Field(default=None, description="Entry code (default: the next R<n>).")
    opened: date | None = Field(default=None, description="Date opened (default: today).")
    source: str | None = Field(default=None, description="Where the assessment comes from; without it, illustrative.")


class RiskClose(BaseModel):
    """How and when a register entry ended."""

    model_config = ConfigDict(extra="forbid")

    on: date | None = Field(default=None, description="Date closed (default: today).")
    note: str | None = None


@router.get("/{programme_id}/risks", summary="Risk register")
def list_risks(
    programme_id: str,
    store: StoreDep,
    cache: CacheDep,
    language: DataLanguage,
    include_closed: Annotated[bool, Query(alias="all", description="Include closed entries.")] = False,
) -> list[RiskEntry]:
    """The programme's risk register: each risk with its factors, rating, mitigation and owner."""
    from cpfkit.services import portfolio as services_portfolio  # the portfolio engine: loaded on first use

    entries = risks_in(
        services_portfolio.risk_register(store, programme_id), programme_id, text_book(cache, store, language)
    )
    return [e for e in entries if include_closed or e.status is RiskStatus.OPEN]


@router.post("/{programme_id}/risks", summary="Add a risk", status_code=status.HTTP_201_CREATED)
async def add_risk(programme_id: str, body: RiskAdd, store: StoreDep, principal: WriterDep) -> RiskEntry:
    """Add an entry to the risk register: an editor of the programme (or an administrator); audited."""
    from cpfkit.services import portfolio as services_portfolio

    fields = body.model_dump(exclude_unset=True)
    entry: RiskEntry = await run_in_threadpool(
        services_portfolio.add_risk_entry, store, programme_id, fields, principal
    )
    return entry


@router.post("/{programme_id}/risks/{code}/close", summary="Close a risk")
async def close_risk(
    programme_id: str, code: str, body: RiskClose, store: StoreDep, principal: WriterDep, if_match: IfMatch = None
) -> RiskEntry:
    """Close an open entry of the risk register: an editor of the programme (or an administrator); audited.

    `If-Match` (the entry's ETag at `/api/risks/{id}`) is optional here: when given, a stale one gets 412.
    """
    from cpfkit.services import portfolio as services_portfolio

    version = expected_version(if_match) if if_match is not None else None
    entry: RiskEntry = await run_in_threadpool(
        partial(services_portfolio.close_risk_entry, version=version),
        store,
        programme_id,
        code,
        body.on or clock.today(),
        body.note,
        principal,
    )
    return entry
