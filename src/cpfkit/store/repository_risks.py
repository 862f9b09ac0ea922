"""A programme's risk register between model objects and rows: entries in code order, found by their code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.errors import NotFound
from cpfkit.model import RiskEntry
from cpfkit.store.provenance import provenance_columns, provenance_of
from cpfkit.store.repository_programme import require_programme
from cpfkit.store.tables_portfolio import RiskEntryRow

__all__ = ["find_risk", "list_risks", "risk_model", "risk_row"]


def risk_row(programme_id: str, r: RiskEntry, *, origin: str | None) -> RiskEntryRow:
    """The row of a register entry (``origin``: the programme whose folder loaded it, None for an edit)."""
    return RiskEntryRow(
        programme_id=programme_id,
        code=r.code,
        title=r.title,
        description=r.description,
        factors=[f.value for f in r.factors],
        category=r.category.value if r.category else None,
        rating=r.rating.value,
        mitigation=r.mitigation,
        owner=r.owner,
        project_id=r.project,
        status=r.status.value,
        opened=r.opened,
        closed=r.closed,
        closing_note=r.closing_note,
        origin=origin,
        **provenance_columns(r),
    )


def risk_model(row: RiskEntryRow) -> RiskEntry:
    """The model entry of a stored one."""
    return RiskEntry(
        code=row.code,
        title=row.title,
        description=row.description,
        factors=tuple(row.factors or ()),
        category=row.category,
        rating=row.rating,
        mitigation=row.mitigation,
        owner=row.owner,
        project=row.project_id,
        status=row.status,
        opened=row.opened,
        closed=row.closed,
        closing_note=row.closing_note,
        **provenance_of(row),
    )


def list_risks(session: Session, programme_id: str) -> list[RiskEntry]:
    """Every register entry of a programme, open and closed, in code order (R2 before R10)."""
    require_programme(session, programme_id)
    rows = session.scalars(
        select(RiskEntryRow).where(RiskEntryRow.programme_id == programme_id, RiskEntryRow.deleted_at.is_(None))
    ).all()
    return sorted((risk_model(r) for r in rows), key=lambda r: _code_key(r.code))


def _code_key(code: str) -> tuple[str, int, str]:
    head = code.rstrip("0123456789")
    tail = code[len(head) :]
    return (head, int(tail) if tail else -1, code)


def find_risk(session: Session, programme_id: str, code: str) -> tuple[int, int, RiskEntry]:
    """A live register entry by its code: its record id, its version and the entry.

    Raises:
        NotFound: no such programme, or no live entry of that code.
    """
    require_programme(session, programme_id)
    row = session.scalar(
        select(RiskEntryRow).where(
            RiskEntryRow.programme_id == programme_id, RiskEntryRow.code == code, RiskEntryRow.deleted_at.is_(None)
        )
    )
    if row is None:
        raise NotFound("risk", f"{programme_id}/{code}")
    return row.id, row.version, risk_model(row)
