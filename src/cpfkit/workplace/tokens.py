"""API tokens: made, listed, revoked, and recognised on each request.

Only a token's SHA-256 is stored; the token is shown once, when made.

A token may make another token (a script handing a short-lived token to a
job), under two rules:

* the new token never outlives the one it was made with: when that one
  expires, the new one must expire no later (``days`` is required and
  bounded), so a token can never be used to stay in longer than it was given;
* revoking a token revokes every token made with it, and theirs in turn; a
  token also stops working as soon as any token it descends from is revoked
  or has expired, even if that was written to the database some other way.

Tokens made at the command line or by a signed-in person have no parent.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpfkit.errors import Conflict, NotFound
from cpfkit.store import Store
from cpfkit.store.audit import Actor, as_utc, now, record
from cpfkit.store.tables_workplace import ApiTokenRow, UserRow
from cpfkit.workplace.principals import digest, principal_of, user_row
from cpfkit.workplace.roles import Principal
from cpfkit.workplace.token_chain import ancestors_usable, bounded_by_parent, usable

__all__ = [
    "TOKEN_PREFIX",
    "TokenPublic",
    "create_token",
    "list_tokens",
    "principal_for_token",
    "revoke_token",
]

TOKEN_PREFIX = "cpfkit_"
_TOUCH_EVERY = timedelta(minutes=10)


class TokenPublic(BaseModel):
    """An API token, without its secret (only its first characters, to recognise it)."""

    id: int
    user: str
    name: str
    prefix: str
    parent: int | None = None
    created_at: datetime | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


def _public(row: ApiTokenRow, user: str) -> TokenPublic:
    return TokenPublic(
        id=row.id,
        user=user,
        name=row.name,
        prefix=row.prefix,
        parent=row.parent_id,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        last_used_at=as_utc(row.last_used_at),
        revoked_at=as_utc(row.revoked_at),
    )


def create_token(
    store: Store, user: str, name: str, actor: Actor, *, days: int | None = None, parent: int | None = None
) -> tuple[str, TokenPublic]:
    """Make an API token for a user; return the token (shown this once) and its record.

    Args:
        store: the store.
        user: the account the token acts as.
        name: what the token is for.
        actor: who makes it.
        days: it expires after this many days (never, when None).
        parent: the API token the request making it came with, if any: the new token may not outlive it.

    Raises:
        NotFound: no such user.
        Conflict: the user is disabled, or ``parent`` is no longer valid.
        DataError: the new token would outlive ``parent`` (names ``days``).
    """
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    at = now()
    with store.transaction() as session:
        owner = user_row(session, user)
        if not owner.active:
            raise Conflict(f"user {user} is disabled", record=f"user {user}", field="user")
        expires = at + timedelta(days=days) if days else None
        if parent is not None:
            bounded_by_parent(session, parent, expires, at)
        row = ApiTokenRow(
            user_id=owner.id,
            name=name,
            token_hash=digest(token),
            prefix=token[: len(TOKEN_PREFIX) + 6],
            expires_at=expires,
            parent_id=parent,
        )
        session.add(row)
        session.flush()
        public = _public(row, user)
        record(session, actor, "create", "token", str(row.id), after=public.model_dump(mode="json"))
        return token, public


def list_tokens(store: Store, user: str | None = None) -> list[TokenPublic]:
    """API tokens (of one user, or all), newest first."""
    with store.reader() as session:
        stmt = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id)
        if user is not None:
            stmt = stmt.where(UserRow.name == user)
        rows = session.execute(stmt.order_by(ApiTokenRow.id.desc())).all()
        return [_public(row, owner) for row, owner in rows]


def _descendants(session: Session, token_id: int) -> list[ApiTokenRow]:
    """Every token made with ``token_id``, or with one of those, and so on (breadth first)."""
    found: list[ApiTokenRow] = []
    seen = {token_id}
    frontier = [token_id]
    while frontier:
        children = session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.parent_id.in_(frontier)).order_by(ApiTokenRow.id)
        ).all()
        frontier = [c.id for c in children if c.id not in seen]
        seen.update(frontier)
        found.extend(c for c in children if c.id in frontier)
    return found


def revoke_token(store: Store, token_id: int, actor: Actor, *, owner: str | None = None) -> list[TokenPublic]:
    """Revoke a token and every token made with it (they stay listed, marked revoked).

    With ``owner``, only that user's token (the tokens made with it are revoked whoever holds them).

    Returns:
        The token, then each token revoked with it; each revocation is in the audit trail.

    Raises:
        NotFound: no such token (or not ``owner``'s).
    """
    with store.transaction() as session:
        found = session.execute(
            select(ApiTokenRow, UserRow.name)
            .join(UserRow, UserRow.id == ApiTokenRow.user_id)
            .where(ApiTokenRow.id == token_id)
        ).first()
        if found is None or (owner is not None and found[1] != owner):
            raise NotFound("token", str(token_id))
        row, user = found
        revoked = now()
        if row.revoked_at is None:
            row.revoked_at = revoked
            session.flush()  # the row is locked from here: no token can be made with it any more
            stamp = {"revoked_at": revoked.isoformat()}
            record(session, actor, "revoke", "token", str(row.id), before={"revoked_at": None}, after=stamp)
        out = [_public(row, user)]
        for child in _descendants(session, row.id):
            if child.revoked_at is None:
                child.revoked_at = revoked
                after: dict[str, object] = {"revoked_at": revoked.isoformat(), "revoked_with": row.id}
                record(session, actor, "revoke", "token", str(child.id), before={"revoked_at": None}, after=after)
            holder = session.scalar(select(UserRow.name).where(UserRow.id == child.user_id)) or ""
            out.append(_public(child, holder))
        session.flush()
        return out


def principal_for_token(store: Store, token: str) -> Principal | None:
    """Who holds an API token, if it is valid.

    Valid: neither it nor any token it was made with is revoked or expired, and the account is active.
    """
    if not token.startswith(TOKEN_PREFIX):
        return None
    at = now()
    with store.reader() as session:
        found = session.execute(
            select(UserRow, ApiTokenRow)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(ApiTokenRow.token_hash == digest(token), ApiTokenRow.revoked_at.is_(None), UserRow.active)
        ).first()
        if found is None:
            return None
        user, row = found
        if not usable(row, at) or not ancestors_usable(session, row, at):
            return None
        principal = principal_of(session, user, "api", token_id=row.id)
        last = as_utc(row.last_used_at)
        token_id = row.id
    if last is None or at - last > _TOUCH_EVERY:  # not on every request: reads stay reads
        with store.transaction() as session:
            touched = session.get(ApiTokenRow, token_id)
            if touched is not None:
                touched.last_used_at = at
    return principal
