"""The programme-side facts of a plan that its report needs: the candidates, the indicators scored, the years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cpfkit.language.message import Message

__all__ = ["CandidateInfo", "IndicatorInfo", "PlanContext"]


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator the plan scores: its weight, and the part of its gap already covered."""

    code: str
    name: str
    unit: str
    priority_area: str
    weight: float
    span: float
    existing: float
    remaining_gap: float


@dataclass(frozen=True)
class CandidateInfo:
    """What the report says about a candidate besides the plan."""

    id: str
    name: str
    institution: str
    instrument: str
    cost_usd: Decimal
    planned_fy: int | None
    priority_areas: tuple[str, ...]
    risk: str | None
    npv_usd: float | None
    completion_probability: float
    illustrative: bool
    npv_illustrative: bool = False


@dataclass(frozen=True)
class PlanContext:
    """The programme-side facts of a plan, for the report."""

    programme: str
    title: str
    as_of: date
    fys: tuple[int, ...]
    envelope: dict[int, float]
    existing: dict[int, float]
    institution_envelope: dict[tuple[int, str], float]
    institution_existing: dict[tuple[int, str], float]
    candidates: dict[str, CandidateInfo]
    indicators: dict[str, IndicatorInfo]
    risk_adjustment: str
    notes: tuple[str, ...] = ()
    settings: dict[str, object] = field(default_factory=dict)
    note_messages: tuple[Message, ...] = ()
    """The ``notes`` as messages, to be written in a reader's language."""
    risk_adjustment_message: Message | None = None
    """The ``risk_adjustment`` as a message, to be written in a reader's language."""
