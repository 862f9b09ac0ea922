"""Dependencies shared by the routes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response

from cpfkit.store import Store

__all__ = ["AsOfQuery", "ProgrammeId", "StoreDep", "cached_json", "get_store"]


async def get_store(request: Request) -> Store:
    """The store the application was created with (async: no thread is needed to look it up)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
AsOfQuery = Annotated[date | None, Query(description="Date of the figures (default: today).")]
ProgrammeId = Annotated[str, Path(min_length=1, max_length=64, description="Programme id, e.g. kz-2026-2031.")]


def cached_json(body: bytes, headers: dict[str, str] | None = None) -> Response:
    """A cached JSON body, sent as it was serialised (the figures are serialised once per data version)."""
    return Response(body, media_type="application/json", headers=headers)
