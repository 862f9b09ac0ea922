"""A programme's closed periods: the history of closes (anyone who may read), closing and reopening (administrators)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from cpfkit.api.auth import AdminDep
from cpfkit.api.deps import StoreDep

__all__ = ["PeriodClose", "PeriodCloseBody", "PeriodReopenBody", "router"]

router = APIRouter(prefix="/api/programmes", tags=["periods"])


class PeriodClose(BaseModel):
    """One close of a programme's period; in force while ``reopened_at`` is null."""

    until: date = Field(description="Last day of the closed period.")
    reason: str
    closed_at: str = Field(description="When it was closed (ISO 8601, UTC).")
    closed_by: str
    reopened_at: str | None = None
    reopened_by: str | None = None
    reopen_reason: str | None = None


class PeriodCloseBody(BaseModel):
    """Close the period up to a day, with a reason."""

    model_config = ConfigDict(extra="forbid")

    until: date = Field(description="Last day of the closed period (passed already).")
    reason: str = Field(min_length=1, max_length=2000)


class PeriodReopenBody(BaseModel):
    """Reopen the closed period, with a reason."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


def _public(close: Any) -> PeriodClose:
    return PeriodClose.model_validate(close.to_json())


@router.get("/{programme_id}/periods", summary="Closed periods")
def list_periods(programme_id: str, store: StoreDep) -> list[PeriodClose]:
    """Every close of the programme's period, newest first; at most one is in force (``reopened_at`` null)."""
    from cpfkit.services import periods

    return [_public(c) for c in periods.history(store, programme_id)]


@router.post("/{programme_id}/periods/close", summary="Close a period", status_code=status.HTTP_201_CREATED)
async def close_period(programme_id: str, body: PeriodCloseBody, store: StoreDep, principal: AdminDep) -> PeriodClose:
    """Close the programme's period up to ``until`` (administrators; audited).

    From then on, values dated up to that day (measurements, transactions, ISR ratings) are refused with
    409 naming the period. A close only moves forward: to close an earlier day, reopen first (409 otherwise).
    """
    from cpfkit.services import periods

    closed = await run_in_threadpool(periods.close, store, programme_id, body.until, body.reason, principal=principal)
    return _public(closed)


@router.post("/{programme_id}/periods/reopen", summary="Reopen a period")
async def reopen_period(programme_id: str, body: PeriodReopenBody, store: StoreDep, principal: AdminDep) -> PeriodClose:
    """Reopen the programme's closed period (administrators; audited); 409 when none is closed."""
    from cpfkit.services import periods

    reopened = await run_in_threadpool(periods.reopen, store, programme_id, body.reason, principal=principal)
    return _public(reopened)
