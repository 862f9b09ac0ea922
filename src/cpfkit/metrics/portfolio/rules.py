"""The review's parameters, with their defaults (the flags it can raise are in :mod:`~cpfkit.metrics.portfolio.flags`).

Every threshold is a parameter (the exact definitions of the World Bank's
portfolio review are not public, so each is kept overridable);
``docs/definitions.md`` states the rule each default stands for and its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cpfkit.model import Institution, Instrument, MobilisationAttribution, OutcomeRating, RiskLevel

__all__ = [
    "BANK_LENDING_INSTITUTIONS",
    "BANK_LENDING_INSTRUMENTS",
    "ReviewRules",
    "add_months",
    "outcome_score",
    "risk_score",
]


def outcome_score(rating: OutcomeRating | str) -> int:
    """The 1–6 value of an ISR rating (HU=1 … HS=6).

    Examples:
        >>> outcome_score("MU"), outcome_score(OutcomeRating.HS)
        (3, 6)
    """
    levels = list(OutcomeRating)
    return len(levels) - levels.index(OutcomeRating(rating))


def risk_score(level: RiskLevel | str) -> int:
    """The 1–4 value of a SORT rating (Low=1 … High=4).

    Examples:
        >>> risk_score("Substantial")
        3
    """
    return list(RiskLevel).index(RiskLevel(level)) + 1


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier when negative), clamped to the month's end.

    Examples:
        >>> add_months(date(2024, 2, 29), -12), add_months(date(2023, 8, 31), 1)
        (datetime.date(2023, 2, 28), datetime.date(2023, 9, 30))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


BANK_LENDING_INSTITUTIONS = (Institution.IBRD.value, Institution.IDA.value)
"""The institutions of the World Bank's own portfolio review: IBRD and IDA."""

BANK_LENDING_INSTRUMENTS = (Instrument.IPF.value, Instrument.PFORR.value, Instrument.DPF.value)
"""IBRD/IDA lending instruments: investment, program-for-results and development policy financing.

Guarantees (which disburse nothing), IFC and MIGA instruments, PPPs and advisory work are reported beside
the indicators, not in them.
"""


@dataclass(frozen=True)
class ReviewRules:
    """Thresholds and choices of the portfolio review; ``docs/definitions.md`` gives each default's source.

    Attributes:
        problem_threshold: a DO or IP rating at or below this value makes a problem project
            (3 = MU or worse; 2 is the older "U or HU" rule).
        potential_problem_flags: flags that make a project a potential problem project (3).
        rating_flag_threshold: FM, procurement, E&S, M&E and PM ratings at or below it raise a flag (3 = MU).
        effectiveness_delay_months: approval→effectiveness longer than this raises a flag (6).
        disbursement_lag_share: disbursed below this share of the plan raises a flag (0.70).
        disbursement_lag_min_months: months after effectiveness before the lag flag can rise (12).
        extension_months: cumulative extension longer than this raises a flag (12).
        extension_count: this many extensions raise the flag whatever their length (2).
        country_record_share: a country-record flag holds while its share is above this (0.30).
        include_new_approvals: count FY disbursements of operations approved during the FY (True).
        include_pforr: count program-for-results operations with IPF in the ratio and lag (True).
        portfolio_institutions: the institutions whose operations the indicators cover (IBRD and IDA).
        portfolio_instruments: the instruments the indicators cover (IPF, PforR and DPF: lending). Every other
            active operation but advisory work is reported beside the indicators, with its exposure.
        proactivity_months: the look-back of the proactivity index (12).
        proactive_extensions: count a closing-date extension as an action on a problem project (False: only
            restructurings, partial cancellations, suspensions, closings and upgrades count).
        attribution: how private direct mobilisation shared with other MDBs is attributed (``pro-rata`` or
            ``full``; None: the programme's own setting).
        fiscal_year: the FY of the disbursement ratio (default: the FY of the as-of date).
    """

    problem_threshold: int = 3
    potential_problem_flags: int = 3
    rating_flag_threshold: int = 3
    effectiveness_delay_months: float = 6
    disbursement_lag_share: float = 0.70
    disbursement_lag_min_months: float = 12
    extension_months: float = 12
    extension_count: int = 2
    country_record_share: float = 0.30
    include_new_approvals: bool = True
    include_pforr: bool = True
    portfolio_institutions: tuple[str, ...] = BANK_LENDING_INSTITUTIONS
    portfolio_instruments: tuple[str, ...] = BANK_LENDING_INSTRUMENTS
    proactivity_months: int = 12
    proactive_extensions: bool = False
    attribution: str | None = None
    fiscal_year: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.problem_threshold <= 6 or not 1 <= self.rating_flag_threshold <= 6:
            raise ValueError("rating thresholds are on the 1–6 scale (HU=1 … HS=6)")
        if self.potential_problem_flags < 1:
            raise ValueError("potential_problem_flags must be at least 1")
        if not 0 < self.disbursement_lag_share <= 1 or not 0 <= self.country_record_share <= 1:
            raise ValueError("shares are between 0 and 1")
        if self.proactivity_months < 1:
            raise ValueError("proactivity_months must be at least 1")
        unknown = set(self.portfolio_instruments) - {i.value for i in Instrument}
        if unknown:
            raise ValueError(f"unknown instrument(s): {', '.join(sorted(unknown))}")
        if Instrument.ASA.value in self.portfolio_instruments:
            raise ValueError("advisory work (ASA) is not a lending operation: it cannot be in the portfolio")
        unknown = set(self.portfolio_institutions) - {i.value for i in Institution}
        if unknown:
            raise ValueError(f"unknown institution(s): {', '.join(sorted(unknown))}")
        if not self.portfolio_institutions or not self.portfolio_instruments:
            raise ValueError("the portfolio needs at least one institution and one instrument")
        if self.attribution is not None and self.attribution not in {a.value for a in MobilisationAttribution}:
            raise ValueError(f"attribution must be pro-rata or full, not {self.attribution!r}")

    @property
    def ratio_instruments(self) -> tuple[str, ...]:
        """Instruments of the disbursement ratio and the lag flag: IPF, and PforR unless excluded."""
        return (Instrument.IPF.value, Instrument.PFORR.value) if self.include_pforr else (Instrument.IPF.value,)
