"""An operation's rows from the validated model: the project's columns, its sectors, places and co-financing."""

from __future__ import annotations

from typing import Any

from cpfkit import clock
from cpfkit.model import Project
from cpfkit.store.provenance import provenance_columns
from cpfkit.store.records.checks import usd
from cpfkit.store.tables_project import FinancingRow, LocationRow, ProjectRow, SectorRow

__all__ = ["project_columns", "replace_children"]


def project_columns(model: Project) -> dict[str, Any]:
    """The project table's columns for a validated operation."""
    commitment_usd = None
    if model.commitment is not None:
        on = model.dates.approval or model.dates.concept or clock.today()
        commitment_usd = usd(model.commitment, on)[0]
    return {
        "name": model.name,
        "country": model.country,
        "region": model.region,
        "institution": model.institution.value,
        "instrument": model.instrument.value,
        "status": model.status.value,
        "concept_date": model.dates.concept,
        "approval_date": model.dates.approval,
        "effectiveness_date": model.dates.effectiveness,
        "original_closing_date": model.dates.original_closing,
        "revised_closing_date": model.dates.revised_closing,
        "commitment": model.commitment.amount if model.commitment else None,
        "commitment_currency": model.commitment.currency if model.commitment else None,
        "commitment_usd": commitment_usd,
        "implementing_agency": model.implementing_agency,
        "borrower": model.borrower,
        "description": model.description,
        "reference_class": model.reference_class,
        **provenance_columns(model),
    }


def replace_children(row: ProjectRow, model: Project, which: set[str] | None = None) -> None:
    """Replace the operation's sectors, places and co-financing (those named in ``which``; default all)."""
    which = which or {"sectors", "locations", "financing"}
    on = model.dates.approval or model.dates.concept or clock.today()
    if "sectors" in which:
        row.sectors = [
            SectorRow(code=s.code, vocabulary=s.vocabulary, name=s.name, percentage=s.percentage) for s in model.sectors
        ]
    if "locations" in which:
        row.locations = [
            LocationRow(name=loc.name, kind=loc.kind.value, region=loc.region, lat=loc.lat, lon=loc.lon)
            for loc in model.locations
        ]
    if "financing" in which:
        row.financing = [
            FinancingRow(
                financier=f.financier,
                kind=f.kind.value,
                amount=f.amount.amount,
                currency=f.amount.currency,
                amount_usd=usd(f.amount, on)[0],
                mechanism=f.mechanism,
                mobilised_by=f.mobilised_by.value if f.mobilised_by else None,
                co_mobilisers=list(f.co_mobilisers) or None,
                **provenance_columns(f),
            )
            for f in model.financing
        ]
