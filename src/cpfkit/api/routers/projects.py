"""Operations."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Path, Response

from cpfkit.api.cache import CacheDep, text_book
from cpfkit.api.concurrency import etag
from cpfkit.api.deps import StoreDep
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.services import programmes as services
from cpfkit.services.translations import project_in
from cpfkit.store.records import resource
from cpfkit.workplace import editing

__all__ = ["ProjectDetailPublic", "router"]

router = APIRouter(prefix="/api/projects", tags=["projects"], route_class=ExactRoute)


@dataclass(frozen=True)
class ProjectDetailPublic(services.ProjectDetail):
    """An operation with its ledger and totals, and the version to send in ``If-Match`` when changing it."""

    version: int


@router.get("/{project_id}", summary="One operation")
def get_project(
    project_id: Annotated[str, Path(min_length=1, max_length=128)],
    response: Response,
    store: StoreDep,
    cache: CacheDep,
    language: DataLanguage,
) -> ProjectDetailPublic:
    """An operation with its ledger in US dollars, its totals and the programmes that count it.

    The ``ETag`` header is the operation's version: send it back in ``If-Match`` to change it
    (``PATCH /api/projects/{project_id}``).
    """
    version = editing.version_of(store, resource("projects"), project_id)
    detail = services.project(store, project_id)
    if language != "en":
        texts = text_book(cache, store, language).operation(
            project_id, detail.programmes[0] if detail.programmes else None
        )
        detail = replace(detail, project=project_in(detail.project, texts, language))
    response.headers["ETag"] = etag(version)
    return ProjectDetailPublic(**{f: getattr(detail, f) for f in detail.__dataclass_fields__}, version=version)
