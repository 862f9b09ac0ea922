"""Operations."""

from __future__ import annotations

from fastapi import APIRouter

from cpfkit import services
from cpfkit.api.deps import StoreDep

__all__ = ["router"]

router = APIRouter(prefix="/api/projects", tags=["projects"])


@router.get("/{project_id}", summary="One operation")
def get_project(project_id: str, store: StoreDep) -> services.ProjectDetail:
    """An operation with its ledger in US dollars, its totals and the programmes that count it."""
    return services.project(store, project_id)
