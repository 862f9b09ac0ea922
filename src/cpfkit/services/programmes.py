"""Use cases of the programmes: their summaries, definitions, envelope use, completion and overview.

Interfaces parse their input, call one function, and render the result.  They reach the programme-level
use cases as ``services.NAME`` (``from cpfkit.services import programmes as services``): this module also
names those of the store (:mod:`~cpfkit.services.loading`) and of the operations
(:mod:`~cpfkit.services.projects`), and the simulation's, loaded on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from cpfkit.metrics.envelope import EnvelopeReport, envelope_use
from cpfkit.model import (
    Programme,
    ProgrammeData,
)
from cpfkit.reference import load_fx
from cpfkit.reports.completion import CompletionSummary, completion_summary
from cpfkit.services.listing import ProgrammeSummary, programme_summaries, summary_of_data
from cpfkit.services.loading import (
    EMBEDDED_PROGRAMMES,
    InitReport,
    embedded_folders,
    init_store,
    load_folders,
    open_store,
    programme_data,
    validate_folders,
)
from cpfkit.services.projects import (
    LedgerLine,
    ProjectDetail,
    ProjectSummary,
    project,
    project_summaries,
    projects,
)
from cpfkit.services.simulation_limits import DEFAULT_RUNS, MAX_RUNS
from cpfkit.store import Store

if TYPE_CHECKING:  # re-exported below, loaded on first use: SciPy costs a second of every command's start
    from cpfkit.services.scenarios import ScenarioSummary, load_scenario, resolve_scenario, scenarios
    from cpfkit.services.simulation import simulate

_SIMULATION = frozenset(("simulate",))
_SCENARIOS = frozenset(("ScenarioSummary", "load_scenario", "resolve_scenario", "scenarios"))


def __getattr__(name: str) -> Any:
    """The use cases of the simulation and of its scenarios, loaded on first use (SciPy is slow to import)."""
    if name in _SIMULATION:
        from cpfkit.services import simulation

        return getattr(simulation, name)
    if name in _SCENARIOS:
        from cpfkit.services import scenarios

        return getattr(scenarios, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EMBEDDED_PROGRAMMES",
    "DEFAULT_RUNS",
    "MAX_RUNS",
    "InitReport",
    "LedgerLine",
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


def programmes(store: Store) -> list[ProgrammeSummary]:
    """Every programme in the store, with its headline numbers."""
    return programme_summaries(store.engine, load_fx())


@dataclass(frozen=True)
class ProgrammeDetail:
    """A programme's definition (calendar, envelope, results framework) with its summary."""

    programme: Programme
    summary: ProgrammeSummary


def programme_detail(store: Store, programme_id: str) -> ProgrammeDetail:
    """One programme's definition and its summary."""
    data = programme_data(store, programme_id)
    return ProgrammeDetail(data.programme, summary_of_data(data, load_fx()))


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
        detail=ProgrammeDetail(data.programme, summary_of_data(data, fx)),
        envelope=envelope_use(data, fx, as_of),
        projects=tuple(project_summaries(data, as_of)),
        completion=completion_summary(data, fx, as_of),
    )
