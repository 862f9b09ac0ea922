"""Read a programme folder's planning data: ``contributions.csv`` and ``appraisal/*.yaml``.

Both are optional.  Every row or file is checked against the model and the
rest of the folder (the operation must be one the programme counts, the
indicator one of its results framework); the first problem raises a
:class:`~cpfkit.errors.DataError` naming the file, the record and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference
from cpfkit.formats.sources import read_yaml
from cpfkit.model import Programme
from cpfkit.model.appraisal import AppraisalInputs
from cpfkit.model.plan import Contribution

__all__ = ["APPRAISAL_FOLDER", "CONTRIBUTIONS_FILE", "read_appraisals", "read_contributions"]

CONTRIBUTIONS_FILE = "contributions.csv"
APPRAISAL_FOLDER = "appraisal"

M = TypeVar("M", bound=BaseModel)


class _Reader(Protocol):
    folder: Path

    def path(self, name: str) -> Path: ...

    def fail(self, cls: type[DataError], message: str, file: str, record: str, field: str) -> DataError: ...

    def validate(self, model: type[M], raw: Any, file: str, kind: str) -> M: ...

    def check_field_names(self, record_model: BaseModel, file: str, record: str) -> None: ...

    def rows(
        self, file: str, required: tuple[str, ...], model: type[M], shape: Callable[[dict[str, str]], dict[str, Any]]
    ) -> Any: ...


def read_contributions(
    reader: _Reader, programme: Programme, linked: set[str], shape: Callable[[dict[str, str]], dict[str, Any]]
) -> list[Contribution]:
    """The rows of ``contributions.csv``: one operation's expected change of one indicator."""
    file = CONTRIBUTIONS_FILE
    indicators = {i.code for _, _, i in programme.indicators()}
    seen: set[tuple[str, str]] = set()
    out: list[Contribution] = []
    for record, c in reader.rows(file, ("project", "indicator", "value"), Contribution, shape):
        if c.project not in linked:
            raise reader.fail(MissingReference, f"project {c.project} is not in projects.yaml", file, record, "project")
        if c.indicator not in indicators:
            raise reader.fail(
                MissingReference, f"no indicator {c.indicator!r} in programme.yaml", file, record, "indicator"
            )
        key = (c.project, c.indicator)
        if key in seen:
            raise reader.fail(
                DuplicateIdentifier, f"{c.project} → {c.indicator} appears twice", file, record, "indicator"
            )
        seen.add(key)
        out.append(c)
    return out


def read_appraisals(reader: _Reader, linked: set[str]) -> list[AppraisalInputs]:
    """Every ``appraisal/*.yaml`` file: the economic-analysis inputs of one operation each."""
    folder = reader.path(APPRAISAL_FOLDER)
    if not folder.is_dir():
        return []
    out: list[AppraisalInputs] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        file = f"{APPRAISAL_FOLDER}/{path.name}"
        raw = read_yaml(path)
        if not isinstance(raw, dict):
            raise reader.fail(DataError, "must be a mapping of appraisal fields", file, "appraisal", "record")
        label = f"appraisal of {raw.get('project', '?')}"
        inputs = reader.validate(AppraisalInputs, raw, file, label)
        reader.check_field_names(inputs, file, label)
        if inputs.project not in linked:
            raise reader.fail(
                MissingReference, f"project {inputs.project} is not in projects.yaml", file, label, "project"
            )
        if inputs.project in seen:
            raise reader.fail(
                DuplicateIdentifier,
                f"project {inputs.project} is already appraised in {seen[inputs.project]}",
                file,
                label,
                "project",
            )
        if inputs.scope is None:
            raise reader.fail(
                DataError,
                "say what is appraised and whose costs and benefits count "
                "(scope: appraised, stance, countries, description)",
                file,
                label,
                "scope",
            )
        seen[inputs.project] = file
        out.append(inputs)
    return out
