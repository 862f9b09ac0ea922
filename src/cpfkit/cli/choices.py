"""The closed choices and limits of command options, declared without loading the program.

Typer needs an option's type to build ``cpfkit --help``; the program's own enums
live in modules that load pydantic and SQLAlchemy (see docs/performance.md,
"Start-up"). These mirrors carry the same values, and each command turns its
choice into the program's enum (``Role(choice.value)``) before use;
tests/cli/test_startup_imports.py checks that each mirror has exactly the
values of the enum it stands for.
"""

from __future__ import annotations

from enum import StrEnum

REPORT_FORMATS = ("html", "pdf", "xlsx", "json")
"""``--format`` of ``cpfkit report``: the formats of :data:`cpfkit.reports.render.FORMATS`."""

# ``cpfkit simulate``: the limits and defaults of :mod:`cpfkit.services.simulation`.
DEFAULT_RUNS = 20_000
MAX_RUNS = 1_000_000
DEFAULT_SEED = 20_260_101
MAX_SEED = 2**32 - 1
RANDOM_SEED = "random"

__all__ = [
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "MAX_RUNS",
    "MAX_SEED",
    "RANDOM_SEED",
    "REPORT_FORMATS",
    "AttributionChoice",
    "InstitutionChoice",
    "InstrumentChoice",
    "LocaleChoice",
    "RiskFactorChoice",
    "RiskLevelChoice",
    "RoleChoice",
    "SortCategoryChoice",
]


class RoleChoice(StrEnum):
    """``--role``: the values of :class:`cpfkit.workplace.roles.Role`."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


class LocaleChoice(StrEnum):
    """``--locale``: the values of :data:`cpfkit.workplace.user_schemas.LocaleCode`."""

    EN = "en"
    RU = "ru"
    KK = "kk"


class RiskLevelChoice(StrEnum):
    """``--rating``: the values of :class:`cpfkit.model.ratings.RiskLevel`."""

    LOW = "Low"
    MODERATE = "Moderate"
    SUBSTANTIAL = "Substantial"
    HIGH = "High"


class SortCategoryChoice(StrEnum):
    """``--category``: the values of :class:`cpfkit.model.enums.SortCategory`."""

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


class InstitutionChoice(StrEnum):
    """``--institution``: the values of :class:`cpfkit.model.enums.Institution`."""

    IBRD = "IBRD"
    IDA = "IDA"
    IFC = "IFC"
    MIGA = "MIGA"
    TRUST_FUND = "TF"
    OTHER = "other"


class InstrumentChoice(StrEnum):
    """``--instrument``: the values of :class:`cpfkit.model.enums.Instrument`."""

    IPF = "IPF"
    PFORR = "PforR"
    DPF = "DPF"
    IFC_LOAN = "IFC-loan"
    IFC_EQUITY = "IFC-equity"
    GUARANTEE = "guarantee"
    MIGA_GUARANTEE = "MIGA-guarantee"
    ASA = "ASA"
    PPP = "PPP"
    OTHER = "other"


class AttributionChoice(StrEnum):
    """``--attribution``: the values of :class:`cpfkit.model.enums.MobilisationAttribution`."""

    PRO_RATA = "pro-rata"
    FULL = "full"


class RiskFactorChoice(StrEnum):
    """``--factor``: the values of :class:`cpfkit.model.portfolio.RiskFactor`."""

    RESILIENCE = "resilience"
    SUPPLY_CHAIN = "supply-chain"
    MACROECONOMIC = "macroeconomic"
    REGIONAL_SPILLOVER = "regional-spillover"
