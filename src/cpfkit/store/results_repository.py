"""Reading and writing measurements, ratings of record and review sections.

Every function works in the caller's session: the caller's transaction decides
whether all of it is stored or none.  Ratings of record are in
:mod:`~cpfkit.store.repository_overrides`, review sections in
:mod:`~cpfkit.store.repository_notes`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.model import Measurement, Programme
from cpfkit.store.repository import programme_ids
from cpfkit.store.repository_notes import review_notes, save_review_note, withdraw_review_note
from cpfkit.store.repository_overrides import rating_overrides, save_rating_override, withdraw_rating_override
from cpfkit.store.repository_programme import load_programme, require_programme
from cpfkit.store.tables_framework import IndicatorRow, MeasurementRow
from cpfkit.store.tables_links import ProgrammeProjectRow
from cpfkit.store.tables_programme import ProgrammeRow

__all__ = [
    "programmes_and_operations",
    "programmes_with_indicator",
    "rating_overrides",
    "review_notes",
    "save_measurements",
    "save_rating_override",
    "save_review_note",
    "withdraw_rating_override",
    "withdraw_review_note",
]


def programmes_with_indicator(session: Session, code: str) -> list[str]:
    """The programmes whose results framework has an indicator with this code, sorted."""
    return sorted(
        session.scalars(
            select(IndicatorRow.programme_id)
            .join(ProgrammeRow, ProgrammeRow.id == IndicatorRow.programme_id)
            .where(IndicatorRow.code == code, ProgrammeRow.deleted_at.is_(None))
        )
    )


def programmes_and_operations(session: Session) -> list[tuple[Programme, frozenset[str]]]:
    """Every programme (its definition, without ledgers) with the operations it counts."""
    out: list[tuple[Programme, frozenset[str]]] = []
    for programme_id in programme_ids(session):
        operations = frozenset(
            session.scalars(
                select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == programme_id)
            )
        )
        out.append((load_programme(session, programme_id), operations))
    return out


def save_measurements(session: Session, programme_id: str, measurements: Sequence[Measurement]) -> tuple[int, int]:
    """Store measurements of a programme's indicators; one for a stored indicator, operation and date replaces it.

    The caller has checked each measurement against the programme.

    Returns:
        How many were added and how many replaced.
    """
    require_programme(session, programme_id)
    indicator_ids = dict(
        session.execute(
            select(IndicatorRow.code, IndicatorRow.id).where(IndicatorRow.programme_id == programme_id)
        ).all()
    )
    existing = {
        (row.indicator_id, row.project_id, row.date): row
        for row in session.scalars(
            select(MeasurementRow).where(
                MeasurementRow.indicator_id.in_(list(indicator_ids.values())), MeasurementRow.deleted_at.is_(None)
            )
        )
    }
    added = updated = 0
    for m in measurements:
        key = (indicator_ids[m.indicator], m.project, m.date)
        row = existing.get(key)
        if row is None:
            row = MeasurementRow(indicator_id=key[0], project_id=m.project, date=m.date)
            session.add(row)
            existing[key] = row
            added += 1
        else:
            row.version = (row.version or 1) + 1
            updated += 1
        row.value = m.value
        row.weight = m.weight
        row.qualifier = m.qualifier.value if m.qualifier else None
        row.verified = m.verified
        row.quote = m.quote
        row.note = m.note
        row.source = m.source
        row.illustrative = m.illustrative
        row.illustrative_fields = sorted(m.illustrative_fields)
    session.flush()
    return added, updated
