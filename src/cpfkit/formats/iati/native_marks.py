"""The marks of an operation written as an IATI activity: which elements are illustrative, which defaults.

Each mark names an element written from an illustrative field of the operation, or filled in from the
programme's IATI defaults; the activity's description says the same in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpfkit.formats.iati.write import Mark
from cpfkit.model import (
    Project,
)
from cpfkit.model.iati import Narrative
from cpfkit.model.project import MULTI_COUNTRY

__all__ = ["FIELD_PATHS", "ILLUSTRATIVE", "Marks", "field_marks"]

ILLUSTRATIVE = "illustrative"
_DEFAULT = "default"
_PROGRAMME = "programme"

# where each illustrative field of an operation is written, and how the description names it
FIELD_PATHS: dict[str, tuple[str, str]] = {
    "id": ("iati-identifier", "identifier (invented)"),
    "name": ("title", "title"),
    "description": ("description[@type='1']", "description"),
    "status": ("activity-status", "status"),
    "country": ("recipient-country", "country"),
    "region": ("recipient-region", "region"),
    "sectors": ("sector", "sectors"),
    "locations": ("location", "locations"),
    "implementing_agency": ("participating-org[@role='4']", "implementing agency"),
    "borrower": ("participating-org[@role='2']", "borrower"),
    "instrument": ("default-finance-type | default-aid-type", "instrument (finance and aid types)"),
    "dates.approval": ("activity-date[@type='1' or @type='2']", "approval date"),
}


@dataclass
class Marks:
    """The marks and the words of the description, gathered while an operation is written."""

    marks: list[Mark] = field(default_factory=list)
    illustrative: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)

    def add(self, path: str, label: str, *, default: bool = False, illustrative: bool = True) -> None:
        """Mark an element as illustrative, filled in from the programme's defaults, or both."""
        if default:
            self.marks.append(Mark(path, _DEFAULT, _PROGRAMME))
            self.defaults.append(f"{label}, illustrative" if illustrative else label)
        if illustrative:
            self.marks.append(Mark(path, ILLUSTRATIVE))
            if not default:
                self.illustrative.append(label)

    def description(self, whole: bool) -> tuple[str | None, tuple[Narrative, ...]] | None:
        """The description (type 4) that says in words what the marks say, or None."""
        parts = []
        if whole:
            parts.append("Every figure of this operation is illustrative: it has no public source.")
        elif self.illustrative:
            parts.append(f"Illustrative (no public source): {', '.join(self.illustrative)}.")
        if self.defaults:
            parts.append(f"Filled in from the programme's IATI defaults: {', '.join(self.defaults)}.")
        return ("4", ((None, " ".join(parts)),)) if parts else None


def field_marks(project: Project, *, classified: bool, marks: Marks) -> None:
    """Mark the elements written from the operation's illustrative fields (a field left empty writes nothing)."""
    written = {
        "id": True,
        "name": True,
        "description": project.description is not None,
        "status": True,
        "country": project.country is not None,
        "region": project.country is None and project.region not in (None, MULTI_COUNTRY),
        "locations": bool(project.locations),
        "implementing_agency": project.implementing_agency is not None,
        "borrower": project.borrower is not None,
        "instrument": classified,
        "dates.approval": project.dates.approval is not None,
    }
    for name in sorted(project.illustrative_fields):
        if written.get(name):
            marks.add(*FIELD_PATHS[name])
