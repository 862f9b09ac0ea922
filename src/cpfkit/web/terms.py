"""Words of the data that the pages show translated: statuses and roles.

The data keeps its codes (``active``, ``pipeline``, ``editor``); marking them here puts them in the
catalogs, and templates show them with ``{{ _(p.status) }}``.
"""

from __future__ import annotations

from cpfkit.web.i18n import N_

__all__ = ["ROLES", "STATUSES"]

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
