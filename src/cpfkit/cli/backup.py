"""Commands that copy the whole database out and back: backup, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _size(size: int) -> str:
    """A file size for people.

    >>> _size(532), _size(48_128), _size(7_340_032)
    ('532 bytes', '47.0 KiB', '7.0 MiB')
    """
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""

    @app.command()
    @fail_on_error
    def backup(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="File to write the backup to.")],
        force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Write a consistent copy of the database to PATH, while the server keeps running.

        SQLite: one SQLite file, made with SQLite's online backup API. PostgreSQL: pg_dump's custom
        format.
        """
        from cpfkit.store.backup import backup as backup_store

        report = backup_store(state(ctx).store(prepare=False), path, force=force)
        if as_json:
            print_json(report)
            return
        console.print(
            f"backed up {report.database} to {report.path} ({report.format}, {_size(report.size_bytes)}; "
            f"schema {report.revision or 'empty'}, data version {report.data_version}) in {report.seconds:.1f} s",
            markup=False,
            soft_wrap=True,
        )

    @app.command()
    @fail_on_error
    def restore(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="A file written by `cpfkit backup`.")],
        force: Annotated[bool, typer.Option("--force", help="Replace the data the database holds.")] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Replace the database's contents with a backup, then migrate it to the current schema.

        Refuses a database that holds data unless --force is given, and a backup made by a newer cpfkit.
        """
        from cpfkit.store.backup import restore as restore_store

        report = restore_store(state(ctx).store(prepare=False), path, force=force)
        if as_json:
            print_json(report)
            return
        migrated = "" if report.backup_revision == report.revision else f", migrated to {report.revision}"
        console.print(
            f"restored {report.path} into {report.database} (schema {report.backup_revision}{migrated}"
            f"{'; the data it held was replaced' if report.replaced_data else ''}) in {report.seconds:.1f} s",
            markup=False,
            soft_wrap=True,
        )
