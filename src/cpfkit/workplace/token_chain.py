"""Tokens made with tokens: one is valid only while every token it descends from is, and never outlives it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, DataError
from cpfkit.store.audit import as_utc
from cpfkit.store.tables_workplace import ApiTokenRow

__all__ = ["ancestors_usable", "bounded_by_parent", "usable"]

_MAX_DEPTH = 64  # a chain of tokens made with tokens longer than this is refused (and never walked further)


def usable(row: ApiTokenRow | None, at: datetime) -> bool:
    """Whether a token is neither revoked nor expired at ``at``."""
    if row is None or row.revoked_at is not None:
        return False
    expires = as_utc(row.expires_at)
    return expires is None or expires > at


def ancestors_usable(session: Session, row: ApiTokenRow, at: datetime) -> bool:
    """Whether every token ``row`` descends from is still valid (and the chain is not absurdly long)."""
    parent_id = row.parent_id
    for _step in range(_MAX_DEPTH):
        if parent_id is None:
            return True
        parent = session.get(ApiTokenRow, parent_id)
        if parent is None or not usable(parent, at):
            return False
        parent_id = parent.parent_id
    return False


def bounded_by_parent(session: Session, parent_id: int, expires: datetime | None, at: datetime) -> None:
    """Refuse a token that would outlive ``parent_id``.

    The parent's row stays locked until the transaction ends, so a revocation of the parent cannot slip in
    between this check and the new token's insertion.
    """
    parent = session.get(ApiTokenRow, parent_id, with_for_update=True)
    if parent is None or not usable(parent, at) or not ancestors_usable(session, parent, at):
        raise Conflict("the token this request came with is no longer valid (or made with too many others)")
    limit = as_utc(parent.expires_at)
    if limit is None or (expires is not None and expires <= limit):
        return
    left = int((limit - at).total_seconds() // 86_400)
    stamp = limit.strftime("%Y-%m-%d %H:%M UTC")
    if left < 1:
        hint = "it expires in less than a day: sign in (or use the command line) to make a token"
    else:
        hint = f"give days of at most {left}"
    raise DataError(
        f"a token made with another token cannot outlive it; token {parent_id} expires at {stamp}, so {hint}",
        record=f"token made with token {parent_id}",
        field="days",
    )
