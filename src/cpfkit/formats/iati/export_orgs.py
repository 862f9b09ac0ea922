"""What an IATI export writes for cpfkit's own values: organisations, status, classification and type codes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from cpfkit.model import (
    Institution,
    ProjectStatus,
    TransactionType,
)
from cpfkit.reference import load_catalogue

__all__ = ["ExportOrgs", "export_orgs"]


@dataclass(frozen=True)
class ExportOrgs:
    """The IATI organisations of each institution: reporting (ref, name) and funding (ref, name)."""

    reporting: dict[Institution, tuple[str, str]]
    funding: dict[Institution, tuple[str, str]]
    status_code: dict[ProjectStatus, str]
    location_class: dict[str, str]
    aid_type: dict[str, str]
    finance_type: dict[str, str]
    iati_code_of: dict[TransactionType, str]


@cache
def export_orgs() -> ExportOrgs:
    """Load the export side of ``iati_organisations.csv``, ``iati_mapping.csv`` and ``transaction_types.csv``."""
    orgs = load_catalogue("iati_organisations")
    names = {row["ref"]: row["name"] for row in orgs}
    reporting: dict[Institution, tuple[str, str]] = {}
    funding: dict[Institution, tuple[str, str]] = {}
    for row in orgs:
        if row["export"] == "yes":
            institution = Institution(row["institution"])
            funding[institution] = (row["ref"], row["name"])
            reporting[institution] = (row["reporting_ref"], names[row["reporting_ref"]])
    mapping: dict[str, dict[str, str]] = defaultdict(dict)
    for row in load_catalogue("iati_mapping"):
        table = mapping[row["mapping"]]
        if row["mapping"].startswith("export-"):
            table[row["from"]] = row["to"]
        else:  # the first IATI code listed for a cpfkit value is the one written
            table.setdefault(row["to"], row["from"])
    iati_code_of = {
        TransactionType(row["code"]): row["iati_code"]
        for row in load_catalogue("transaction_types")
        if row["iati_code"]
    }
    return ExportOrgs(
        reporting=reporting,
        funding=funding,
        status_code={ProjectStatus(k): v for k, v in mapping["activity-status"].items()},
        location_class=dict(mapping["location-class"]),
        aid_type=dict(mapping["export-aid-type"]),
        finance_type=dict(mapping["export-finance-type"]),
        iati_code_of=iati_code_of,
    )
