"""PostgreSQL backups with PostgreSQL's own programs: ``pg_dump``, ``pg_restore`` and ``psql``.

They come with PostgreSQL's client package (Debian: ``postgresql-client``, which
the ``postgresql`` package installs); the newest of ``/usr/lib/postgresql/*/bin``
is used when they are not on ``PATH``.  The password is handed over in the
environment (``PGPASSWORD``), never on a command line.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from cpfkit.errors import StoreError

__all__ = ["dump", "facts", "load"]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major, reverse=True)
    if candidates:
        return candidates[0]
    raise StoreError(f"{name} not found: install PostgreSQL's client programs (Debian: postgresql-client)")


def _major(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for the database, and the environment that carries its password."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return dsn, env


def _run(args: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        message = " ".join(done.stderr.split()) or f"exit status {done.returncode}"
        raise StoreError(f"{Path(args[0]).name} failed: {message[:500]}")
    return done.stdout


def dump(url: str, path: Path) -> tuple[str | None, int]:
    """Write the database to ``path`` in pg_dump's custom format; return its schema revision and data version."""
    dsn, env = _libpq(url)
    _run([_tool("pg_dump"), "--format=custom", f"--file={path}", f"--dbname={dsn}"], env)
    return facts(path)


def _table(path: Path, table: str) -> list[dict[str, str]] | None:
    """The rows of one table of a dump, as text by column (None when the dump has no such table)."""
    script = _run([_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(path)])
    lines = script.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.startswith("COPY ") and line.endswith(" FROM stdin;")), None
    )
    if start is None:
        return None
    columns = [c.strip().strip('"') for c in lines[start].split("(", 1)[1].split(")", 1)[0].split(",")]
    rows = []
    for line in lines[start + 1 :]:
        if line == "\\.":
            break
        rows.append(dict(zip(columns, line.split("\t"), strict=False)))
    return rows


def facts(path: Path) -> tuple[str | None, int]:
    """The schema revision and the data version of a dump (checking it is a pg_dump archive first)."""
    try:
        _run([_tool("pg_restore"), "--list", str(path)])
    except StoreError as exc:
        raise StoreError(f"{path}: not a pg_dump archive ({exc})") from exc
    revisions = _table(path, "alembic_version") or []
    versions = _table(path, "data_version") or []
    revision = revisions[0].get("version_num") if revisions else None
    version = versions[0].get("version", "0") if versions else "0"
    return revision, int(version) if version.isdigit() else 0


_RELATIONS = """
    SELECT c.relkind, quote_ident(c.relname) FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    ORDER BY 2
"""
_FUNCTIONS = """
    SELECT p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'cpfkit%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    ORDER BY 1
"""
_KINDS = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}


def _drops(engine: Engine) -> list[str]:
    """Statements that drop what the database holds in its schema, so that the backup's objects take their place.

    Objects that belong to an extension are left to it.
    """
    with engine.connect() as conn:
        relations = conn.execute(text(_RELATIONS)).all()
        functions = conn.execute(text(_FUNCTIONS)).all()
    out = [f"DROP {_KINDS[str(kind)]} IF EXISTS {name} CASCADE" for kind, name in relations]
    out += [f"DROP FUNCTION IF EXISTS {name} CASCADE" for (name,) in functions]
    return out


def load(engine: Engine, path: Path) -> None:
    """Replace the database's contents with the dump, in one transaction (nothing changes if it fails)."""
    dsn, env = _libpq(engine.url.render_as_string(hide_password=False))
    command = [_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
    command.append(f"--dbname={dsn}")
    drops = _drops(engine)
    if drops:
        command.append("--command=" + "; ".join(drops))
    command.append("--file=-")
    with tempfile.TemporaryFile() as errors:
        restore = subprocess.Popen(
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(path)],
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        try:
            done = subprocess.run(command, stdin=restore.stdout, capture_output=True, text=True, env=env, check=False)
        finally:
            if restore.stdout is not None:
                restore.stdout.close()
            restore.wait()
        errors.seek(0)
        restore_errors = " ".join(errors.read().decode(errors="replace").split())
    if restore.returncode != 0:
        raise StoreError(f"pg_restore failed, nothing was changed: {restore_errors[:500]}")
    if done.returncode != 0:
        message = " ".join(done.stderr.split()) or f"exit status {done.returncode}"
        raise StoreError(f"psql failed, nothing was changed: {message[:500]}")
