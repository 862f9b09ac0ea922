"""Use cases shared by the CLI, the API and the pages: open the store, load programmes, answer questions.

Interfaces parse their input, call one function here, and render the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from cpfkit import clock
from cpfkit.errors import DataError
from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.formats.sources import read_yaml
from cpfkit.metrics.envelope import EnvelopeReport, envelope_use
from cpfkit.metrics.ledger import commitment_usd, delivered_operations, ledger_totals
from cpfkit.model import (
    FxRates,
    Programme,
    ProgrammeData,
    Project,
    ProjectStatus,
    Transaction,
    fy_label,
    to_usd,
)
from cpfkit.model.base import Num
from cpfkit.reference import load_fx
from cpfkit.reports.completion import CompletionSummary, completion_summary
from cpfkit.settings import Settings
from cpfkit.store import Store
from cpfkit.store.repository import (
    load_programme_data,
    load_project,
    programme_ids,
    save_programme_data,
)
from cpfkit.store.tables import ProgrammeRow, ProjectRow
from cpfkit.workplace.accounts import create_demo_users
from cpfkit.workplace.editing import record_load

if TYPE_CHECKING:  # re-exported below, loaded on first use: SciPy costs a second of every command's start
    from cpfkit.services.simulation import (
        DEFAULT_RUNS,
        MAX_RUNS,
        ScenarioSummary,
        load_scenario,
        resolve_scenario,
        scenarios,
        simulate,
    )

_SIMULATION = frozenset(
    ("DEFAULT_RUNS", "MAX_RUNS", "ScenarioSummary", "load_scenario", "resolve_scenario", "scenarios", "simulate")
)


def __getattr__(name: str) -> Any:
    """The simulation's use cases, re-exported from :mod:`cpfkit.services.simulation` so callers keep working."""
    if name in _SIMULATION:
        from cpfkit.services import simulation as services_simulation

        return getattr(services_simulation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EMBEDDED_PROGRAMMES",
    "DEFAULT_RUNS",
    "MAX_RUNS",
    "InitReport",
    "ScenarioSummary",
    "Overview",
    "ProgrammeSummary",
    "ProjectDetail",
    "ProjectSummary",
    "completion",
    "embedded_folders",
    "envelope",
    "init_store",
    "load_folders",
    "open_store",
    "overview_of",
    "project_summaries",
    "ProgrammeDetail",
    "programme_data",
    "programme_detail",
    "programmes",
    "project",
    "projects",
    "resolve_scenario",
    "scenarios",
    "simulate",
    "load_scenario",
    "validate_folders",
]

EMBEDDED_PROGRAMMES = Path(__file__).parent.parent / "programmes"
_ZERO = Decimal(0)


# -- the store ---------------------------------------------------------------------------


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
        demo = tuple(u.name for u in create_demo_users(store, settings))
    return InitReport(
        str(store.engine.url.render_as_string(hide_password=True)), before, store.current_revision(), loaded, demo
    )


def embedded_folders() -> list[Path]:
    """The embedded programme folders, each after the programmes it carries operations from."""
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
    fx = load_fx()
    known: set[str] = set()
    if store is not None and store.current_revision() is not None:
        with store.reader() as session:
            known |= set(session.scalars(select(ProjectRow.id)))
    out: list[ProgrammeData] = []
    for path in paths:
        data = read_programme_folder(Path(path), fx=fx, known_projects=known)
        known |= {p.id for p in data.projects}
        out.append(data)
    return out


def load_folders(store: Store, paths: Sequence[Path], *, replace: bool = False) -> tuple[str, ...]:
    """Load programme folders in one transaction: all of them are stored, or none.

    Raises:
        DataError: the first bad record of any folder; the database is left as it was.
    """
    fx = load_fx()
    with store.transaction() as session:
        known = set(session.scalars(select(ProjectRow.id)))
        loaded: list[str] = []
        for path in paths:
            data = read_programme_folder(Path(path), fx=fx, known_projects=known)
            replaced = replace and session.get(ProgrammeRow, data.programme.id) is not None
            save_programme_data(session, data, fx, origin=str(path), replace=replace)
            record_load(session, data, str(path), replaced=replaced)
            known |= {p.id for p in data.projects}
            loaded.append(data.programme.id)
    return tuple(loaded)


# -- reading -----------------------------------------------------------------------------


def programme_data(store: Store, programme_id: str) -> ProgrammeData:
    """A programme with every operation it counts, their ledgers, measurements and ratings."""
    with store.reader() as session:
        return load_programme_data(session, programme_id)


@dataclass(frozen=True)
class ProgrammeSummary:
    """One line about a programme.

    ``own_operations`` and ``own_commitments_usd`` cover the approved operations the
    programme defines; operations carried over from another programme are
    counted apart in ``carried_count`` (``cpfkit.model.figures`` defines each figure).
    """

    id: str
    title: str
    country: str
    period_start: date
    period_end: date
    fiscal_years: str
    status: str
    own_operations: int
    carried_count: int
    pipeline_count: int
    own_commitments_usd: Num
    envelope_usd: Num | None
    source: str | None
    illustrative: bool


def _in_pipeline(project: Project, on: date) -> bool:
    """Not yet approved on a date: status pipeline, or not dropped with no approval by then (as the envelope counts)."""
    if project.status is ProjectStatus.PIPELINE:
        return True
    approval = project.dates.approval
    return project.status is not ProjectStatus.DROPPED and (approval is None or approval > on)


