"""Who may do what: roles, the signed-in principal, and the permission rule for writes.

* **viewer** reads everything;
* **editor** also writes the operations, results (indicators, measurements),
  ledger and ratings of the programmes they are assigned to;
* **admin** writes everything, including programmes, their priority areas and
  objectives, and manages users.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from enum import StrEnum

from cpfkit.errors import PermissionDenied
from cpfkit.store.audit import Actor
from cpfkit.store.records.base import Permit, Resource

__all__ = ["Principal", "Role", "cli_principal", "login_name", "operator", "permit"]


class Role(StrEnum):
    """A user's role, least power first."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is making a request: a signed-in user (by session or token), or the operator at the command line."""

    name: str
    role: Role
    programmes: frozenset[str] = field(default_factory=frozenset)
    id: int | None = None
    via: str = "api"
    csrf_token: str | None = None
    locale: str | None = None
    token_id: int | None = None
    """The API token the request came with (``via == "api"``), so a token it makes can be bound to it."""

    @property
    def is_admin(self) -> bool:
        """Whether the principal administers cpfkit."""
        return self.role is Role.ADMIN

    def actor(self) -> Actor:
        """The principal as the audit trail names it."""
        return Actor(self.name, self.id, self.via)

    def may_edit(self, programmes: set[str] | frozenset[str], *, admin_only: bool = False) -> bool:
        """Whether the principal may write a record belonging to these programmes."""
        if self.is_admin:
            return True
        if admin_only or self.role is not Role.EDITOR:
            return False
        return bool(set(programmes) & self.programmes)


def cli_principal(name: str) -> Principal:
    """The operator at the command line: whoever can open the database may administer it."""
    return Principal(name=f"cli:{name}", role=Role.ADMIN, via="cli")


def login_name() -> str:
    """The operating-system user running this process (``unknown`` when the system has no name for it)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (some containers)
        return "unknown"


def operator() -> Principal:
    """The operator at the command line, as the audit trail names them: ``cli:<login name>``."""
    return cli_principal(login_name())


def permit(principal: Principal, res: Resource[object] | None = None, *, admin_only: bool = False) -> Permit:
    """The permission check of a write by ``principal`` on ``res``."""
    only_admins = admin_only or bool(res is not None and res.admin_only)
    what = f"{res.name.replace('_', ' ')} records" if res is not None else "this"

    def check(programmes: set[str]) -> None:
        if principal.may_edit(programmes, admin_only=only_admins):
            return
        if only_admins:
            raise PermissionDenied(f"only administrators may change {what}; {principal.name} is a {principal.role}")
        if principal.role is not Role.EDITOR:
            raise PermissionDenied(f"{principal.name} is a {principal.role} and may not change anything")
        named = ", ".join(sorted(p for p in programmes if p)) or "no programme"
        raise PermissionDenied(f"{principal.name} is not an editor of {named}")

    return check
