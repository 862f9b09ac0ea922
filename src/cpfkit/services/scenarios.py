"""Use cases of the stress scenarios: those shipped with a programme, and scenario files given by name or path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cpfkit.errors import DataError
from cpfkit.formats.sources import read_yaml
from cpfkit.risk.scenario_schema import Scenario, parse_scenario
from cpfkit.services.loading import EMBEDDED_PROGRAMMES

__all__ = ["ScenarioSummary", "load_scenario", "resolve_scenario", "scenario_folder", "scenario_label", "scenarios"]

_SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def scenario_folder(programme_id: str) -> Path:
    """The folder of the stress scenarios shipped with a programme."""
    return EMBEDDED_PROGRAMMES / programme_id / "scenarios"


def resolve_scenario(programme_id: str, ref: str, *, allow_files: bool = True) -> Path:
    """The file of a scenario: a path to a YAML file, or the name of one shipped with the programme.

    Args:
        programme_id: the programme whose shipped scenarios a bare name refers to.
        ref: ``supply-chain``, ``supply-chain.yaml`` or a path such as ``my/stress.yaml``.
        allow_files: accept paths (the CLI); the API accepts only shipped names.

    Raises:
        DataError: no such file or shipped scenario.
    """
    if allow_files:
        given = Path(ref)
        if given.is_file():
            return given
    name = ref.removesuffix(".yaml").removesuffix(".yml")
    shipped = sorted(p.stem for p in scenario_folder(programme_id).glob("*.yaml"))
    if _SCENARIO_NAME.match(name) and name in shipped:
        return scenario_folder(programme_id) / f"{name}.yaml"
    known = ", ".join(shipped) if shipped else "none"
    raise DataError(
        f"no scenario file and no shipped scenario of {programme_id} by that name (shipped: {known})", file=ref
    )


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file.

    Raises:
        DataError: the file is not valid YAML or breaks the schema (names the line and the field).
    """
    return parse_scenario(read_yaml(path), file=scenario_label(path), default_name=path.stem)


@dataclass(frozen=True)
class ScenarioSummary:
    """A stress scenario shipped with a programme."""

    name: str
    title: str
    description: str | None
    starts: date | None
    shocks: tuple[str, ...]
    indicators: tuple[str, ...]
    file: str


def scenarios(programme_id: str) -> list[ScenarioSummary]:
    """The stress scenarios shipped with a programme (none for a programme without a scenarios folder)."""
    out = []
    for path in sorted(scenario_folder(programme_id).glob("*.yaml")):
        s = load_scenario(path)
        out.append(
            ScenarioSummary(
                s.name,
                s.title,
                s.description,
                s.starts,
                tuple(x.name for x in s.shocks),
                tuple(x.indicator for x in s.indicators),
                f"{programme_id}/scenarios/{path.name}",
            )
        )
    return out


def scenario_label(path: Path) -> str:
    """A scenario file as people should see it: shipped ones relative to the programmes folder."""
    try:
        return str(path.resolve().relative_to(EMBEDDED_PROGRAMMES.resolve()))
    except ValueError:
        return str(path)
