"""What envelope use answers: each fiscal year's envelope, commitments, pipeline and headroom, by institution."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit.model.base import Num

__all__ = ["EnvelopeReport", "FiscalYearUse", "InstitutionUse"]


@dataclass(frozen=True)
class InstitutionUse:
    """One institution's part of one fiscal year."""

    institution: str
    envelope_usd: Num | None
    committed_usd: Num
    pipeline_usd: Num
    headroom_usd: Num | None
    covered: bool


@dataclass(frozen=True)
class FiscalYearUse:
    """One fiscal year of the envelope."""

    fy: int
    label: str
    envelope_usd: Num | None
    committed_usd: Num
    pipeline_usd: Num
    headroom_usd: Num | None
    headroom_after_pipeline_usd: Num | None
    utilisation: Num | None
    by_institution: dict[str, InstitutionUse]
    approvals: tuple[str, ...]
    envelope_source: str | None
    envelope_illustrative: bool
    split_illustrative: bool


@dataclass(frozen=True)
class EnvelopeReport:
    """Envelope against commitments over the programme's fiscal years."""

    programme: str
    as_of: date
    fiscal_years: tuple[FiscalYearUse, ...]
    envelope_usd: Num | None
    committed_usd: Num
    pipeline_usd: Num
    headroom_usd: Num | None
    utilisation: Num | None
    outside_period: tuple[str, ...]
