"""What the envelope section of the portfolio review holds: envelope use, shares by priority area, IBRD exposure.

Computed by :func:`cpfkit.metrics.portfolio.envelope.portfolio_envelope`; declared apart from it so that
the records can be named (as the web application's response models) without loading NumPy.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpfkit.language.message import Message
from cpfkit.metrics.envelope import EnvelopeReport
from cpfkit.model.base import Num

__all__ = ["AreaShare", "IbrdExposure", "PortfolioEnvelope"]


@dataclass(frozen=True)
class AreaShare:
    """Commitments attributed to one priority area."""

    area: str
    title: str
    committed_usd: Num
    share: Num | None
    pipeline_usd: Num
    operations: int


@dataclass(frozen=True)
class IbrdExposure:
    """IBRD's exposure to the country through the programme's operations, against the limit."""

    outstanding_usd: Num
    guarantees_usd: Num
    exposure_usd: Num
    limit_usd: Num | None
    headroom_usd: Num | None
    within_limit: bool | None
    check: str
    check_message: Message | None = None
    """``check`` as a message, to be written in a reader's language."""


@dataclass(frozen=True)
class PortfolioEnvelope:
    """Envelope use with shares by priority area and IBRD exposure."""

    use: EnvelopeReport
    by_priority_area: tuple[AreaShare, ...]
    unassigned_usd: Num
    ibrd_exposure: IbrdExposure
    explanation: str
    explanation_message: Message | None = None
    """``explanation`` as a message, to be written in a reader's language."""
