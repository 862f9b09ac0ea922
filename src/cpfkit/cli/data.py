"""Commands that set up and fill the database, and serve it: init, load, validate, serve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cpfkit.cli.common import fail_on_error, print_json, state
from cpfkit.cli.console import console
from cpfkit.cli.progress import working

if TYPE_CHECKING:  # the commands import what they use when they run (docs/performance.md, "Start-up")
    from cpfkit.store import Store

__all__ = ["register"]

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
Folders = Annotated[list[Path], typer.Argument(help="Programme data folders (see docs/data-format.md).")]


def sign_in_hints(store: Store, base: str) -> list[str]:
    """How to sign in to this server: the demo accounts while they exist, else how to make an account."""
    from cpfkit.settings import Settings
    from cpfkit.workplace.demo_accounts import demo_logins

    settings = Settings()
    reading = "anyone may read without signing in" if settings.public_read else "reading needs a sign-in"
    lines = [f"sign in at {base}/login ({reading}; CPFKIT_PUBLIC_READ={int(settings.public_read)})"]
    demo = demo_logins(store)
    if demo:
        names = ", ".join(f"{u.name} ({u.role.value})" for u in demo)
        lines.append(f"  local demo accounts: {names}; password: {settings.demo_password}")
        lines.append(
            "  these are for trying cpfkit on this machine only: disable them with `cpfkit user set NAME --inactive`"
        )
    else:
        lines.append("  make an account with `cpfkit user add NAME --role editor --programme PROGRAMME`")
    return lines


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""

    @app.command()
    @fail_on_error
    def init(ctx: typer.Context, as_json: JsonFlag = False) -> None:
        """Create or migrate the database and load the embedded programmes if it is empty (idempotent)."""
        from cpfkit.services import programmes as services

        store = state(ctx).store(prepare=False)
        with working("migrating the database; loading the embedded programmes if it is empty", enabled=not as_json):
            report = services.init_store(store, autoload=True)
        if as_json:
            print_json(report)
            return
        console.print(f"database: {report.database}")
        if report.revision_before != report.revision:
            console.print(f"schema migrated: {report.revision_before or 'empty'} → {report.revision}")
        else:
            console.print(f"schema up to date ({report.revision})")
        if report.loaded:
            console.print(f"loaded: {', '.join(report.loaded)}")
        if report.demo_users:
            console.print(f"demo accounts created: {', '.join(report.demo_users)} (for the local demo only)")

    @app.command()
    @fail_on_error
    def load(
        ctx: typer.Context,
        folders: Folders,
        replace: Annotated[bool, typer.Option(help="Replace programmes of the same id.")] = False,
        as_json: JsonFlag = False,
    ) -> None:
        """Load programme folders in one transaction: all are stored, or nothing is."""
        from cpfkit.services import programmes as services

        store = state(ctx).store(prepare=False)
        with working(f"loading {', '.join(f.name for f in folders)}", enabled=not as_json):
            services.init_store(store, autoload=False)
            loaded = services.load_folders(store, folders, replace=replace)
        if as_json:
            print_json({"loaded": loaded})
        else:
            console.print(f"loaded: {', '.join(loaded)}")

    @app.command()
    @fail_on_error
    def validate(ctx: typer.Context, folders: Folders, as_json: JsonFlag = False) -> None:
        """Check programme folders without storing anything (later folders may carry over from earlier ones)."""
        from cpfkit.services import programmes as services

        cli = state(ctx)
        results = services.validate_folders(folders, cli.store(prepare=False))
        summary = [
            {
                "programme": d.programme.id,
                "projects": len(d.projects),
                "carried_over": sum(1 for link in d.links if link.carried_from),
                "transactions": len(d.transactions),
                "measurements": len(d.measurements),
                "ratings": len(d.ratings),
                "sort_ratings": len(d.sort_ratings),
            }
            for d in results
        ]
        if as_json:
            print_json(summary)
            return
        for line in summary:
            console.print(
                f"{line['programme']}: valid — {line['projects']} projects, {line['transactions']} transactions, "
                f"{line['measurements']} measurements, {line['ratings']} ratings, {line['sort_ratings']} SORT ratings"
            )

    @app.command()
    @fail_on_error
    def serve(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        workers: Annotated[int, typer.Option(help="Worker processes (use PostgreSQL for more than one).")] = 1,
        access_log: Annotated[bool, typer.Option(help="Log every request (off under heavy load).")] = True,
    ) -> None:
        """Serve the API and the dashboard."""
        import os

        import uvicorn

        store = state(ctx).store()
        os.environ["CPFKIT_DB"] = store.url
        console.print(f"cpfkit serving {store!r} on http://{host}:{port}  (API docs: http://{host}:{port}/api/docs)")
        for line in sign_in_hints(store, f"http://{host}:{port}"):
            console.print(line, markup=False, soft_wrap=True)
        store.dispose()  # the server's processes open their own connections; this one keeps none
        uvicorn.run(
            "cpfkit.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=access_log,
            # A worker answers the supervisor's health check only once the app is imported, which takes
            # several seconds on a busy machine: uvicorn's 5-second default kept restarting the workers.
            timeout_worker_healthcheck=60,
        )
