"""Dependencies shared by the routes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from cpfkit.store import Store

__all__ = ["AsOfQuery", "StoreDep", "get_store"]


async def get_store(request: Request) -> Store:
    """The store the application was created with (async: no thread is needed to look it up)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
AsOfQuery = Annotated[date | None, Query(description="Date of the figures (default: today).")]
