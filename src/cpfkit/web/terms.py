"""Words of the data that the pages show translated: statuses and roles.

The data keeps its codes (``active``, ``pipeline``, ``editor``); marking them here puts them in the
catalogs, and templates show them with ``{{ _(p.status) }}``.
"""

from __future__ import annotations

from cpfkit.web.i18n import N_

__all__ = [
    "FLAGS",
    "INDICATOR_STATUSES",
    "FINANCING_KINDS",
    "OUTCOMES",
    "PLAN_STATUSES",
    "RISK_LEVELS",
    "ROLES",
    "STATUSES",
]

STATUSES = (
    N_("draft"),
    N_("active"),
    N_("completed"),
    N_("pipeline"),
    N_("closed"),
    N_("dropped"),
    N_("open"),
)
"""Statuses of programmes, operations and risks."""

ROLES = (N_("viewer"), N_("editor"), N_("admin"))
"""Roles of accounts."""

INDICATOR_STATUSES = (N_("achieved"), N_("on track"), N_("off track"), N_("not started"), N_("no data"))
"""Where an indicator stands (``metrics.progress.Status``)."""

OUTCOMES = (N_("Achieved"), N_("Mostly Achieved"), N_("Partially Achieved"), N_("Not Achieved"), N_("Not Verified"))
"""Ratings of an objective's outcome."""

RISK_LEVELS = (N_("Low"), N_("Moderate"), N_("Substantial"), N_("High"))
"""The four-point SORT risk scale."""

FLAGS = (
    N_("Effectiveness delay"),
    N_("Disbursement lag"),
    N_("Financial management"),
    N_("Procurement"),
    N_("Safeguards (environment and social)"),
    N_("Counterpart funds"),
    N_("Monitoring and evaluation"),
    N_("Project management"),
    N_("Legal covenants"),
    N_("Closing-date extension"),
    N_("Country record"),
    N_("Country environment"),
    N_("Problem project"),
)
"""The risk flags of the portfolio review (``metrics.portfolio.rules.FLAG_LABELS``) and the problem-project mark."""

PLAN_STATUSES = (N_("optimal"), N_("feasible"), N_("infeasible"), N_("no solution"))
"""How the planning solver ended."""

FINANCING_KINDS = (N_("public"), N_("private-direct"), N_("private-indirect"))
"""Who puts in money besides the operation's own commitment."""
