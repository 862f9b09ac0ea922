"""Accounts from the command line: ``cpfkit user ...`` and ``cpfkit token ...``.

Whoever can open the database administers it, so these commands need no
sign-in; each change is in the audit trail as ``cli:<login name>``.
Passwords are never taken as an option (they would show in the process
list): they come from ``--password-file``, the ``CPFKIT_USER_PASSWORD``
environment variable, or a prompt that does not echo.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.choices import LocaleChoice, RoleChoice
from cpfkit.cli.common import console, err, fail_on_error, print_json, state
from cpfkit.errors import DataError

if TYPE_CHECKING:  # loaded by the commands that use them (docs/performance.md, "Start-up")
    from cpfkit.store.audit import Actor
    from cpfkit.workplace.tokens import TokenPublic
    from cpfkit.workplace.user_schemas import UserPublic

__all__ = ["register"]

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
token_app = typer.Typer(help="API tokens for scripts (Authorization: Bearer <token>).", no_args_is_help=True)


def _actor() -> Actor:
    from cpfkit.workplace.roles import cli_principal

    return cli_principal(getpass.getuser()).actor()


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
    user = add_user(store, payload, _actor(), settings=Settings())
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
    user = update_user(store, name, UserUpdate(**changes), current.version, _actor())
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
    update_user(store, name, payload, current.version, _actor(), settings=Settings())
    console.print(f"password of {name} changed")


def _print_tokens(tokens: list[TokenPublic]) -> None:
    table = Table(title="API tokens")
    for col in ("id", "user", "name", "starts with", "made with", "created", "expires", "last used", "revoked"):
        table.add_column(col)

    def when(value: object) -> str:
        return str(value)[:16].replace("T", " ") if value else "—"

    for t in tokens:
        table.add_row(
            str(t.id),
            t.user,
            t.name,
            t.prefix + "…",
            f"token {t.parent}" if t.parent is not None else "—",
            when(t.created_at),
            when(t.expires_at),
            when(t.last_used_at),
            when(t.revoked_at),
        )
    console.print(table)


@token_app.command("create")
@fail_on_error
def token_create(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The account the token acts as.")],
    name: Annotated[str, typer.Option("--name", "-n", help="What the token is for.")] = "script",
    days: Annotated[
        int | None, typer.Option("--days", min=1, help="Expires after this many days (default: never).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Make an API token; it is printed this once (only its hash is kept)."""
    from cpfkit.workplace.tokens import create_token

    token, record = create_token(state(ctx).store(), user, name, _actor(), days=days)
    if as_json:
        print_json({**record.model_dump(mode="json"), "token": token})
        return
    err.print(f"token {record.id} for {user} ({name}); keep it safe, it is shown only now:")
    console.print(token, markup=False, soft_wrap=True)


@token_app.command("list")
@fail_on_error
def token_list(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Option("--user", "-u", help="Only this user's tokens.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List API tokens (never their secrets)."""
    from cpfkit.workplace.tokens import list_tokens

    tokens = list_tokens(state(ctx).store(), user)
    if as_json:
        print_json(tokens)
    else:
        _print_tokens(tokens)


@token_app.command("revoke")
@fail_on_error
def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="The token's id (see `cpfkit token list`).")],
    as_json: JsonFlag = False,
) -> None:
    """Revoke an API token and every token made with it: they stop working at once and stay listed as revoked."""
    from cpfkit.workplace.tokens import revoke_token

    revoked = revoke_token(state(ctx).store(), token_id, _actor())
    if as_json:
        print_json(revoked)
        return
    token, *children = revoked
    console.print(f"token {token.id} of {token.user} revoked")
    for child in children:
        console.print(f"token {child.id} of {child.user} revoked with it (made with token {child.parent})")


def register(app: typer.Typer) -> None:
    """Add the ``user`` and ``token`` groups to ``app``."""
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
