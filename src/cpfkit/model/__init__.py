"""The pure, typed domain of cpfkit: programmes, operations, money, results and ratings.

Nothing here does I/O or imports another part of cpfkit except its errors.
"""

from cpfkit.model.base import Record, Sourced
from cpfkit.model.bundle import ProgrammeData
from cpfkit.model.calendar import (
    WORLD_BANK_FY_START_MONTH,
    fiscal_year,
    fy_bounds,
    fy_label,
    fy_range,
)
from cpfkit.model.enums import (
    Aggregation,
    Direction,
    FinancingKind,
    IndicatorKind,
    Institution,
    Instrument,
    LocationKind,
    MobilisationAttribution,
    ProgrammeStatus,
    ProjectStatus,
    Qualifier,
    RatingKind,
    SortCategory,
    TransactionType,
)
from cpfkit.model.finance import Transaction
from cpfkit.model.money import USD, FxRates, Money, RateUsed, to_usd
from cpfkit.model.portfolio import (
    CountryFlag,
    CountryFlagKind,
    EventKind,
    PlannedDisbursement,
    ProjectEvent,
    RiskEntry,
    RiskFactor,
    RiskStatus,
)
from cpfkit.model.programme import (
    EnvelopeShare,
    EnvelopeYear,
    Indicator,
    Objective,
    Observation,
    Overlap,
    PriorityArea,
    Programme,
)
from cpfkit.model.project import (
    Financing,
    KeyDates,
    Location,
    Project,
    ProjectLink,
    SectorShare,
)
from cpfkit.model.ratings import OutcomeRating, ProjectRating, RiskLevel, SortRating
from cpfkit.model.results import Measurement
from cpfkit.model.sources import QuotedSource

__all__ = [
    "USD",
    "WORLD_BANK_FY_START_MONTH",
    "Aggregation",
    "CountryFlag",
    "CountryFlagKind",
    "Direction",
    "EnvelopeShare",
    "EnvelopeYear",
    "EventKind",
    "Financing",
    "FinancingKind",
    "FxRates",
    "Indicator",
    "IndicatorKind",
    "Institution",
    "Instrument",
    "KeyDates",
    "Location",
    "LocationKind",
    "MobilisationAttribution",
    "Measurement",
    "Money",
    "Objective",
    "Observation",
    "OutcomeRating",
    "Overlap",
    "PlannedDisbursement",
    "PriorityArea",
    "Programme",
    "ProgrammeData",
    "ProgrammeStatus",
    "Project",
    "ProjectEvent",
    "ProjectLink",
    "ProjectRating",
    "ProjectStatus",
    "Qualifier",
    "QuotedSource",
    "RateUsed",
    "RatingKind",
    "Record",
    "RiskEntry",
    "RiskFactor",
    "RiskLevel",
    "RiskStatus",
    "SectorShare",
    "SortCategory",
    "SortRating",
    "Sourced",
    "Transaction",
    "TransactionType",
    "fiscal_year",
    "fy_bounds",
    "fy_label",
    "fy_range",
    "to_usd",
]
