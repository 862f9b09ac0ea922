"""Moving programmes between model objects and rows.

:func:`save_programme_data` writes one validated :class:`ProgrammeData` in the
caller's transaction; :func:`load_programme_data` reads one back, with every
operation the programme counts and their ledgers and ratings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from cpfkit import clock
from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference, NotFound
from cpfkit.model import (
    EnvelopeShare,
    EnvelopeYear,
    Financing,
    FxRates,
    Indicator,
    KeyDates,
    Location,
    Measurement,
    MobilisationAttribution,
    Money,
    Objective,
    Observation,
    Overlap,
    PriorityArea,
    Programme,
    ProgrammeData,
    Project,
    ProjectLink,
    ProjectRating,
    SectorShare,
    SortRating,
    Transaction,
    to_usd,
)
from cpfkit.model.base import Sourced
from cpfkit.model.publishing import IatiDefaults
from cpfkit.store.repository_plan import load_planning_data, save_planning_data
from cpfkit.store.repository_portfolio import (
    delete_portfolio_records,
    load_portfolio_records,
    save_portfolio_records,
)
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow, ObjectiveRow, OverlapRow, PriorityAreaRow
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow
from cpfkit.store.tables_links import ProgrammeProjectRow, ProjectAreaLinkRow, ProjectObjectiveLinkRow
from cpfkit.store.tables_programme import EnvelopeShareRow, EnvelopeYearRow, ProgrammeRow
from cpfkit.store.tables_project import FinancingRow, LocationRow, ProjectRow, SectorRow

__all__ = [
    "delete_programme",
    "load_programme",
    "load_programme_data",
    "load_project",
    "programme_ids",
    "project_to_model",
    "save_programme_data",
]


def _provenance(record: Sourced) -> dict[str, object]:
    return {
        "source": record.source,
        "illustrative": record.illustrative,
        "illustrative_fields": sorted(record.illustrative_fields),
    }


def _sourced(row: object) -> dict[str, object]:
    return {
        "source": getattr(row, "source", None),
        "illustrative": bool(getattr(row, "illustrative", False)),
        "illustrative_fields": frozenset(getattr(row, "illustrative_fields", None) or ()),
    }


# -- writing -----------------------------------------------------------------------------


def programme_ids(session: Session) -> list[str]:
    """Identifiers of every programme in the store, sorted."""
    return list(
        session.scalars(select(ProgrammeRow.id).where(ProgrammeRow.deleted_at.is_(None)).order_by(ProgrammeRow.id))
    )


def delete_programme(session: Session, programme_id: str) -> None:
    """Remove a programme, and what its folder loaded, keeping operations other programmes count."""
    row = session.get(ProgrammeRow, programme_id)
    if row is None:
        raise NotFound("programme", programme_id)
    session.execute(delete(TransactionRow).where(TransactionRow.origin == programme_id))
    session.execute(delete(ProjectRatingRow).where(ProjectRatingRow.origin == programme_id))
    session.execute(delete(SortRatingRow).where(SortRatingRow.origin == programme_id))
    delete_portfolio_records(session, programme_id)
    session.delete(row)
    session.flush()
    carried_elsewhere = select(ProgrammeProjectRow.project_id)
    orphans = session.scalars(
        select(ProjectRow).where(ProjectRow.owner_programme_id == programme_id, ProjectRow.id.not_in(carried_elsewhere))
    )
    for project in orphans:
        session.delete(project)
    session.flush()


def save_programme_data(
    session: Session, data: ProgrammeData, fx: FxRates, *, origin: str, replace: bool = False
) -> None:
    """Write a programme and everything its folder holds, in the caller's transaction.

    Args:
        session: a session inside :meth:`Store.transaction`.
        data: the validated programme.
        fx: the rates table that converts every amount to US dollars.
        origin: where the data came from (a folder path), for error messages.
        replace: replace a programme of the same id instead of refusing.

    Raises:
        DuplicateIdentifier: the programme exists (without ``replace``), or one of its
            operations is defined by another programme.
        MissingReference: a carried-over operation is not in the store.
    """
    programme = data.programme
    if session.get(ProgrammeRow, programme.id) is not None:
        if not replace:
            raise DuplicateIdentifier(
                "is already in the store (load with --replace to replace it)",
                file=origin,
                record=f"programme {programme.id}",
                field="id",
            )
        delete_programme(session, programme.id)
    prow = ProgrammeRow(
        id=programme.id,
        country=programme.country,
        title=programme.title,
        period_start=programme.period_start,
        period_end=programme.period_end,
        fy_start_month=programme.fy_start_month,
        status=programme.status.value,
        description=programme.description,
        ibrd_exposure_limit=programme.ibrd_exposure_limit.amount if programme.ibrd_exposure_limit else None,
        ibrd_exposure_limit_currency=programme.ibrd_exposure_limit.currency if programme.ibrd_exposure_limit else None,
        discount_rate=programme.discount_rate,
        mobilisation_attribution=programme.mobilisation_attribution.value,
        iati_defaults=programme.iati.model_dump(mode="json") if programme.iati else None,
        **_provenance(programme),
    )
    for year in programme.envelope:
        yrow = EnvelopeYearRow(fy=year.fy, total=year.total.amount, currency=year.total.currency, **_provenance(year))
        yrow.shares = [
            EnvelopeShareRow(
                institution=s.institution.value, amount=s.amount.amount, currency=s.amount.currency, **_provenance(s)
            )
            for s in year.by_institution
        ]
        prow.envelope.append(yrow)
    objective_rows: dict[str, ObjectiveRow] = {}
    area_rows: dict[str, PriorityAreaRow] = {}
    indicator_rows: dict[str, IndicatorRow] = {}
    for a_pos, area in enumerate(programme.priority_areas):
        arow = PriorityAreaRow(
            programme_id=programme.id,
            code=area.code,
            title=area.title,
            description=area.description,
            cross_cutting=area.cross_cutting,
            position=a_pos,
        )
        area_rows[area.code] = arow
        for o_pos, objective in enumerate(area.objectives):
            orow = ObjectiveRow(
                programme_id=programme.id,
                code=objective.code,
                title=objective.title,
                description=objective.description,
                position=o_pos,
            )
            objective_rows[objective.code] = orow
            for i_pos, indicator in enumerate(objective.indicators):
                irow = _indicator_row(programme.id, indicator, i_pos)
                indicator_rows[indicator.code] = irow
                orow.indicators.append(irow)
            arow.objectives.append(orow)
        prow.priority_areas.append(arow)
    session.add(prow)
    session.flush()

    for project in data.projects:
        _upsert_project(session, project, programme.id, fx, origin)
    session.flush()
    for link in data.links:
        if session.get(ProjectRow, link.project) is None:
            raise MissingReference(
                f"operation {link.project} is not in the store",
                file=origin,
                record=f"project {link.project}",
                field="id",
            )
        session.add(
            ProgrammeProjectRow(programme_id=programme.id, project_id=link.project, carried_from=link.carried_from)
        )
        for code in link.objectives:
            session.add(
                ProjectObjectiveLinkRow(
                    programme_id=programme.id, project_id=link.project, objective_id=objective_rows[code].id
                )
            )
        for code in link.priority_areas:
            session.add(
                ProjectAreaLinkRow(
                    programme_id=programme.id, project_id=link.project, priority_area_id=area_rows[code].id
                )
            )
    for tx in data.transactions:
        usd, used = _usd(tx.amount, fx, tx.date, origin, f"transaction of {tx.project} on {tx.date}")
        session.add(
            TransactionRow(
                project_id=tx.project,
                type=tx.type.value,
                date=tx.date,
                amount=tx.amount.amount,
                currency=tx.amount.currency,
                amount_usd=usd,
                fx_rate=used[0],
                fx_period=used[1],
                note=tx.note,
                origin=programme.id,
                **_provenance(tx),
            )
        )
    for m in data.measurements:
        session.add(
            MeasurementRow(
                indicator_id=indicator_rows[m.indicator].id,
                project_id=m.project,
                date=m.date,
                value=m.value,
                weight=m.weight,
                qualifier=m.qualifier.value if m.qualifier else None,
                verified=m.verified,
                quote=m.quote,
                note=m.note,
                **_provenance(m),
            )
        )
    for r in data.ratings:
        session.add(
            ProjectRatingRow(
                project_id=r.project,
                kind=r.kind.value,
                date=r.date,
                rating=r.rating.value,
                note=r.note,
                origin=programme.id,
                **_provenance(r),
            )
        )
    for s in data.sort_ratings:
        is_programme = s.subject == programme.id
        session.add(
            SortRatingRow(
                programme_id=programme.id if is_programme else None,
                project_id=None if is_programme else s.subject,
                category=s.category.value,
                date=s.date,
                rating=s.rating.value,
                note=s.note,
                origin=programme.id,
                **_provenance(s),
            )
        )
    save_portfolio_records(session, data, fx, origin=origin)
    save_planning_data(session, data, indicator_rows)
    session.flush()


def _usd(money: Money, fx: FxRates, on: date, origin: str, record: str) -> tuple[Decimal, tuple[Decimal, str]]:
    try:
        usd, used = to_usd(money, fx, on)
    except Exception as exc:  # FxRateMissing, already checked by the reader; kept for API writes
        raise DataError(str(exc), file=origin, record=record, field="currency") from exc
    return usd.amount, (used.usd_per_unit, used.period)


def _indicator_row(programme_id: str, indicator: Indicator, position: int) -> IndicatorRow:
    row = IndicatorRow(
        programme_id=programme_id,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction.value,
        aggregation=indicator.aggregation.value,
        kind=indicator.kind.value,
        baseline_value=indicator.baseline.value if indicator.baseline else None,
        baseline_date=indicator.baseline.date if indicator.baseline else None,
        target_value=indicator.target.value if indicator.target else None,
        target_date=indicator.target.date if indicator.target else None,
        headline=indicator.headline,
        published=indicator.published,
        description=indicator.description,
        position=position,
        **_provenance(indicator),
    )
    row.overlaps = [
        OverlapRow(projects=list(o.projects), amount=o.amount, **_provenance(o)) for o in indicator.overlaps
    ]
    return row


def _upsert_project(session: Session, project: Project, programme_id: str, fx: FxRates, origin: str) -> None:
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
        commitment_usd, _ = _usd(project.commitment, fx, on, origin, f"project {project.id}")
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
    row.source = project.source
    row.illustrative = project.illustrative
    row.illustrative_fields = sorted(project.illustrative_fields)
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
            amount_usd=_usd(f.amount, fx, on, origin, f"project {project.id}")[0],
            mechanism=f.mechanism,
            mobilised_by=f.mobilised_by.value if f.mobilised_by else None,
            co_mobilisers=list(f.co_mobilisers) or None,
            **_provenance(f),
        )
        for f in project.financing
    ]


# -- reading -----------------------------------------------------------------------------


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
                **_sourced(f),
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
        **_sourced(row),
    )


def _programme_row(session: Session, programme_id: str) -> ProgrammeRow:
    row = session.scalar(
        select(ProgrammeRow)
        .where(ProgrammeRow.id == programme_id, ProgrammeRow.deleted_at.is_(None))
        .options(
            selectinload(ProgrammeRow.envelope).selectinload(EnvelopeYearRow.shares),
            selectinload(ProgrammeRow.priority_areas)
            .selectinload(PriorityAreaRow.objectives)
            .selectinload(ObjectiveRow.indicators)
            .selectinload(IndicatorRow.overlaps),
        )
    )
    if row is None:
        raise NotFound("programme", programme_id)
    return row


def load_programme(session: Session, programme_id: str) -> Programme:
    """The programme itself (calendar, envelope, results framework), without its operations."""
    return _programme_to_model(_programme_row(session, programme_id))


def _programme_to_model(row: ProgrammeRow) -> Programme:
    def indicator(i: IndicatorRow) -> Indicator:
        return Indicator(
            code=i.code,
            name=i.name,
            unit=i.unit,
            direction=i.direction,
            aggregation=i.aggregation,
            kind=i.kind,
            baseline=Observation(value=i.baseline_value, date=i.baseline_date)
            if i.baseline_value is not None and i.baseline_date is not None
            else None,
            target=Observation(value=i.target_value, date=i.target_date)
            if i.target_value is not None and i.target_date is not None
            else None,
            headline=i.headline,
            published=i.published,
            description=i.description,
            overlaps=tuple(Overlap(projects=tuple(o.projects), amount=o.amount, **_sourced(o)) for o in i.overlaps),
            **_sourced(i),
        )

    return Programme(
        id=row.id,
        country=row.country,
        title=row.title,
        period_start=row.period_start,
        period_end=row.period_end,
        fy_start_month=row.fy_start_month,
        status=row.status,
        description=row.description,
        ibrd_exposure_limit=Money(amount=row.ibrd_exposure_limit, currency=row.ibrd_exposure_limit_currency or "USD")
        if row.ibrd_exposure_limit is not None
        else None,
        discount_rate=row.discount_rate,
        mobilisation_attribution=row.mobilisation_attribution or MobilisationAttribution.PRO_RATA,
        envelope=tuple(
            EnvelopeYear(
                fy=y.fy,
                total=Money(amount=y.total, currency=y.currency),
                by_institution=tuple(
                    EnvelopeShare(
                        institution=s.institution,
                        amount=Money(amount=s.amount, currency=s.currency),
                        **_sourced(s),
                    )
                    for s in y.shares
                ),
                **_sourced(y),
            )
            for y in row.envelope
        ),
        priority_areas=tuple(
            PriorityArea(
                code=a.code,
                title=a.title,
                description=a.description,
                cross_cutting=a.cross_cutting,
                objectives=tuple(
                    Objective(
                        code=o.code,
                        title=o.title,
                        description=o.description,
                        indicators=tuple(indicator(i) for i in o.indicators if i.deleted_at is None),
                    )
                    for o in a.objectives
                    if o.deleted_at is None
                ),
            )
            for a in row.priority_areas
            if a.deleted_at is None
        ),
        iati=IatiDefaults.model_validate(row.iati_defaults) if row.iati_defaults else None,
        **_sourced(row),
    )


def load_programme_data(session: Session, programme_id: str) -> ProgrammeData:
    """A programme with every operation it counts (its own and carried over), their ledgers and ratings."""
    prow = _programme_row(session, programme_id)
    programme = _programme_to_model(prow)
    links = session.scalars(select(ProgrammeProjectRow).where(ProgrammeProjectRow.programme_id == programme_id)).all()
    project_ids = [link.project_id for link in links]
    projects = session.scalars(
        select(ProjectRow)
        .where(ProjectRow.id.in_(project_ids), ProjectRow.deleted_at.is_(None))
        .options(
            selectinload(ProjectRow.sectors), selectinload(ProjectRow.locations), selectinload(ProjectRow.financing)
        )
        .order_by(ProjectRow.approval_date, ProjectRow.id)
    ).all()
    live = {p.id for p in projects}
    objective_codes = dict(
        session.execute(
            select(ObjectiveRow.id, ObjectiveRow.code).where(
                ObjectiveRow.programme_id == programme_id, ObjectiveRow.deleted_at.is_(None)
            )
        ).all()
    )
    area_codes = dict(
        session.execute(
            select(PriorityAreaRow.id, PriorityAreaRow.code).where(
                PriorityAreaRow.programme_id == programme_id, PriorityAreaRow.deleted_at.is_(None)
            )
        ).all()
    )
    by_project_objectives: dict[str, list[str]] = defaultdict(list)
    for pid, oid in session.execute(
        select(ProjectObjectiveLinkRow.project_id, ProjectObjectiveLinkRow.objective_id).where(
            ProjectObjectiveLinkRow.programme_id == programme_id
        )
    ):
        if oid in objective_codes:
            by_project_objectives[pid].append(objective_codes[oid])
    by_project_areas: dict[str, list[str]] = defaultdict(list)
    for pid, aid in session.execute(
        select(ProjectAreaLinkRow.project_id, ProjectAreaLinkRow.priority_area_id).where(
            ProjectAreaLinkRow.programme_id == programme_id
        )
    ):
        if aid in area_codes:
            by_project_areas[pid].append(area_codes[aid])
    model_links = tuple(
        ProjectLink(
            project=link.project_id,
            objectives=tuple(sorted(by_project_objectives[link.project_id])),
            priority_areas=tuple(sorted(by_project_areas[link.project_id])),
            carried_from=link.carried_from,
        )
        for link in sorted(links, key=lambda link: link.project_id)
        if link.project_id in live
    )
    transactions = session.scalars(
        select(TransactionRow)
        .where(TransactionRow.project_id.in_(live), TransactionRow.deleted_at.is_(None))
        .order_by(TransactionRow.date, TransactionRow.id)
    ).all()
    ratings = session.scalars(
        select(ProjectRatingRow)
        .where(ProjectRatingRow.project_id.in_(live), ProjectRatingRow.deleted_at.is_(None))
        .order_by(ProjectRatingRow.date, ProjectRatingRow.id)
    ).all()
    sort_rows = session.scalars(
        select(SortRatingRow)
        .where(
            ((SortRatingRow.programme_id == programme_id) | SortRatingRow.project_id.in_(live)),
            SortRatingRow.deleted_at.is_(None),
        )
        .order_by(SortRatingRow.date, SortRatingRow.id)
    ).all()
    indicator_codes = dict(
        session.execute(
            select(IndicatorRow.id, IndicatorRow.code).where(
                IndicatorRow.programme_id == programme_id, IndicatorRow.deleted_at.is_(None)
            )
        ).all()
    )
    measurements = session.scalars(
        select(MeasurementRow)
        .where(MeasurementRow.indicator_id.in_(indicator_codes), MeasurementRow.deleted_at.is_(None))
        .order_by(MeasurementRow.date, MeasurementRow.id)
    ).all()
    return ProgrammeData(
        programme=programme,
        projects=tuple(project_to_model(p) for p in projects),
        links=model_links,
        transactions=tuple(_transaction(t) for t in transactions),
        measurements=tuple(
            Measurement(
                indicator=indicator_codes[m.indicator_id],
                project=m.project_id,
                date=m.date,
                value=m.value,
                weight=m.weight,
                qualifier=m.qualifier,
                verified=m.verified,
                quote=m.quote,
                note=m.note,
                **_sourced(m),
            )
            for m in measurements
        ),
        ratings=tuple(
            ProjectRating(
                project=r.project_id,
                kind=r.kind,
                date=r.date,
                rating=r.rating,
                note=r.note,
                **_sourced(r),
            )
            for r in ratings
        ),
        sort_ratings=tuple(
            SortRating(
                subject=s.project_id or programme_id,
                category=s.category,
                date=s.date,
                rating=s.rating,
                note=s.note,
                **_sourced(s),
            )
            for s in sort_rows
        ),
        **load_portfolio_records(session, programme_id, live),
        **load_planning_data(session, programme_id, live),
    )


def _transaction(row: TransactionRow) -> Transaction:
    return Transaction(
        project=row.project_id,
        type=row.type,
        date=row.date,
        amount=Money(amount=row.amount, currency=row.currency),
        note=row.note,
        **_sourced(row),
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
    txs = [_transaction(t) for t in row.transactions if t.deleted_at is None]
    return project_to_model(row), txs, programmes
