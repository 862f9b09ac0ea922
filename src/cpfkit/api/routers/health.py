"""Whether this server process answers and reaches its database: for service managers, proxies and monitors."""

from __future__ import annotations

import os

from fastapi import APIRouter
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from cpfkit.api.deps import StoreDep

__all__ = ["Health", "router"]

router = APIRouter(prefix="/api", tags=["health"])


class Health(BaseModel):
    """The answer of one server process."""

    status: str
    worker: int
    data_version: int


@router.get("/health", summary="Health of this server process", response_model=Health)
async def health(store: StoreDep) -> Health:
    """``ok`` once the process has read the database; ``worker`` is its process id.

    With ``cpfkit serve --workers N`` each request lands on one of the N processes, so repeated
    calls show which processes answer. ``data_version`` grows with every committed change to
    programme data.
    """
    state = await run_in_threadpool(store.data_state)
    return Health(status="ok", worker=os.getpid(), data_version=state.version)
