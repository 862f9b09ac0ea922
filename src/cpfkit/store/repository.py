"""Moving programmes between model objects and rows.

:func:`save_programme_data` writes one validated :class:`ProgrammeData` in the
caller's transaction; :func:`load_programme_data` reads one back, with every
operation the programme counts and their ledgers and ratings.  Each part has
its module: the programme's definition (written by
:mod:`~cpfkit.store.repository_framework`, read by
:mod:`~cpfkit.store.repository_programme`), its operations (:mod:`~cpfkit.store.repository_projects`), the links between
them (:mod:`~cpfkit.store.repository_links`), the ledger, measurements and
ratings (:mod:`~cpfkit.store.repository_ledger`), the portfolio records and
the planning data.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from cpfkit.errors import DuplicateIdentifier, NotFound
from cpfkit.model import FxRates, ProgrammeData
from cpfkit.store.periods import keep_closes, restore_closes
from cpfkit.store.repository_framework import framework_rows
from cpfkit.store.repository_ledger import load_ledger, save_ledger
from cpfkit.store.repository_links import load_links, save_links
from cpfkit.store.repository_plan import load_planning_data, save_planning_data
from cpfkit.store.repository_portfolio import (
    delete_portfolio_records,
    load_portfolio_records,
    save_portfolio_records,
)
from cpfkit.store.repository_programme import load_programme, programme_row, programme_to_model
from cpfkit.store.repository_projects import load_project, project_to_model, upsert_project
from cpfkit.store.tables_ledger import ProjectRatingRow, SortRatingRow, TransactionRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_programme import ProgrammeRow
from cpfkit.store.tables_project import ProjectRow

__all__ = [
    "delete_programme",
    "load_programme",
    "load_programme_data",
    "load_project",
    "programme_ids",
    "project_to_model",
    "save_programme_data",
]


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
        kept = keep_closes(session, programme.id)  # the commit checks the new values against its closed periods
        delete_programme(session, programme.id)
    else:
        kept = []
    rows = framework_rows(programme)
    session.add(rows.programme)
    session.flush()
    restore_closes(session, kept)
    for project in data.projects:
        upsert_project(session, project, programme.id, fx, origin)
    session.flush()
    save_links(
        session,
        data,
        origin,
        {code: row.id for code, row in rows.objectives.items()},
        {code: row.id for code, row in rows.areas.items()},
    )
    save_ledger(session, data, fx, origin, {code: row.id for code, row in rows.indicators.items()})
    save_portfolio_records(session, data, fx, origin=origin)
    save_planning_data(session, data, rows.indicators)
    session.flush()


def load_programme_data(session: Session, programme_id: str) -> ProgrammeData:
    """A programme with every operation it counts (its own and carried over), their ledgers and ratings."""
    programme = programme_to_model(programme_row(session, programme_id))
    links = session.scalars(select(ProgrammeProjectRow).where(ProgrammeProjectRow.programme_id == programme_id)).all()
    projects = session.scalars(
        select(ProjectRow)
        .where(ProjectRow.id.in_([link.project_id for link in links]), ProjectRow.deleted_at.is_(None))
        .options(
            selectinload(ProjectRow.sectors), selectinload(ProjectRow.locations), selectinload(ProjectRow.financing)
        )
        .order_by(ProjectRow.approval_date, ProjectRow.id)
    ).all()
    live = {p.id for p in projects}
    return ProgrammeData(
        programme=programme,
        projects=tuple(project_to_model(p) for p in projects),
        links=load_links(session, programme_id, links, live),
        **load_ledger(session, programme_id, live),
        **load_portfolio_records(session, programme_id, live),
        **load_planning_data(session, programme_id, live),
    )
