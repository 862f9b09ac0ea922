"""Storing World Bank Projects API records: the core project and its ``wb_projects`` row, upserted by id."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from sqlalchemy.orm import Session

from cpfkit.model import Project
from cpfkit.model.wb import WbRecord
from cpfkit.store.tables_iati import IatiActivityRow, WbProjectRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_project import ProjectRow, SectorRow

__all__ = ["WbOutcome", "upsert_wb_project"]

WbOutcome = Literal["new", "updated", "unchanged", "conflict"]


def _shares(items: tuple[tuple[str | None, str, Decimal | None], ...]) -> list[dict[str, str | None]]:
    return [{"code": code, "name": name, "percent": None if p is None else format(p, "f")} for code, name, p in items]


def upsert_wb_project(
    session: Session,
    project: Project,
    record: WbRecord,
    *,
    content_hash: str,
    source_file: str,
    programme: str | None = None,
    dry_run: bool = False,
) -> tuple[WbOutcome, str | None]:
    """Insert or update one project from a Projects API record, in the caller's transaction.

    A project that exists but did not come from the Projects API (one a programme
    folder defines, or an IATI activity) is left alone: the outcome is ``conflict``
    with the reason.

    Returns:
        What happened, and for a conflict why.
    """
    row = session.get(ProjectRow, project.id)
    wb = session.get(WbProjectRow, project.id)
    if row is not None and wb is None:
        if row.owner_programme_id:
            owner = f"programme {row.owner_programme_id}"
        elif session.get(IatiActivityRow, project.id) is not None:
            owner = "an IATI import"
        else:
            owner = "another source"
        return "conflict", f"project {project.id} exists, defined by {owner}; not replaced"
    if wb is not None and wb.content_hash == content_hash:
        outcome: WbOutcome = "unchanged"
    else:
        outcome = "new" if row is None else "updated"
    if dry_run:
        return outcome, None
    if outcome != "unchanged":
        if row is None:
            row = ProjectRow(id=project.id, version=1)
            session.add(row)
        else:
            row.version = (row.version or 1) + 1
        d = project.dates
        commitment = project.commitment
        row.name = project.name
        row.country = project.country
        row.region = project.region
        row.institution = project.institution.value
        row.instrument = project.instrument.value
        row.status = project.status.value
        row.approval_date = d.approval
        row.original_closing_date = d.original_closing
        row.commitment = commitment.amount if commitment else None
        row.commitment_currency = commitment.currency if commitment else None
        row.commitment_usd = commitment.amount if commitment else None  # the API's amounts are US dollars
        row.implementing_agency = project.implementing_agency
        row.borrower = project.borrower
        row.description = project.description
        row.source = project.source
        row.illustrative = False
        row.illustrative_fields = []
        row.sectors = [
            SectorRow(code=s.code, vocabulary=s.vocabulary, name=s.name, percentage=s.percentage)
            for s in project.sectors
        ]
        if wb is None:
            wb = WbProjectRow(project_id=project.id)
            session.add(wb)
        wb.content_hash = content_hash
        wb.source_file = source_file
        wb.ibrd_commitment = record.ibrd
        wb.ida_commitment = record.ida
        wb.grant_amount = record.grant
        wb.total_commitment = record.total
        wb.project_cost = record.project_cost
        wb.lending_instrument = record.lending_instrument
        wb.product_line = record.product_line
        wb.financing_type = record.financing_type
        wb.status = record.status
        wb.approval_fy = record.approval_fy
        wb.region = record.region
        wb.country_name = record.country_name
        wb.country_code = record.country_code
        wb.approval_date = record.approval_date
        wb.closing_date = record.closing_date
        wb.sectors = _shares(record.sectors)
        wb.themes = _shares(record.themes)
        wb.url = record.url
        session.flush()
    if programme is not None and session.get(ProgrammeProjectRow, (programme, project.id)) is None:
        session.add(ProgrammeProjectRow(programme_id=programme, project_id=project.id))
        session.flush()
    return outcome, None
