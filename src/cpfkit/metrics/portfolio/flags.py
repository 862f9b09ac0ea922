"""The risk flags the portfolio review can raise, and their labels."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["FLAG_LABELS", "Flag"]


class Flag(StrEnum):
    """Risk flags of the portfolio review (``docs/definitions.md``), in the order reports list them."""

    EFFECTIVENESS_DELAY = "effectiveness-delay"
    DISBURSEMENT_LAG = "disbursement-lag"
    FINANCIAL_MANAGEMENT = "financial-management"
    PROCUREMENT = "procurement"
    SAFEGUARDS = "safeguards"
    COUNTERPART_FUNDS = "counterpart-funds"
    MONITORING_EVALUATION = "monitoring-evaluation"
    PROJECT_MANAGEMENT = "project-management"
    LEGAL_COVENANTS = "legal-covenants"
    CLOSING_DATE_EXTENSION = "closing-date-extension"
    COUNTRY_RECORD = "country-record"
    COUNTRY_ENVIRONMENT = "country-environment"


FLAG_LABELS: dict[Flag, str] = {
    Flag.EFFECTIVENESS_DELAY: "Effectiveness delay",
    Flag.DISBURSEMENT_LAG: "Disbursement lag",
    Flag.FINANCIAL_MANAGEMENT: "Financial management",
    Flag.PROCUREMENT: "Procurement",
    Flag.SAFEGUARDS: "Safeguards (environment and social)",
    Flag.COUNTERPART_FUNDS: "Counterpart funds",
    Flag.MONITORING_EVALUATION: "Monitoring and evaluation",
    Flag.PROJECT_MANAGEMENT: "Project management",
    Flag.LEGAL_COVENANTS: "Legal covenants",
    Flag.CLOSING_DATE_EXTENSION: "Closing-date extension",
    Flag.COUNTRY_RECORD: "Country record",
    Flag.COUNTRY_ENVIRONMENT: "Country environment",
}
