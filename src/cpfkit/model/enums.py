"""Closed sets the code reasons about.

The labels and descriptions shown to people live in
``reference/codelists/cpfkit/*.csv``; a data test checks that both agree.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Aggregation",
    "Direction",
    "FinancingKind",
    "IndicatorKind",
    "Institution",
    "Instrument",
    "LocationKind",
    "MobilisationAttribution",
    "ProgrammeStatus",
    "ProjectStatus",
    "Qualifier",
    "RatingKind",
    "SortCategory",
    "TransactionType",
]


class ProgrammeStatus(StrEnum):
    """Where a partnership framework is in its cycle."""

    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"


class Institution(StrEnum):
    """The financier of an operation: a World Bank Group institution, or ``other`` for anyone else."""

    IBRD = "IBRD"
    IDA = "IDA"
    IFC = "IFC"
    MIGA = "MIGA"
    TRUST_FUND = "TF"
    OTHER = "other"  # a financier outside the Group (e.g. a bilateral donor's IATI activity)


class Instrument(StrEnum):
    """How an operation finances: the lending or investment instrument."""

    IPF = "IPF"  # investment project financing
    PFORR = "PforR"  # program-for-results
    DPF = "DPF"  # development policy financing
    IFC_LOAN = "IFC-loan"
    IFC_EQUITY = "IFC-equity"
    GUARANTEE = "guarantee"  # IBRD/IDA guarantee of a borrower's commercial debt
    MIGA_GUARANTEE = "MIGA-guarantee"  # guarantee / political risk insurance
    ASA = "ASA"  # advisory services and analytics
    PPP = "PPP"  # public-private partnership
    OTHER = "other"  # not named by the source (a World Bank record with an unknown or no lending instrument)


class ProjectStatus(StrEnum):
    """Lifecycle status of an operation."""

    PIPELINE = "pipeline"
    ACTIVE = "active"
    CLOSED = "closed"
    DROPPED = "dropped"


class TransactionType(StrEnum):
    """Ledger events of an operation.

    The first three are the programme's own ledger; the others exist so that
    IATI activity files can be stored without loss (``reference`` maps each to
    its IATI transaction-type code).
    """

    COMMITMENT = "commitment"
    DISBURSEMENT = "disbursement"
    CANCELLATION = "cancellation"
    INCOMING_FUNDS = "incoming-funds"
    EXPENDITURE = "expenditure"
    INTEREST_PAYMENT = "interest-payment"
    LOAN_REPAYMENT = "loan-repayment"
    REIMBURSEMENT = "reimbursement"
    PURCHASE_OF_EQUITY = "purchase-of-equity"
    SALE_OF_EQUITY = "sale-of-equity"
    CREDIT_GUARANTEE = "credit-guarantee"
    INCOMING_COMMITMENT = "incoming-commitment"
    OUTGOING_PLEDGE = "outgoing-pledge"
    INCOMING_PLEDGE = "incoming-pledge"


class Direction(StrEnum):
    """Which way an indicator should move."""

    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class Aggregation(StrEnum):
    """How project values of one indicator combine into the programme value.

    ``sum`` subtracts the overlaps declared between projects, so a beneficiary
    reached by two projects counts once; ``max`` is the lower bound when
    overlaps are unknown; ``weighted_mean`` is for rates, times and shares;
    ``harmonic_mean`` (Σ weight / Σ weight ÷ value) is for speeds and other
    ratios of a quantity to time, weighted by the distance (or the quantity)
    each covers, so that the result is the total over the total time.
    """

    SUM = "sum"
    MAX = "max"
    WEIGHTED_MEAN = "weighted_mean"
    HARMONIC_MEAN = "harmonic_mean"


class Qualifier(StrEnum):
    """The bound a published figure states: "more than 1,000" is at least 1,000, "up to" at most.

    A figure without a qualifier is exact as far as its source says.
    """

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class IndicatorKind(StrEnum):
    """Level of an indicator in the results framework."""

    OBJECTIVE = "objective"  # CPF objective indicator
    SUPPLEMENTARY = "supplementary"  # supplementary progress indicator


class LocationKind(StrEnum):
    """What a project location names."""

    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    SITE = "site"


class FinancingKind(StrEnum):
    """Who puts in money besides the operation's own commitment (MDB joint methodology)."""

    PUBLIC = "public"  # government or other public co-financing
    PRIVATE_DIRECT = "private-direct"  # private direct mobilisation (PDM)
    PRIVATE_INDIRECT = "private-indirect"  # private indirect mobilisation (PIM)


class MobilisationAttribution(StrEnum):
    """How private direct mobilisation is attributed when several MDBs brought the same financier in.

    ``pro-rata`` splits it among them in proportion to their commitments to the activity (the joint MDB
    methodology's rule as ``docs/portfolio.md`` reads it); ``full`` credits all of it to the WBG institution.
    """

    PRO_RATA = "pro-rata"
    FULL = "full"


class RatingKind(StrEnum):
    """Implementation Status and Results Report ratings (six-point scale HS…HU)."""

    DEVELOPMENT_OBJECTIVE = "DO"
    IMPLEMENTATION_PROGRESS = "IP"
    FINANCIAL_MANAGEMENT = "FM"
    PROCUREMENT = "procurement"
    MONITORING_EVALUATION = "M&E"
    PROJECT_MANAGEMENT = "PM"
    ENVIRONMENT_SOCIAL = "E&S"


class SortCategory(StrEnum):
    """Categories of the Systematic Operations Risk-rating Tool, plus the overall rating."""

    POLITICAL_GOVERNANCE = "political-governance"
    MACROECONOMIC = "macroeconomic"
    SECTOR_STRATEGIES = "sector-strategies"
    TECHNICAL_DESIGN = "technical-design"
    INSTITUTIONAL_CAPACITY = "institutional-capacity"
    FIDUCIARY = "fiduciary"
    ENVIRONMENT_SOCIAL = "environment-social"
    STAKEHOLDERS = "stakeholders"
    OTHER = "other"
    OVERALL = "overall"
