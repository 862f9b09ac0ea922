"""``cpfkit token …``: API tokens for scripts (``Authorization: Bearer <token>``), shown once, kept as a hash."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cpfkit.cli.common import cli_actor, fail_on_error, print_json, state
from cpfkit.cli.console import console, err

if TYPE_CHECKING:  # loaded by the commands that use them (docs/performance.md, "Start-up")
    from cpfkit.workplace.tokens import TokenPublic

__all__ = ["token_app"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]

token_app = typer.Typer(help="API tokens for scripts (Authorization: Bearer <token>).", no_args_is_help=True)


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

    token, record = create_token(state(ctx).store(), user, name, cli_actor(), days=days)
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

    revoked = revoke_token(state(ctx).store(), token_id, cli_actor())
    if as_json:
        print_json(revoked)
        return
    token, *children = revoked
    console.print(f"token {token.id} of {token.user} revoked")
    for child in children:
        console.print(f"token {child.id} of {child.user} revoked with it (made with token {child.parent})")
