"""What an export without illustrative figures publishes: the operation or programme less its illustrative parts.

Each part left out is listed in the report, with the reason.
"""

from __future__ import annotations

from typing import Any

from cpfkit.model import Programme, Project, ProjectStatus
from cpfkit.services.interchange.export_report import ExportReport, LeftOut

__all__ = ["drop_illustrative", "publishable", "publishable_programme"]

_ILLUSTRATIVE = "illustrative (no public source), left out by --exclude-illustrative"
_DATE_FIELDS = ("approval", "effectiveness", "original_closing", "revised_closing", "concept")


def drop_illustrative(records: list[Any], project: str, what: str, report: ExportReport) -> list[Any]:
    """The records (transactions, measurements) whose figures are not illustrative."""
    kept = []
    for r in records:
        if r.illustrative or "amount" in r.illustrative_fields or "value" in r.illustrative_fields:
            report.left_out.append(LeftOut(project, f"{what} of {r.date}", _ILLUSTRATIVE))
        else:
            kept.append(r)
    return kept


def publishable(project: Project, report: ExportReport) -> Project | None:
    """The operation without its illustrative parts; None when the whole operation is illustrative."""
    if project.illustrative or project.is_illustrative("id"):
        why = "illustrative operation" if project.illustrative else "illustrative (invented) identifier"
        why += ", left out by --exclude-illustrative"
        report.left_out.append(LeftOut(project.id, "operation", why))
        return None
    fields = project.illustrative_fields
    if not fields:
        return project
    update: dict[str, Any] = {}
    dates = {name: getattr(project.dates, name) for name in _DATE_FIELDS}
    for name in _DATE_FIELDS:
        if f"dates.{name}" in fields or "dates" in fields:
            dates[name] = None
    started = project.status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED)
    if started and project.dates.approval is not None and dates["approval"] is None:
        report.left_out.append(LeftOut(project.id, "operation", f"its approval date is {_ILLUSTRATIVE}"))
        return None
    update["dates"] = project.dates.model_copy(update=dates)
    for name, empty in (
        ("sectors", ()),
        ("locations", ()),
        ("implementing_agency", None),
        ("borrower", None),
        ("commitment", None),
        ("description", None),
    ):
        if name in fields:
            update[name] = empty
    for name in sorted(fields):
        report.left_out.append(LeftOut(project.id, name, _ILLUSTRATIVE))
    update["illustrative_fields"] = frozenset()
    return project.model_copy(update=update)


def publishable_programme(programme: Programme) -> Programme:
    """The programme's indicators without illustrative baselines and targets, its defaults without illustrative ones."""
    areas = []
    for area in programme.priority_areas:
        objectives = []
        for objective in area.objectives:
            indicators = []
            for ind in objective.indicators:
                cleared: dict[str, Any] = {}
                if ind.illustrative or "baseline" in ind.illustrative_fields:
                    cleared["baseline"] = None
                if ind.illustrative or any(f.startswith("target") for f in ind.illustrative_fields):
                    cleared["target"] = None
                indicators.append(ind.model_copy(update=cleared))
            objectives.append(objective.model_copy(update={"indicators": tuple(indicators)}))
        areas.append(area.model_copy(update={"objectives": tuple(objectives)}))
    update: dict[str, Any] = {"priority_areas": tuple(areas)}
    if programme.iati is not None:
        org = programme.iati.reporting_org
        update["iati"] = programme.iati.model_copy(
            update={
                "reporting_org": None if org is None or org.illustrative else org,
                "sectors": tuple(entry for entry in programme.iati.sectors if not entry.illustrative),
            }
        )
    return programme.model_copy(update=update)
