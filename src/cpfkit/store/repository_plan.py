"""Planning data in the store: contributions and appraisal inputs, written and read with their programme."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.model import ProgrammeData
from cpfkit.model.appraisal import AppraisalInputs
from cpfkit.model.plan import Contribution
from cpfkit.store.tables_framework import IndicatorRow
from cpfkit.store.tables_plan import AppraisalInputRow, ContributionRow

__all__ = ["load_planning_data", "save_planning_data"]


def _plain(value: Any) -> Any:
    """A JSON document with exact numbers kept as text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


def save_planning_data(session: Session, data: ProgrammeData, indicator_rows: dict[str, IndicatorRow]) -> None:
    """Write a programme's contributions and appraisal inputs (after its indicators and operations)."""
    session.flush()
    programme_id = data.programme.id
    for c in data.contributions:
        session.add(
            ContributionRow(
                programme_id=programme_id,
                indicator_id=indicator_rows[c.indicator].id,
                project_id=c.project,
                value=c.value,
                lag_years=c.lag_years,
                note=c.note,
                source=c.source,
                illustrative=c.illustrative,
                illustrative_fields=sorted(c.illustrative_fields),
            )
        )
    for a in data.appraisals:
        session.add(
            AppraisalInputRow(
                programme_id=programme_id,
                project_id=a.project,
                document=_plain(a.model_dump(mode="python")),
                source=a.source,
                illustrative=a.illustrative,
                illustrative_fields=sorted(a.illustrative_fields),
            )
        )


def load_planning_data(session: Session, programme_id: str, projects: set[str]) -> dict[str, Any]:
    """A programme's contributions and appraisal inputs, for the operations still in the store."""
    codes = dict(
        session.execute(
            select(IndicatorRow.id, IndicatorRow.code).where(IndicatorRow.programme_id == programme_id)
        ).all()
    )
    contributions = tuple(
        Contribution(
            project=row.project_id,
            indicator=codes[row.indicator_id],
            value=row.value,
            lag_years=row.lag_years,
            note=row.note,
            source=row.source,
            illustrative=bool(row.illustrative),
            illustrative_fields=frozenset(row.illustrative_fields or ()),
        )
        for row in session.scalars(
            select(ContributionRow)
            .where(ContributionRow.programme_id == programme_id, ContributionRow.project_id.in_(projects))
            .order_by(ContributionRow.project_id, ContributionRow.id)
        )
    )
    appraisals = tuple(
        AppraisalInputs.model_validate(row.document)
        for row in session.scalars(
            select(AppraisalInputRow)
            .where(AppraisalInputRow.programme_id == programme_id, AppraisalInputRow.project_id.in_(projects))
            .order_by(AppraisalInputRow.project_id)
        )
    )
    return {"contributions": contributions, "appraisals": appraisals}
