"""Use cases of the store itself: open it, create or migrate it, load programme folders into it, read one back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from cpfkit.errors import DataError, PeriodClosed
from cpfkit.model import (
    FxRates,
    ProgrammeData,
)
from cpfkit.reference import load_fx
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.repository import (
    load_programme_data,
    save_programme_data,
)
from cpfkit.store.tables import ProgrammeRow, ProjectRow

# The folder reader, the accounts and the audit trail are imported by the functions that use them: a command
# that only reads the database must not load them (docs/performance.md, "Start-up").

__all__ = [
    "EMBEDDED_PROGRAMMES",
    "InitReport",
    "embedded_folders",
    "init_store",
    "load_folders",
    "open_store",
    "programme_data",
    "validate_folders",
]

EMBEDDED_PROGRAMMES = Path(__file__).parent.parent / "programmes"


@dataclass(frozen=True)
class InitReport:
    """What :func:`init_store` did (``demo_users``: the demo accounts made for a new database)."""

    database: str
    revision_before: str | None
    revision: str | None
    loaded: tuple[str, ...]
    demo_users: tuple[str, ...] = ()


def open_store(url: str | None = None, *, prepare: bool = True, settings: Settings | None = None) -> Store:
    """Open the database; unless ``prepare`` is False, migrate it and, when empty, load the embedded programmes.

    Args:
        url: a SQLAlchemy URL; default ``CPFKIT_DB`` or the default SQLite file.
        prepare: bring the schema to the newest migration and autoload (``CPFKIT_AUTOLOAD``).
        settings: settings to use instead of reading the environment.
    """
    settings = settings or Settings()
    store = Store(url or settings.database_url)
    if prepare:
        init_store(store, autoload=settings.autoload, settings=settings)
    return store


def init_store(store: Store, *, autoload: bool = True, settings: Settings | None = None) -> InitReport:
    """Create or migrate the schema, and load the embedded programmes if the database holds none.

    A new database also gets the demo accounts, unless ``CPFKIT_DEMO_USERS`` is off.
    """
    settings = settings or Settings()
    before = store.current_revision()
    if before != store.head_revision():
        store.migrate()
    loaded: tuple[str, ...] = ()
    if autoload and store.is_empty():
        loaded = load_folders(store, embedded_folders())
    demo: tuple[str, ...] = ()
    if before is None and settings.demo_users:
        from cpfkit.workplace.accounts import create_demo_users

        demo = tuple(u.name for u in create_demo_users(store, settings))
    return InitReport(
        str(store.engine.url.render_as_string(hide_password=True)), before, store.current_revision(), loaded, demo
    )


def embedded_folders() -> list[Path]:
    """The embedded programme folders, each after the programmes it carries operations from."""
    from cpfkit.formats.sources import read_yaml

    folders = {p.name: p for p in sorted(EMBEDDED_PROGRAMMES.iterdir()) if (p / "programme.yaml").exists()}
    needs: dict[str, set[str]] = {}
    for name, folder in folders.items():
        projects = folder / "projects.yaml"
        raw = read_yaml(projects) if projects.exists() else None
        carried = raw.get("carried_over") or [] if isinstance(raw, dict) else []
        needs[name] = {str(c.get("from")) for c in carried if isinstance(c, dict)} & set(folders)
    ordered: list[Path] = []
    done: set[str] = set()
    while len(done) < len(folders):
        ready = [n for n in folders if n not in done and needs[n] <= done]
        if not ready:
            raise DataError(
                "embedded programmes carry operations from each other in a cycle", file=str(EMBEDDED_PROGRAMMES)
            )
        for name in ready:
            ordered.append(folders[name])
            done.add(name)
    return ordered


def validate_folders(paths: Sequence[Path], store: Store | None = None) -> list[ProgrammeData]:
    """Read and check programme folders in order, storing nothing.

    A folder may carry over operations defined by an earlier folder of the list,
    or by a programme already in ``store``.
    """
    from cpfkit.formats.programme_folder.folder import read_programme_folder
    from cpfkit.formats.programme_folder.translations import read_translations

    fx = load_fx()
    known: set[str] = set()
    if store is not None and store.current_revision() is not None:
        with store.reader() as session:
            known |= set(session.scalars(select(ProjectRow.id)))
    out: list[ProgrammeData] = []
    for path in paths:
        data = read_programme_folder(Path(path), fx=fx, known_projects=known)
        read_translations(Path(path))
        known |= {p.id for p in data.projects}
        out.append(data)
    return out


def load_folders(store: Store, paths: Sequence[Path], *, replace: bool = False) -> tuple[str, ...]:
    """Load programme folders in one transaction: all of them are stored, or none.

    Each folder's ``translations/`` are stored with it (and replace those stored before).

    A folder that replaces a programme whose period is closed must bring the same values dated inside
    the closed period (measurements, transactions, ISR ratings): otherwise the whole load is refused.

    Raises:
        DataError: the first bad record of any folder; the database is left as it was.
        PeriodClosed: a replacement would change the values of a closed period (names the folder).
    """
    fx = load_fx()
    folders: dict[str, str] = {}
    try:
        return _load(store, paths, fx, folders, replace=replace)
    except PeriodClosed as exc:
        raise exc.located(file=folders.get(exc.programme)) from None


def _load(
    store: Store, paths: Sequence[Path], fx: FxRates, folders: dict[str, str], *, replace: bool
) -> tuple[str, ...]:
    from cpfkit.formats.programme_folder.folder import read_programme_folder
    from cpfkit.formats.programme_folder.translations import read_translations
    from cpfkit.store.repository_translations import save_translations
    from cpfkit.workplace.editing import record_load

    with store.transaction() as session:
        known = set(session.scalars(select(ProjectRow.id)))
        loaded: list[str] = []
        for path in paths:
            data = read_programme_folder(Path(path), fx=fx, known_projects=known)
            translations = read_translations(Path(path))
            replaced = replace and session.get(ProgrammeRow, data.programme.id) is not None
            save_programme_data(session, data, fx, origin=str(path), replace=replace)
            save_translations(session, data.programme.id, translations)
            record_load(session, data, str(path), replaced=replaced)
            known |= {p.id for p in data.projects}
            loaded.append(data.programme.id)
            folders[data.programme.id] = str(path)
    return tuple(loaded)


def programme_data(store: Store, programme_id: str) -> ProgrammeData:
    """A programme with every operation it counts, their ledgers, measurements and ratings."""
    with store.reader() as session:
        return load_programme_data(session, programme_id)