def _summary(data: ProgrammeData, fx: FxRates) -> ProgrammeSummary:
    p = data.programme
    fys = p.fiscal_years
    report = envelope_use(data, fx)
    carried = {link.project for link in data.links if link.carried_from}
    today = clock.today()
    approved = delivered_operations(data, today)
    return ProgrammeSummary(
        id=p.id,
        title=p.title,
        country=p.country,
        period_start=p.period_start,
        period_end=p.period_end,
        fiscal_years=f"{fy_label(fys[0])}–{fy_label(fys[-1])}",
        status=p.status.value,
        own_operations=len(approved),
        carried_count=len(carried),
        pipeline_count=sum(1 for x in data.projects if _in_pipeline(x, today)),
        own_commitments_usd=sum((commitment_usd(x, fx) for x in approved), _ZERO),
        envelope_usd=report.envelope_usd,
        source=p.source,
        illustrative=p.illustrative,
    )


def programmes(store: Store) -> list[ProgrammeSummary]:
    """Every programme in the store, with its headline numbers."""
    fx = load_fx()
    with store.reader() as session:
        return [_summary(load_programme_data(session, pid), fx) for pid in programme_ids(session)]


@dataclass(frozen=True)
class ProgrammeDetail:
    """A programme's definition (calendar, envelope, results framework) with its summary."""

    programme: Programme
    summary: ProgrammeSummary


def programme_detail(store: Store, programme_id: str) -> ProgrammeDetail:
    """One programme's definition and its summary."""
    data = programme_data(store, programme_id)
    return ProgrammeDetail(data.programme, _summary(data, load_fx()))


@dataclass(frozen=True)
class ProjectSummary:
    """One line about an operation in a programme."""

    id: str
    name: str
    institution: str
    instrument: str
    status: str
    approval: date | None
    closing: date | None
    commitment_usd: Num
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    priority_areas: tuple[str, ...]
    objectives: tuple[str, ...]
    implementing_agency: str | None
    regions: tuple[str, ...]
    carried_from: str | None
    source: str | None
    illustrative: bool


def projects(store: Store, programme_id: str, as_of: date | None = None) -> list[ProjectSummary]:
    """The operations a programme counts, with money as of a date (default: today)."""
    return project_summaries(programme_data(store, programme_id), as_of)


def project_summaries(data: ProgrammeData, as_of: date | None = None) -> list[ProjectSummary]:
    """:func:`projects` of an already loaded programme."""
    fx = load_fx()
    as_of = as_of or clock.today()
    totals = ledger_totals(data.transactions, fx, as_of)
    links = {link.project: link for link in data.links}
    out: list[ProjectSummary] = []
    for p in data.projects:
        link = links[p.id]
        out.append(
            ProjectSummary(
                id=p.id,
                name=p.name,
                institution=p.institution.value,
                instrument=p.instrument.value,
                status=p.status.value,
                approval=p.dates.approval,
                closing=p.dates.closing,
                commitment_usd=commitment_usd(p, fx),
                net_commitment_usd=totals.net_commitment(p, fx),
                disbursed_usd=totals.disbursed(p.id),
                undisbursed_usd=totals.undisbursed(p, fx),
                priority_areas=link.priority_areas,
                objectives=link.objectives,
                implementing_agency=p.implementing_agency,
                regions=tuple(dict.fromkeys(loc.region or loc.name for loc in p.locations)),
                carried_from=link.carried_from,
                source=p.source,
                illustrative=p.illustrative,
            )
        )
    return out


@dataclass(frozen=True)
class LedgerLine:
    """A transaction with its US-dollar value."""

    transaction: Transaction
    amount_usd: Num
    rate_period: str


@dataclass(frozen=True)
class ProjectDetail:
    """An operation, its ledger in US dollars, its totals and the programmes that count it."""

    project: Project
    programmes: tuple[str, ...]
    commitment_usd: Num
    net_commitment_usd: Num
    disbursed_usd: Num
    undisbursed_usd: Num
    ledger: tuple[LedgerLine, ...]


def project(store: Store, project_id: str) -> ProjectDetail:
    """One operation with its ledger and totals."""
    fx = load_fx()
    with store.reader() as session:
        model, txs, programme_list = load_project(session, project_id)
    totals = ledger_totals(txs, fx, clock.today())
    lines = []
    for tx in txs:
        usd, used = to_usd(tx.amount, fx, tx.date)
        lines.append(LedgerLine(tx, usd.amount, used.period))
    return ProjectDetail(
        project=model,
        programmes=tuple(programme_list),
        commitment_usd=commitment_usd(model, fx),
        net_commitment_usd=totals.net_commitment(model, fx),
        disbursed_usd=totals.disbursed(model.id),
        undisbursed_usd=totals.undisbursed(model, fx),
        ledger=tuple(lines),
    )


def envelope(store: Store, programme_id: str, as_of: date | None = None) -> EnvelopeReport:
    """The envelope against commitments, by fiscal year and institution."""
    return envelope_use(programme_data(store, programme_id), load_fx(), as_of)


def completion(store: Store, programme_id: str, as_of: date | None = None) -> CompletionSummary:
    """The completion summary: operations delivered, commitments and headline results."""
    return completion_summary(programme_data(store, programme_id), load_fx(), as_of)


@dataclass(frozen=True)
class Overview:
    """What a programme's overview shows, computed from one load of the programme."""

    detail: ProgrammeDetail
    envelope: EnvelopeReport
    projects: tuple[ProjectSummary, ...]
    completion: CompletionSummary


def overview_of(data: ProgrammeData, as_of: date | None = None) -> Overview:
    """The programme's detail, envelope use, operations and completion summary, from one loaded programme."""
    fx = load_fx()
    return Overview(
        detail=ProgrammeDetail(data.programme, _summary(data, fx)),
        envelope=envelope_use(data, fx, as_of),
        projects=tuple(project_summaries(data, as_of)),
        completion=completion_summary(data, fx, as_of),
    )
