"""Records the portfolio review needs besides ratings and the ledger.

* :class:`ProjectEvent` — what happened to an operation on a date: a
  restructuring, a closing-date extension, a suspension, a counterpart-funding
  shortfall, a breach of a legal covenant.  Spells (suspension, shortfall,
  breach) hold from ``date`` until ``end`` (open while ``end`` is empty).
* :class:`CountryFlag` — a programme-level condition that flags every operation
  while it holds: stress in the country environment, or a weak IEG record.
* :class:`PlannedDisbursement` — the cumulative disbursement an operation's
  appraisal document planned by a date.
* :class:`RiskEntry` — an entry of the programme's risk register, tagged with
  the framework's lens (resilience, supply chain, macroeconomic vulnerability,
  regional spillover), with mitigation and owner.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from cpfkit.model.base import Num, Sourced
from cpfkit.model.enums import SortCategory
from cpfkit.model.money import Money
from cpfkit.model.ratings import RiskLevel

Day = date  # a field below is called ``date``: annotations after it use this name

__all__ = [
    "CountryFlag",
    "CountryFlagKind",
    "EventKind",
    "PlannedDisbursement",
    "ProjectEvent",
    "RiskEntry",
    "RiskFactor",
    "RiskStatus",
]


class EventKind(StrEnum):
    """What can happen to an operation that the portfolio review counts."""

    RESTRUCTURING = "restructuring"
    EXTENSION = "extension"  # closing-date extension; ``new_closing`` is the closing date it sets
    SUSPENSION = "suspension"  # disbursements suspended; a spell
    COUNTERPART_SHORTFALL = "counterpart-shortfall"  # counterpart funding below plan; a spell
    COVENANT_BREACH = "covenant-breach"  # material non-compliance with a legal covenant; a spell

    @property
    def is_spell(self) -> bool:
        """Whether the event holds over a period (until ``end``) rather than on one day."""
        return self in (EventKind.SUSPENSION, EventKind.COUNTERPART_SHORTFALL, EventKind.COVENANT_BREACH)


class ProjectEvent(Sourced):
    """Something that happened to an operation on a date.

    Examples:
        >>> ProjectEvent(project="P1", kind="extension", date=date(2020, 5, 1),
        ...     new_closing=date(2022, 6, 30), source="restructuring paper").new_closing
        datetime.date(2022, 6, 30)
    """

    project: str
    kind: EventKind
    date: Day
    end: Day | None = None
    new_closing: Day | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> ProjectEvent:
        if self.end is not None:
            if not self.kind.is_spell:
                raise ValueError(f"a {self.kind} happens on one day: leave 'end' empty")
            if self.end < self.date:
                raise ValueError(f"end ({self.end}) is before the date ({self.date})")
        if self.kind is EventKind.EXTENSION and self.new_closing is None:
            raise ValueError("an extension needs new_closing, the closing date it sets")
        if self.kind is not EventKind.EXTENSION and self.new_closing is not None:
            raise ValueError("only an extension sets new_closing")
        return self

    def holds_on(self, day: Day) -> bool:
        """Whether a spell holds on a day (started on or before it, not ended before it)."""
        return self.date <= day and (self.end is None or day < self.end)


class CountryFlagKind(StrEnum):
    """Country flags of the portfolio review: they raise a flag on every operation while they hold."""

    ENVIRONMENT = "country-environment"  # macroeconomic or governance stress
    RECORD = "country-record"  # weak IEG record: share of closed operations rated MU or worse


class CountryFlag(Sourced):
    """A country condition holding from ``date`` until ``end`` (open while empty).

    ``value`` is the measured share for a ``country-record`` flag (e.g. 0.34 for
    34% of closed operations rated MU or worse); the flag then holds only while
    the share is above the review's threshold.
    """

    kind: CountryFlagKind
    date: Day
    end: Day | None = None
    value: Num | None = Field(default=None, ge=0, le=1)
    note: str | None = None

    @model_validator(mode="after")
    def _in_order(self) -> CountryFlag:
        if self.end is not None and self.end < self.date:
            raise ValueError(f"end ({self.end}) is before the date ({self.date})")
        return self


class PlannedDisbursement(Sourced):
    """Cumulative disbursement an operation planned by a date (the appraisal document's schedule)."""

    project: str
    date: Day
    cumulative: Money

    @field_validator("cumulative")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        if value.amount < 0:
            raise ValueError("must not be negative")
        return value


class RiskFactor(StrEnum):
    """The framework's lens on risk: what projects are evaluated against besides SORT."""

    RESILIENCE = "resilience"
    SUPPLY_CHAIN = "supply-chain"
    MACROECONOMIC = "macroeconomic"
    REGIONAL_SPILLOVER = "regional-spillover"


class RiskStatus(StrEnum):
    """Whether a register entry is still being managed."""

    OPEN = "open"
    CLOSED = "closed"


class RiskEntry(Sourced):
    """One risk in the programme's register.

    ``code`` identifies the entry within its programme (``R1``, ``R2`` …);
    ``project`` is set when the risk is specific to one operation; ``category``
    places it in the SORT table.
    """

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
    title: str = Field(min_length=1)
    description: str | None = None
    factors: tuple[RiskFactor, ...] = ()
    category: SortCategory | None = None
    rating: RiskLevel
    mitigation: str | None = None
    owner: str | None = None
    project: str | None = None
    status: RiskStatus = RiskStatus.OPEN
    opened: date
    closed: date | None = None
    closing_note: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> RiskEntry:
        if len(set(self.factors)) != len(self.factors):
            raise ValueError("a factor is listed twice")
        if self.status is RiskStatus.CLOSED and self.closed is None:
            raise ValueError("a closed entry needs the date it was closed")
        if self.status is RiskStatus.OPEN and self.closed is not None:
            raise ValueError("an open entry has no closing date")
        if self.closed is not None and self.closed < self.opened:
            raise ValueError(f"closed ({self.closed}) is before opened ({self.opened})")
        return self
