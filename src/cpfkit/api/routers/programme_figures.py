"""A programme's figures: envelope use by fiscal year and institution, and the completion summary.

Each is serialised once per data version and kept in the overview cache (:mod:`cpfkit.api.cache`).
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import TypeAdapter

from cpfkit import clock
from cpfkit.api.cache import CacheDep, overview
from cpfkit.api.deps import AsOfQuery, ProgrammeId, StoreDep, cached_json
from cpfkit.api.exact import ExactRoute
from cpfkit.api.language import DataLanguage
from cpfkit.metrics.envelope import EnvelopeReport
from cpfkit.reports.completion import CompletionSummary

__all__ = ["router"]

router = APIRouter(prefix="/api/programmes", tags=["programmes"], route_class=ExactRoute)

_ENVELOPE = TypeAdapter(EnvelopeReport)

_COMPLETION = TypeAdapter(CompletionSummary)


@router.get("/{programme_id}/envelope", summary="Envelope use", response_model=EnvelopeReport)
async def get_envelope(
    programme_id: ProgrammeId, store: StoreDep, cache: CacheDep, as_of: AsOfQuery = None
) -> Response:
    """Commitments against the envelope by fiscal year and institution, with headroom."""
    key = ("envelope.json", programme_id, as_of or clock.today())
    return cached_json(
        await cache.aget(key, lambda: _ENVELOPE.dump_json(overview(cache, store, programme_id, as_of).envelope))
    )


@router.get("/{programme_id}/completion", summary="Completion summary", response_model=CompletionSummary)
async def get_completion(
    programme_id: ProgrammeId, store: StoreDep, cache: CacheDep, language: DataLanguage, as_of: AsOfQuery = None
) -> Response:
    """Operations delivered, commitments, and each headline result with its operations and sources."""
    key = ("completion.json", programme_id, as_of or clock.today(), language)
    body = await cache.aget(
        key, lambda: _COMPLETION.dump_json(overview(cache, store, programme_id, as_of, language).completion)
    )
    return cached_json(body)
