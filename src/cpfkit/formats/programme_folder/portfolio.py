"""The portfolio files of a programme folder: events, country flags, planned disbursements, risk register.

``docs/data-format.md`` describes each file.  The functions here are called by
the folder reader (:mod:`cpfkit.formats.programme_folder.folder`) and use its row reader, so
errors name the file, the row and the field the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference
from cpfkit.model import CountryFlag, Money, PlannedDisbursement, ProjectEvent, RiskEntry

__all__ = ["PORTFOLIO_FILES", "read_country_flags", "read_events", "read_planned_disbursements", "read_risks"]

PORTFOLIO_FILES = ("events.csv", "country_flags.csv", "disbursement_plan.csv", "risks.csv")

M = TypeVar("M", bound=BaseModel)


class _Reader(Protocol):
    def rows(
        self, file: str, required: tuple[str, ...], model: type[M], shape: Callable[[dict[str, str]], dict[str, Any]]
    ) -> Iterable[tuple[str, M]]: ...

    def fail(self, cls: type[DataError], message: str, file: str, record: str, field: str) -> DataError: ...

    def check_money(self, money: Money, on: date, file: str, record: str, field: str) -> None: ...


def _check_project(reader: _Reader, project: str | None, linked: set[str], file: str, record: str) -> None:
    if project is not None and project not in linked:
        raise reader.fail(MissingReference, f"project {project} is not in projects.yaml", file, record, "project")


def read_events(
    reader: _Reader, linked: set[str], shape: Callable[[dict[str, str]], dict[str, Any]]
) -> list[ProjectEvent]:
    """``events.csv``: restructurings, extensions, suspensions, counterpart shortfalls, covenant breaches."""
    file = "events.csv"
    out: list[ProjectEvent] = []
    for record, event in reader.rows(file, ("project", "kind", "date"), ProjectEvent, shape):
        _check_project(reader, event.project, linked, file, record)
        out.append(event)
    return out


def read_country_flags(reader: _Reader, shape: Callable[[dict[str, str]], dict[str, Any]]) -> list[CountryFlag]:
    """``country_flags.csv``: country-environment and country-record conditions of the programme."""
    return [flag for _, flag in reader.rows("country_flags.csv", ("kind", "date"), CountryFlag, shape)]


def read_planned_disbursements(
    reader: _Reader, linked: set[str], shape: Callable[[dict[str, str]], dict[str, Any]]
) -> list[PlannedDisbursement]:
    """``disbursement_plan.csv``: each operation's planned cumulative disbursement by date."""
    file = "disbursement_plan.csv"

    def money_shape(row: dict[str, str]) -> dict[str, Any]:
        money = {"amount": row.get("cumulative"), "currency": row.get("currency", "USD")}
        rest = {k: v for k, v in row.items() if k not in ("cumulative", "currency")}
        return {**shape(rest), "cumulative": money}

    out: list[PlannedDisbursement] = []
    seen: set[tuple[str, date]] = set()
    for record, point in reader.rows(file, ("project", "date", "cumulative"), PlannedDisbursement, money_shape):
        _check_project(reader, point.project, linked, file, record)
        if (point.project, point.date) in seen:
            raise reader.fail(
                DuplicateIdentifier, f"{point.project} has two planned points on {point.date}", file, record, "date"
            )
        seen.add((point.project, point.date))
        reader.check_money(point.cumulative, point.date, file, record, "cumulative")
        out.append(point)
    return out


def read_risks(reader: _Reader, linked: set[str], shape: Callable[[dict[str, str]], dict[str, Any]]) -> list[RiskEntry]:
    """``risks.csv``: the programme's risk register (``factors`` separated by ``|``)."""
    file = "risks.csv"

    def risk_shape(row: dict[str, str]) -> dict[str, Any]:
        out = shape(row)
        if "factors" in out:
            out["factors"] = [f.strip() for f in str(out["factors"]).split("|") if f.strip()]
        return out

    out: list[RiskEntry] = []
    codes: set[str] = set()
    for record, entry in reader.rows(file, ("code", "title", "rating", "opened"), RiskEntry, risk_shape):
        if entry.code in codes:
            raise reader.fail(DuplicateIdentifier, f"risk {entry.code} appears twice", file, record, "code")
        codes.add(entry.code)
        _check_project(reader, entry.project, linked, file, record)
        out.append(entry)
    return out
