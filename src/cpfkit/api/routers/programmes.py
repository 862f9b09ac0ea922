"""Programmes and what they hold: operations, envelope use, completion summary."""

from __future__ import annotations

from fastapi import APIRouter

from cpfkit import services
from cpfkit.api.deps import AsOfQuery, StoreDep
from cpfkit.metrics.envelope import EnvelopeReport
from cpfkit.reports.completion import CompletionSummary

__all__ = ["router"]

router = APIRouter(prefix="/api/programmes", tags=["programmes"])


@router.get("", summary="List programmes")
def list_programmes(store: StoreDep) -> list[services.ProgrammeSummary]:
    """Every programme in the store, with its headline numbers."""
    return services.programmes(store)


@router.get("/{programme_id}", summary="One programme")
def get_programme(programme_id: str, store: StoreDep) -> services.ProgrammeDetail:
    """The programme's definition (calendar, envelope, results framework) and its summary."""
    return services.programme_detail(store, programme_id)


@router.get("/{programme_id}/projects", summary="Operations of a programme")
def list_projects(programme_id: str, store: StoreDep, as_of: AsOfQuery = None) -> list[services.ProjectSummary]:
    """The operations the programme counts, with money as of the date."""
    return services.projects(store, programme_id, as_of)


@router.get("/{programme_id}/envelope", summary="Envelope use")
def get_envelope(programme_id: str, store: StoreDep, as_of: AsOfQuery = None) -> EnvelopeReport:
    """Commitments against the envelope by fiscal year and institution, with headroom."""
    return services.envelope(store, programme_id, as_of)


@router.get("/{programme_id}/completion", summary="Completion summary")
def get_completion(programme_id: str, store: StoreDep, as_of: AsOfQuery = None) -> CompletionSummary:
    """Operations delivered, commitments, and each headline result with its operations and sources."""
    return services.completion(store, programme_id, as_of)
