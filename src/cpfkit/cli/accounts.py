"""Accounts from the command line: ``cpfkit user ...`` and ``cpfkit token ...``.

Whoever can open the database administers it, so these commands need no
sign-in; each change is in the audit trail as ``cli:<login name>``.
Passwords are never taken as an option (they would show in the process
list): they come from ``--password-file``, the ``CPFKIT_USER_PASSWORD``
environment variable, or a prompt that does not echo.
"""

from __future__ import annotations

import typer

from cpfkit.cli.tokens import token_app
from cpfkit.cli.users import user_app

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``user`` and ``token`` groups to ``app``."""
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
