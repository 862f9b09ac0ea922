"""The English labels of coded values (``rating`` ``MS`` → Moderately Satisfactory), SORT categories and risk lenses.

These are the English originals; ``babel.cfg`` extracts them (the calls of
:func:`~cpfkit.workplace.field_labels.N_`) into the pages' catalogs, where they are translated.
"""

from __future__ import annotations

from cpfkit.workplace.field_labels import N_

__all__ = ["FACTOR_LABELS", "SORT_LABELS", "VALUE_LABELS", "value_label"]

SORT_LABELS = {
    "political-governance": N_("Political and governance"),
    "macroeconomic": N_("Macroeconomic"),
    "sector-strategies": N_("Sector strategies and policies"),
    "technical-design": N_("Technical design"),
    "institutional-capacity": N_("Institutional capacity"),
    "fiduciary": N_("Fiduciary"),
    "environment-social": N_("Environment and social"),
    "stakeholders": N_("Stakeholders"),
    "other": N_("Other"),
    "overall": N_("Overall"),
}
"""The names of the SORT categories (the history's and the risk pages', translated where shown)."""

FACTOR_LABELS = {
    "resilience": N_("Climate and disaster resilience"),
    "supply-chain": N_("Supply chain"),
    "macroeconomic": N_("Macroeconomic"),
    "regional-spillover": N_("Regional spillover"),
}
"""The names of the framework's risk lenses (register factors)."""

VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {
        "draft": N_("draft"),
        "active": N_("active"),
        "completed": N_("completed"),
        "pipeline": N_("pipeline"),
        "closed": N_("closed"),
        "dropped": N_("dropped"),
        "open": N_("open"),
    },
    "category": SORT_LABELS,
    "factors": FACTOR_LABELS,
    "rating": {
        "Low": N_("Low"),
        "Moderate": N_("Moderate"),
        "Substantial": N_("Substantial"),
        "High": N_("High"),
        "HS": N_("Highly Satisfactory"),
        "S": N_("Satisfactory"),
        "MS": N_("Moderately Satisfactory"),
        "MU": N_("Moderately Unsatisfactory"),
        "U": N_("Unsatisfactory"),
        "HU": N_("Highly Unsatisfactory"),
    },
    "type": {
        "commitment": N_("Commitment"),
        "disbursement": N_("Disbursement"),
        "cancellation": N_("Cancellation"),
        "incoming-funds": N_("Incoming funds"),
        "expenditure": N_("Expenditure"),
        "interest-payment": N_("Interest payment"),
        "loan-repayment": N_("Loan repayment"),
        "reimbursement": N_("Reimbursement"),
        "purchase-of-equity": N_("Purchase of equity"),
        "sale-of-equity": N_("Sale of equity"),
        "credit-guarantee": N_("Credit guarantee"),
        "incoming-commitment": N_("Incoming commitment"),
        "outgoing-pledge": N_("Outgoing pledge"),
        "incoming-pledge": N_("Incoming pledge"),
    },
    "kind": {
        "DO": N_("Development objective"),
        "IP": N_("Implementation progress"),
        "FM": N_("Financial management"),
        "procurement": N_("Procurement"),
        "M&E": N_("Monitoring and evaluation"),
        "PM": N_("Project management"),
        "E&S": N_("Environment and social"),
        "objective": N_("objective indicator"),
        "supplementary": N_("supplementary indicator"),
        "country": N_("country"),
        "region": N_("region"),
        "city": N_("city"),
        "site": N_("site"),
        "public": N_("public"),
        "private-direct": N_("private-direct"),
        "private-indirect": N_("private-indirect"),
    },
    "role": {"viewer": N_("viewer"), "editor": N_("editor"), "admin": N_("admin")},
    "direction": {"increase": N_("increase"), "decrease": N_("decrease"), "maintain": N_("maintain")},
    "aggregation": {
        "sum": N_("sum"),
        "max": N_("largest value"),
        "weighted_mean": N_("weighted mean"),
        "harmonic_mean": N_("harmonic mean"),
    },
    "qualifier": {"at_least": N_("at least"), "at_most": N_("at most")},
    "locale": {"en": N_("English"), "ru": N_("Russian"), "kk": N_("Kazakh")},
}
"""Labels of coded values, by the field (its last part) that holds them."""


def value_label(field: str, value: str) -> str | None:
    """The English label of a coded value of a field, if it has one (``rating`` ``MS`` → Moderately Satisfactory)."""
    return VALUE_LABELS.get(field.rsplit(".", 1)[-1], {}).get(value)
