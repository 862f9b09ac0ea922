"""Who a change of the results is attributed to, and the key of its audit entry."""

from __future__ import annotations

from cpfkit.store.audit import Actor

__all__ = ["audit_key", "changed_by"]


def changed_by(actor: Actor | None) -> Actor:
    """Who a change is attributed to: the caller's actor, else the operator of this process (``cli:<login>``)."""
    if actor is not None:
        return actor
    from cpfkit.workplace.roles import operator  # the roles load every record schema: only for a change

    return operator().actor()


def audit_key(*parts: object) -> str:
    """The key of a change's audit entry: its parts joined with ``/`` (``-`` for none), at most 128 characters."""
    return "/".join("-" if p is None else str(p) for p in parts)[:128]
