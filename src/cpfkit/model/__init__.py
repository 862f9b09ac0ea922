"""The pure, typed domain of cpfkit: programmes, operations, money, results and ratings.

Nothing here does I/O or imports another part of cpfkit except its errors.

Importing the package loads none of its modules: each name below loads its module when first used, so
a command that needs only money, rates and the calendar does not build every record of the domain
(docs/performance.md, "Start-up").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpfkit import lazy

if TYPE_CHECKING:
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

_HOMES = {
    "Aggregation": "enums",
    "CountryFlag": "portfolio",
    "CountryFlagKind": "portfolio",
    "Direction": "enums",
    "EnvelopeShare": "programme",
    "EnvelopeYear": "programme",
    "EventKind": "portfolio",
    "Financing": "project",
    "FinancingKind": "enums",
    "fiscal_year": "calendar",
    "FxRates": "money",
    "fy_bounds": "calendar",
    "fy_label": "calendar",
    "fy_range": "calendar",
    "Indicator": "programme",
    "IndicatorKind": "enums",
    "Institution": "enums",
    "Instrument": "enums",
    "KeyDates": "project",
    "Location": "project",
    "LocationKind": "enums",
    "Measurement": "results",
    "MobilisationAttribution": "enums",
    "Money": "money",
    "Objective": "programme",
    "Observation": "programme",
    "OutcomeRating": "ratings",
    "Overlap": "programme",
    "PlannedDisbursement": "portfolio",
    "PriorityArea": "programme",
    "Programme": "programme",
    "ProgrammeData": "bundle",
    "ProgrammeStatus": "enums",
    "Project": "project",
    "ProjectEvent": "portfolio",
    "ProjectLink": "project",
    "ProjectRating": "ratings",
    "ProjectStatus": "enums",
    "Qualifier": "enums",
    "QuotedSource": "sources",
    "RateUsed": "money",
    "RatingKind": "enums",
    "Record": "base",
    "RiskEntry": "portfolio",
    "RiskFactor": "portfolio",
    "RiskLevel": "ratings",
    "RiskStatus": "portfolio",
    "SectorShare": "project",
    "SortCategory": "enums",
    "SortRating": "ratings",
    "Sourced": "base",
    "to_usd": "money",
    "Transaction": "finance",
    "TransactionType": "enums",
    "USD": "money",
    "WORLD_BANK_FY_START_MONTH": "calendar",
}
"""The module of each name the package exports."""

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


__getattr__ = lazy.exports(__name__, _HOMES)
