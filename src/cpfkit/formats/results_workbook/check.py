"""Measurements entered by hand or sent in a spreadsheet (XLSX or CSV), checked against the programme.

One rule set serves both ``cpfkit results record`` and ``cpfkit results load``:
the indicator must be in the programme's results framework (indicator codes are
unique within a programme; the programme is the one given, or the only one
with that code), the operation must be one the programme counts (blank: a
programme-level value), the unit, when given, must be the indicator's, the date
must lie in the programme period, the value must be a number, a weighted-mean
indicator needs a positive weight, and the figure needs a source or an
illustrative mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cpfkit.errors import DataError, MissingReference
from cpfkit.formats.results_workbook.cells import COLUMNS, cell_date, cell_flag, cell_number, cell_text
from cpfkit.formats.sources import first_error
from cpfkit.model import Indicator, Measurement, Programme, Qualifier
from cpfkit.model.results import aggregation_problem

__all__ = ["ProgrammeContext", "Unresolved", "check_measurement", "resolve_programme"]


@dataclass(frozen=True)
class ProgrammeContext:
    """What a measurement is checked against: the programme and the operations it counts."""

    programme: Programme
    projects: frozenset[str]
    indicators: dict[str, Indicator] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", {i.code: i for _, _, i in self.programme.indicators()})


class Unresolved(LookupError):
    """No programme, or several, fit a measurement; ``field`` names the column to correct."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def resolve_programme(
    contexts: Mapping[str, ProgrammeContext], indicator: str, project: str | None, programme: str | None
) -> ProgrammeContext:
    """The programme a measurement belongs to: the one named, or the only one with the indicator (and operation).

    Raises:
        Unresolved: no programme, or several, fit (the message says which).
    """
    if programme is not None:
        if programme not in contexts:
            raise Unresolved(f"no programme {programme!r} in the database", "programme")
        return contexts[programme]
    having = [c for c in contexts.values() if indicator in c.indicators]
    if not having:
        raise Unresolved(f"no indicator {indicator!r} in any programme", "indicator")
    if len(having) > 1 and project is not None:
        counting = [c for c in having if project in c.projects]
        if not counting:
            names = ", ".join(sorted(c.programme.id for c in having))
            raise Unresolved(
                f"none of the programmes with indicator {indicator} ({names}) counts {project!r}", "project"
            )
        having = counting
    if len(having) > 1:
        names = ", ".join(sorted(c.programme.id for c in having))
        raise Unresolved(f"indicator {indicator} is in several programmes ({names}): name the programme", "programme")
    return having[0]


def check_measurement(
    contexts: Mapping[str, ProgrammeContext], row: Mapping[str, Any], language: str | None = None
) -> tuple[str, Measurement]:
    """Check one measurement given as raw fields (strings or spreadsheet cells).

    Numbers written as text are read in the conventions of ``language``
    (:mod:`cpfkit.model.number_parser`; None: the neutral ``1234.5``).

    Returns:
        The programme id and the measurement.

    Raises:
        DataError: the first problem, with ``field`` naming the column.
    """

    def fail(column: str, message: str, cls: type[DataError] = DataError) -> DataError:
        return cls(message, field=column)

    indicator_code = cell_text(row.get("indicator"))
    if indicator_code is None:
        raise fail("indicator", "the indicator code is missing")
    project = cell_text(row.get("project"))
    try:
        context = resolve_programme(contexts, indicator_code, project, cell_text(row.get("programme")))
    except Unresolved as exc:
        raise fail(exc.field, str(exc), MissingReference) from None
    programme = context.programme
    indicator = context.indicators.get(indicator_code)
    if indicator is None:
        raise fail("indicator", f"no indicator {indicator_code!r} in programme {programme.id}", MissingReference)
    if project is not None and project not in context.projects:
        raise fail("project", f"programme {programme.id} counts no operation {project!r}", MissingReference)
    unit = cell_text(row.get("unit"))
    if unit is not None and unit.casefold() != indicator.unit.casefold():
        raise fail("unit", f"unit {unit!r} is not the unit of {indicator.code}, which is {indicator.unit!r}")
    if row.get("date") in (None, ""):
        raise fail("date", "the date is missing")
    try:
        on = cell_date(row.get("date"))
    except ValueError as exc:
        raise fail("date", str(exc)) from None
    if not programme.period_start <= on <= programme.period_end:
        raise fail("date", f"{on} is outside the programme period {programme.period_start} – {programme.period_end}")
    if row.get("value") in (None, ""):
        raise fail("value", "the value is missing")
    try:
        value = cell_number(row.get("value"), "the value", language)
        weight = cell_number(row["weight"], "the weight", language) if row.get("weight") not in (None, "") else None
    except ValueError as exc:
        raise fail("value" if "value" in str(exc) else "weight", str(exc)) from None
    if weight is not None and weight <= 0:
        raise fail("weight", "the weight must be positive")
    problem = aggregation_problem(indicator.aggregation, value, weight)
    if problem is not None:
        raise fail(problem[0], f"{indicator.code}: {problem[1]}")
    qualifier = cell_text(row.get("qualifier"))
    if qualifier is not None and qualifier not in {q.value for q in Qualifier}:
        raise fail("qualifier", "give at_least ('more than 1,000'), at_most ('up to'), or leave it empty")
    try:
        illustrative = cell_flag(row.get("illustrative"), "illustrative")
    except ValueError as exc:
        raise fail("illustrative", str(exc)) from None
    try:
        verified = cell_flag(row.get("verified"), "verified")
    except ValueError as exc:
        raise fail("verified", str(exc)) from None
    source = cell_text(row.get("source"))
    if source is None and not illustrative:
        raise fail("source", "give the source of the value, or mark it illustrative")
    try:
        measurement = Measurement(
            indicator=indicator.code,
            project=project,
            date=on,
            value=value,
            weight=weight,
            qualifier=Qualifier(qualifier) if qualifier else None,
            verified=verified,
            quote=cell_text(row.get("quote")),
            note=cell_text(row.get("note")),
            source=source,
            illustrative=illustrative,
        )
    except ValidationError as exc:
        column, message = first_error(exc)
        raise fail(column if column in COLUMNS else "value", message) from None
    return programme.id, measurement


# -- files ---------------------------------------------------------------------------------
