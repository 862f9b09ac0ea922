"""Every editable resource of :data:`cpfkit.store.records.RESOURCES`, one router each.

Programmes and operations keep their richer read views (``GET /api/programmes``,
``GET /api/programmes/{id}``, ``GET /api/projects/{id}``, in their own
routers); their writes, and the list of operation records, are served here.
"""

from __future__ import annotations

from fastapi import APIRouter

from cpfkit.api.crud import record_router
from cpfkit.api.exact import ExactRoute
from cpfkit.store.records import RESOURCES

__all__ = ["router"]

_READ_ELSEWHERE = {"programmes": (False, False), "projects": (True, False)}

router = APIRouter(route_class=ExactRoute)
for _res in RESOURCES:
    _list, _get = _READ_ELSEWHERE.get(_res.path, (True, True))
    router.include_router(record_router(_res, list_route=_list, get_route=_get))
