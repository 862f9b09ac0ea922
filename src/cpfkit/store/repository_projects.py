"""Operations between model objects and rows: the project with its sectors, places and co-financing."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpfkit import clock
from cpfkit.errors import DuplicateIdentifier, NotFound
from cpfkit.model import Financing, FxRates, KeyDates, Location, Money, Project, SectorShare, Transaction
from cpfkit.store.conversion import usd_at
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.repository_ledger import transaction_of
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_project import FinancingRow, LocationRow, ProjectRow, SectorRow

__all__ = ["load_project", "project_to_model", "upsert_project"]


def upsert_project(session: Session, project: Project, programme_id: str, fx: FxRates, origin: str) -> None:
    """Write an operation defined by the programme, with its sectors, places and co-financing, in US dollars."""
    row = session.get(ProjectRow, project.id)
    if row is not None and row.owner_programme_id not in (None, programme_id):
        raise DuplicateIdentifier(
            f"is already defined by programme {row.owner_programme_id}; list it under carried_over instead",
            file=origin,
            record=f"project {project.id}",
            field="id",
        )
    if row is None:
        row = ProjectRow(id=project.id)
        session.add(row)
    on = project.dates.approval or project.dates.concept or clock.today()
    commitment_usd = None
    if project.commitment is not None:
        commitment_usd, _ = usd_at(project.commitment, fx, on, origin, f"project {project.id}")
    row.name = project.name
    row.country = project.country
    row.region = project.region
    row.institution = project.institution.value
    row.instrument = project.instrument.value
    row.status = project.status.value
    row.concept_date = project.dates.concept
    row.approval_date = project.dates.approval
    row.effectiveness_date = project.dates.effectiveness
    row.original_closing_date = project.dates.original_closing
    row.revised_closing_date = project.dates.revised_closing
    row.commitment = project.commitment.amount if project.commitment else None
    row.commitment_currency = project.commitment.currency if project.commitment else None
    row.commitment_usd = commitment_usd
    row.implementing_agency = project.implementing_agency
    row.borrower = project.borrower
    row.description = project.description
    row.reference_class = project.reference_class
    row.owner_programme_id = programme_id
    for name, value in provenance_columns(project).items():
        setattr(row, name, value)
    row.sectors = [
        SectorRow(code=s.code, vocabulary=s.vocabulary, name=s.name, percentage=s.percentage) for s in project.sectors
    ]
    row.locations = [
        LocationRow(name=loc.name, kind=loc.kind.value, region=loc.region, lat=loc.lat, lon=loc.lon)
        for loc in project.locations
    ]
    row.financing = [
        FinancingRow(
            financier=f.financier,
            kind=f.kind.value,
            amount=f.amount.amount,
            currency=f.amount.currency,
            amount_usd=usd_at(f.amount, fx, on, origin, f"project {project.id}")[0],
            mechanism=f.mechanism,
            mobilised_by=f.mobilised_by.value if f.mobilised_by else None,
            co_mobilisers=list(f.co_mobilisers) or None,
            **provenance_columns(f),
        )
        for f in project.financing
    ]


def project_to_model(row: ProjectRow) -> Project:
    """The model object of a stored operation."""
    return Project(
        id=row.id,
        name=row.name,
        country=row.country,
        region=row.region,
        institution=row.institution,
        instrument=row.instrument,
        status=row.status,
        dates=KeyDates(
            concept=row.concept_date,
            approval=row.approval_date,
            effectiveness=row.effectiveness_date,
            original_closing=row.original_closing_date,
            revised_closing=row.revised_closing_date,
        ),
        commitment=Money(amount=row.commitment, currency=row.commitment_currency or "USD")
        if row.commitment is not None
        else None,
        financing=tuple(
            Financing(
                financier=f.financier,
                kind=f.kind,
                amount=Money(amount=f.amount, currency=f.currency),
                mechanism=f.mechanism,
                mobilised_by=f.mobilised_by,
                co_mobilisers=tuple(f.co_mobilisers or ()),
                **provenance_of(f),
            )
            for f in row.financing
        ),
        sectors=tuple(
            SectorShare(code=s.code, vocabulary=s.vocabulary, name=s.name, percentage=s.percentage) for s in row.sectors
        ),
        locations=tuple(
            Location(name=loc.name, kind=loc.kind, region=loc.region, lat=loc.lat, lon=loc.lon) for loc in row.locations
        ),
        implementing_agency=row.implementing_agency,
        borrower=row.borrower,
        description=row.description,
        reference_class=row.reference_class,
        **provenance_of(row),
    )


def load_project(session: Session, project_id: str) -> tuple[Project, Sequence[Transaction], list[str]]:
    """One operation with its ledger and the programmes that count it."""
    row = session.scalar(
        select(ProjectRow)
        .where(ProjectRow.id == project_id, ProjectRow.deleted_at.is_(None))
        .options(
            selectinload(ProjectRow.sectors),
            selectinload(ProjectRow.locations),
            selectinload(ProjectRow.financing),
            selectinload(ProjectRow.transactions),
        )
    )
    if row is None:
        raise NotFound("project", project_id)
    programmes = list(
        session.scalars(
            select(ProgrammeProjectRow.programme_id)
            .where(ProgrammeProjectRow.project_id == project_id)
            .order_by(ProgrammeProjectRow.programme_id)
        )
    )
    txs = [transaction_of(t) for t in row.transactions if t.deleted_at is None]
    return project_to_model(row), txs, programmes
