"""``cpfkit user …``: accounts — who signs in, with which role, editing which programmes.

Passwords are never taken as an option (they would show in the process
list): they come from ``--password-file``, the ``CPFKIT_USER_PASSWORD``
environment variable, or a prompt that does not echo.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import LocaleChoice, RoleChoice
from cpfkit.cli.common import cli_actor, fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.errors import DataError

if TYPE_CHECKING:  # loaded by the commands that use them (docs/performance.md, "Start-up")
    from cpfkit.workplace.user_schemas import UserPublic

__all__ = ["user_app"]

PASSWORD_ENV = "CPFKIT_USER_PASSWORD"

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


PasswordFile = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help=f"Read the password from the first line of this file (else ${PASSWORD_ENV}, else a prompt).",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]


Programmes = Annotated[
    list[str] | None,
    typer.Option("--programme", "-p", help="A programme the editor edits (repeat for several)."),
]

LocaleOption = Annotated[
    LocaleChoice | None,
    typer.Option("--locale", help="Language of the pages: en, ru or kk (default: the browser's)."),
]

user_app = typer.Typer(help="Accounts: who signs in, with which role, editing which programmes.", no_args_is_help=True)


def _password(path: Path | None) -> str:
    if path is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    return password  # the rule (cpfkit.workplace.passwords) is applied where the account is written


def _print_users(users: list[UserPublic]) -> None:
    table = Table(title="Users")
    for col in ("name", "role", "programmes", "active", "language", "full name"):
        table.add_column(col)
    for u in users:
        name = f"{u.name} (demo)" if u.demo else u.name
        table.add_row(
            name,
            u.role.value,
            ", ".join(u.programmes) or "—",
            "yes" if u.active else "no",
            u.locale or "—",
            u.full_name or "",
        )
    console.print(table)


@user_app.command("add")
@fail_on_error
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Sign-in name (lower-case letters, digits, '.', '_', '@', '-').")],
    role: Annotated[RoleChoice, typer.Option("--role", "-r", help="viewer, editor or admin.")] = RoleChoice.VIEWER,
    programme: Programmes = None,
    full_name: Annotated[str | None, typer.Option("--full-name", help="The person's name, for people.")] = None,
    locale: LocaleOption = None,
    password_file: PasswordFile = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an account: ``cpfkit user add NAME --role editor --programme kz-2026-2031``."""
    from pydantic import ValidationError

    from cpfkit.settings import Settings
    from cpfkit.workplace.roles import Role
    from cpfkit.workplace.user_schemas import UserCreate
    from cpfkit.workplace.users import add_user

    store = state(ctx).store()
    try:
        payload = UserCreate(
            name=name,
            role=Role(role.value),
            password=_password(password_file),
            programmes=programme or [],
            full_name=full_name,
            locale=locale.value if locale is not None else None,
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        raise DataError(str(error["msg"]), record=f"user {name}", field=".".join(map(str, error["loc"]))) from None
    user = add_user(store, payload, cli_actor(), settings=Settings())
    if as_json:
        print_json(user)
    else:
        console.print(
            f"user {user.name} created: {user.role.value}"
            + (f" of {', '.join(user.programmes)}" if user.programmes else "")
        )


@user_app.command("list")
@fail_on_error
def user_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the accounts."""
    from cpfkit.workplace.users import list_users

    users = list_users(state(ctx).store())
    if as_json:
        print_json(users)
    else:
        _print_users(users)


@user_app.command("set")
@fail_on_error
def user_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account to change.")],
    role: Annotated[RoleChoice | None, typer.Option("--role", "-r", help="viewer, editor or admin.")] = None,
    programme: Programmes = None,
    no_programmes: Annotated[bool, typer.Option("--no-programmes", help="Remove every programme.")] = False,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Enable or disable the account (it is never deleted).")
    ] = None,
    full_name: Annotated[str | None, typer.Option("--full-name")] = None,
    locale: LocaleOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Change an account's role, programmes (replacing them), name, or whether it may sign in."""
    from cpfkit.workplace.roles import Role
    from cpfkit.workplace.user_schemas import UserUpdate
    from cpfkit.workplace.users import get_user, update_user

    store = state(ctx).store()
    current = get_user(store, name)
    changes: dict[str, object] = {}
    if role is not None:
        changes["role"] = Role(role.value)
    if programme:
        changes["programmes"] = programme
    elif no_programmes:
        changes["programmes"] = []
    if active is not None:
        changes["active"] = active
    if full_name is not None:
        changes["full_name"] = full_name
    if locale is not None:
        changes["locale"] = locale.value
    user = update_user(store, name, UserUpdate(**changes), current.version, cli_actor())
    if as_json:
        print_json(user)
    else:
        _print_users([user])


@user_app.command("password")
@fail_on_error
def user_password(
    ctx: typer.Context, name: Annotated[str, typer.Argument()], password_file: PasswordFile = None
) -> None:
    """Set an account's password (its open sessions end)."""
    from cpfkit.settings import Settings
    from cpfkit.workplace.user_schemas import UserUpdate
    from cpfkit.workplace.users import get_user, update_user

    store = state(ctx).store()
    current = get_user(store, name)
    payload = UserUpdate(password=_password(password_file))
    update_user(store, name, payload, current.version, cli_actor(), settings=Settings())
    console.print(f"password of {name} changed")
