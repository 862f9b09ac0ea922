"""What the portfolio review returns: indicators, each flag with its evidence, and per-operation lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from cpfkit.language.message import Message
from cpfkit.model.base import Num

if TYPE_CHECKING:  # NumPy loads when a review is computed, not to declare its records
    from cpfkit.metrics.portfolio.weights import Weights

__all__ = [
    "FiscalYearRatio",
    "FlagRecord",
    "Indicators",
    "OperationLine",
    "OutsideExposure",
    "ProactivityCase",
    "Review",
]


@dataclass(slots=True)
class FlagRecord:
    """One flag raised on one operation, with the evidence that raised it and who is accountable.

    ``evidence`` says it in words, in English; ``evidence_message`` is the same sentence as a message,
    to be written in a reader's language (:func:`cpfkit.language.message.render`); ``facts`` holds the
    same dates, ratios and ratings for scripts.  ``accountable`` is the operation's implementing agency.
    """

    project: str
    name: str
    flag: str
    label: str
    evidence: str
    facts: dict[str, Any]
    accountable: str | None
    illustrative: bool
    evidence_message: Message | None = None


@dataclass(frozen=True)
class FiscalYearRatio:
    """The disbursement ratio of one fiscal year (to the as-of date when the year is not over)."""

    fy: int
    label: str
    start: date
    end: date
    complete: bool
    disbursed_usd: Num
    opening_undisbursed_usd: Num
    ratio: Num | None
    operations: int
    new_approvals: int
    include_new_approvals: bool
    instruments: tuple[str, ...]
    excluded_active_operations: int


@dataclass(frozen=True)
class Indicators:
    """The portfolio review indicators (``docs/definitions.md``, "Portfolio review") as of one date.

    Shares and indices are fractions (0.121 = 12.1%); an index with nothing to
    count is ``None``.
    """

    active_projects: int
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    disbursement_ratio: Num | None
    problem_projects: int
    potential_problem_projects: int
    projects_at_risk: int
    projects_at_risk_share: Num | None
    commitments_at_risk_usd: Num
    commitments_at_risk_share: Num | None
    realism_index: Num | None
    proactivity_index: Num | None
    proactivity_base: int
    proactivity_acted: int
    unrated_projects: int
    flagged_projects: int
    flags_raised: int
    average_age_years: Num | None
    average_effectiveness_lag_months: Num | None
    not_yet_effective: int
    projects_extended: int
    average_extension_months: Num | None
    closing_date_extensions: int


@dataclass(slots=True)
class OperationLine:
    """One operation the programme counts, with its state as of the review date.

    ``active``: approved, not closed, not fully cancelled, not advisory work; ``covered``: active and among the
    operations the indicators cover (the others are reported beside them, :class:`OutsideExposure`).
    """

    project: str
    name: str
    institution: str
    instrument: str
    implementing_agency: str | None
    active: bool
    covered: bool
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    do: str | None
    ip: str | None
    problem: bool
    potential_problem: bool
    at_risk: bool
    flags: list[str]
    carried_from: str | None
    illustrative: bool


@dataclass(frozen=True)
class OutsideExposure:
    """Active operations the indicators do not cover, of one institution and instrument, and what they commit.

    IBRD guarantees, IFC investments, MIGA guarantees and trust-funded grants are exposure of the Group beside
    the IBRD/IDA lending portfolio the indicators review (``docs/definitions.md``, "Portfolio review").
    """

    institution: str
    instrument: str
    operations: int
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    projects: tuple[str, ...]


@dataclass(slots=True)
class ProactivityCase:
    """An operation that was a problem project at the start of the look-back, and what was done since.

    ``actions`` are those the index counts; ``not_counted`` what was recorded but the review's rules do not
    count (a closing-date extension, unless ``proactive_extensions``).  Both are in English;
    ``action_messages`` and ``not_counted_messages`` are the same as messages, for a reader's language.
    """

    project: str
    name: str
    problem_on: date
    actions: tuple[str, ...]
    acted: bool
    accountable: str | None
    not_counted: tuple[str, ...] = ()
    action_messages: tuple[Message, ...] = ()
    not_counted_messages: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Review:
    """The portfolio review of one programme as of one date (the engine's result)."""

    programme: str
    as_of: date
    window_start: date
    indicators: Indicators
    fiscal_year: FiscalYearRatio
    explanations: dict[str, str]
    flags: tuple[FlagRecord, ...]
    operations: tuple[OperationLine, ...]
    proactivity: tuple[ProactivityCase, ...]
    ibrd_outstanding_usd: Num
    ibrd_guarantees_usd: Num
    outside: tuple[OutsideExposure, ...] = ()
    rules: dict[str, Any] = field(default_factory=dict)
    explanation_messages: dict[str, Message] = field(default_factory=dict)
    weights: Weights | None = field(default=None, repr=False)
    facts: Any = field(default=None, repr=False)
