"""Read a programme data folder (``docs/data-format.md``) into one validated :class:`ProgrammeData`.

The reader checks every record against the model, the reference codelists
(countries, currencies, sectors, regions), the exchange-rates table, and the
other records of the folder (links to objectives, duplicate identifiers,
references to projects and indicators).  The first problem raises a
:class:`~cpfkit.errors.DataError` naming the file, the record and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cpfkit import clock
from cpfkit.errors import (
    DataError,
    DuplicateIdentifier,
    FxRateMissing,
    MissingReference,
    UnknownCode,
)
from cpfkit.formats.programme_folder import portfolio as portfolio_files
from cpfkit.formats.programme_folder.measurements import read_measurements, read_quoted_sources
from cpfkit.formats.programme_folder.planning import read_appraisals, read_contributions
from cpfkit.formats.programme_folder.records import (
    PROVENANCE_MESSAGE,
    error_class,
    locate,
    provenance,
    record_label,
)
from cpfkit.formats.sources import LINE, csv_rows, first_error, read_yaml, strip_lines
from cpfkit.model import (
    FxRates,
    Money,
    Programme,
    ProgrammeData,
    Project,
    ProjectLink,
    ProjectRating,
    SortRating,
    Transaction,
)
from cpfkit.model.money import AmountError, check_amount
from cpfkit.model.project import MULTI_COUNTRY, SectorShare
from cpfkit.reference import load_codelist, load_regions

__all__ = ["PROGRAMME_FILES", "read_programme_folder"]

PROGRAMME_FILES = (
    "programme.yaml",
    "projects.yaml",
    "transactions.csv",
    "measurements.csv",
    "sources.yaml",
    "ratings.csv",
    "sort.csv",
    *portfolio_files.PORTFOLIO_FILES,
    "contributions.csv",
)
_LINK_FIELDS = ("objectives", "priority_areas")
_CHECKED_SECTOR_VOCABULARIES = {"1": "Sector", "2": "SectorCategory"}

M = TypeVar("M", bound=BaseModel)


def read_programme_folder(folder: Path, *, fx: FxRates, known_projects: Collection[str] = ()) -> ProgrammeData:
    """Read and validate a programme folder.

    Args:
        folder: the folder holding ``programme.yaml`` and the optional other files.
        fx: the rates table every amount must be convertible with.
        known_projects: identifiers already in the store, which ``carried_over`` may name.

    Returns:
        The programme with its own projects, links, ledger, measurements and ratings.

    Raises:
        DataError: the first bad record, with file, record and field.
    """
    reader = _FolderReader(folder, fx, frozenset(known_projects))
    return reader.read()


@dataclass
class _FolderReader:
    folder: Path
    fx: FxRates
    known_projects: frozenset[str]
    countries: Collection[str] = field(default_factory=lambda: load_codelist("Country").codes)
    currencies: Collection[str] = field(default_factory=lambda: load_codelist("Currency").codes)
    regions: Collection[str] = field(default_factory=lambda: load_codelist("Region").codes)

    def path(self, name: str) -> Path:
        return self.folder / name

    def fail(self, cls: type[DataError], message: str, file: str, record: str, field: str) -> DataError:
        return cls(message, file=str(self.path(file)), record=record, field=field)

    # -- the files -------------------------------------------------------------------------

    def read(self) -> ProgrammeData:
        if not self.folder.is_dir():
            raise DataError("not a folder", file=str(self.folder))
        if not self.path("programme.yaml").exists():
            raise DataError("missing programme.yaml", file=str(self.folder))
        programme = self.read_programme()
        projects, links = self.read_projects(programme)
        linked = {link.project for link in links}
        transactions = self.read_transactions(linked)
        measurements = read_measurements(self, programme, linked, read_quoted_sources(self), provenance)
        ratings = self.read_ratings(linked)
        sort_ratings = self.read_sort(programme, linked)
        self.check_overlaps(programme, linked)
        contributions = read_contributions(self, programme, linked, provenance)
        appraisals = read_appraisals(self, linked)
        return ProgrammeData(
            programme=programme,
            projects=tuple(projects),
            links=tuple(links),
            transactions=tuple(transactions),
            measurements=tuple(measurements),
            ratings=tuple(ratings),
            sort_ratings=tuple(sort_ratings),
            events=tuple(portfolio_files.read_events(self, linked, provenance)),
            country_flags=tuple(portfolio_files.read_country_flags(self, provenance)),
            planned_disbursements=tuple(portfolio_files.read_planned_disbursements(self, linked, provenance)),
            risks=tuple(portfolio_files.read_risks(self, linked, provenance)),
            contributions=tuple(contributions),
            appraisals=tuple(appraisals),
        )

    def validate(self, model: type[M], raw: Any, file: str, kind: str) -> M:
        try:
            return model.model_validate(strip_lines(raw))
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = [str(p) for p in error["loc"]]
            record, field = locate(raw, loc, kind)
            _, message = first_error(exc)
            if PROVENANCE_MESSAGE in message and field == "record":
                field = "source"
            raise self.fail(error_class(exc), message, file, record, field) from exc

    def read_programme(self) -> Programme:
        file = "programme.yaml"
        raw = read_yaml(self.path(file))
        if not isinstance(raw, dict):
            raise self.fail(DataError, "must be a mapping of programme fields", file, "programme", "record")
        label = f"programme {raw.get('id', '?')}"
        programme = self.validate(Programme, raw, file, label)
        self.check_field_names(programme, file, label)
        if programme.country not in self.countries:
            raise self.fail(
                UnknownCode, f"{programme.country!r} is not an ISO 3166-1 country code", file, label, "country"
            )
        for year, raw_year in zip(programme.envelope, raw.get("envelope") or [], strict=True):
            record = record_label(raw_year, "envelope", 0)
            self.check_money(year.total, programme.period_start, file, record, "total")
            for i, share in enumerate(year.by_institution):
                self.check_money(share.amount, programme.period_start, file, record, f"by_institution.{i}.amount")
        if programme.ibrd_exposure_limit is not None:
            self.check_money(programme.ibrd_exposure_limit, programme.period_start, file, label, "ibrd_exposure_limit")
        self.check_iati_defaults(programme, file, label)
        return programme

    def check_iati_defaults(self, programme: Programme, file: str, label: str) -> None:
        """The codes of the programme's IATI defaults must be in their IATI codelists."""
        if programme.iati is None:
            return
        org = programme.iati.reporting_org
        if org is not None and org.type not in load_codelist("OrganisationType"):
            raise self.fail(
                UnknownCode,
                f"{org.type!r} is not in the IATI OrganisationType codelist",
                file,
                label,
                "iati.reporting_org.type",
            )
        for i, entry in enumerate(programme.iati.sectors):
            self.check_sectors(entry.sectors, file, label, f"iati.sectors.{i}.sectors")

    def check_sectors(self, sectors: Sequence[SectorShare], file: str, record: str, field: str) -> None:
        """The codes of the IATI vocabularies cpfkit ships (1 and 2) must be in their codelists."""
        for i, share in enumerate(sectors):
            codelist = _CHECKED_SECTOR_VOCABULARIES.get(share.vocabulary)
            if codelist and share.code not in load_codelist(codelist):
                message = f"{share.code!r} is not in the IATI {codelist} codelist"
                raise self.fail(UnknownCode, message, file, record, f"{field}.{i}.code")

    def read_projects(self, programme: Programme) -> tuple[list[Project], list[ProjectLink]]:
        file = "projects.yaml"
        if not self.path(file).exists():
            return [], []
        raw = read_yaml(self.path(file)) or {}
        if not isinstance(raw, dict) or set(raw) - {"projects", "carried_over", LINE}:
            raise self.fail(
                DataError, "must be a mapping with 'projects' and/or 'carried_over'", file, "file", "record"
            )
        objectives = {o.code: a.code for a, o in programme.objectives()}
        areas = {a.code for a in programme.priority_areas}
        projects: list[Project] = []
        links: list[ProjectLink] = []
        seen: set[str] = set()
        for i, entry in enumerate(raw.get("projects") or []):
            record = record_label(entry if isinstance(entry, dict) else {}, "project", i)
            if not isinstance(entry, dict):
                raise self.fail(DataError, "must be a mapping of project fields", file, record, "record")
            link_raw = {k: entry[k] for k in _LINK_FIELDS if k in entry}
            body = {k: v for k, v in entry.items() if k not in _LINK_FIELDS}
            project = self.validate(Project, body, file, record)
            if project.id in seen:
                raise self.fail(DuplicateIdentifier, f"project {project.id} appears twice", file, record, "id")
            seen.add(project.id)
            self.check_project(project, file, record)
            link = self.validate(ProjectLink, {"project": project.id, **link_raw}, file, record)
            links.append(self.check_link(link, objectives, areas, file, record))
            projects.append(project)
        for i, entry in enumerate(raw.get("carried_over") or []):
            record = record_label(entry if isinstance(entry, dict) else {}, "carried-over project", i)
            if not isinstance(entry, dict) or "id" not in entry:
                raise self.fail(DataError, "needs the id of the operation carried over", file, record, "id")
            pid = str(entry["id"])
            if pid in seen:
                raise self.fail(DuplicateIdentifier, f"project {pid} appears twice", file, record, "id")
            seen.add(pid)
            origin = entry.get("from")
            if not origin:
                raise self.fail(
                    DataError, "needs 'from': the programme that defines the operation", file, record, "from"
                )
            if pid not in self.known_projects:
                raise self.fail(
                    MissingReference,
                    f"operation {pid} is not in the store; load programme {origin} first",
                    file,
                    record,
                    "id",
                )
            link_raw = {k: entry[k] for k in _LINK_FIELDS if k in entry}
            link = self.validate(ProjectLink, {"project": pid, "carried_from": str(origin), **link_raw}, file, record)
            links.append(self.check_link(link, objectives, areas, file, record))
        return projects, links

    def check_project(self, project: Project, file: str, record: str) -> None:
        if project.country is not None and project.country not in self.countries:
            raise self.fail(
                UnknownCode, f"{project.country!r} is not an ISO 3166-1 country code", file, record, "country"
            )
        if project.region is not None and project.region != MULTI_COUNTRY and project.region not in self.regions:
            raise self.fail(
                UnknownCode, f"{project.region!r} is not a code of the IATI Region codelist", file, record, "region"
            )
        on = project.dates.approval or project.dates.concept or clock.today()
        if project.commitment is not None:
            self.check_money(project.commitment, on, file, record, "commitment")
        for i, financing in enumerate(project.financing):
            self.check_money(financing.amount, on, file, record, f"financing.{i}.amount")
        self.check_sectors(project.sectors, file, record, "sectors")
        regions = load_regions(project.country) if project.country else None
        for i, location in enumerate(project.locations):
            if regions and location.region and regions.find(location.region) is None:
                raise self.fail(
                    UnknownCode,
                    f"{location.region!r} is not a region of {project.country}",
                    file,
                    record,
                    f"locations.{i}.region",
                )
        self.check_field_names(project, file, record)

    def check_field_names(self, record_model: BaseModel, file: str, record: str) -> None:
        """Every name in ``illustrative_fields`` must be a field of the record."""
        allowed = set(type(record_model).model_fields)
        for name in getattr(record_model, "illustrative_fields", ()):
            if name.split(".")[0] not in allowed:
                raise self.fail(
                    DataError, f"{name!r} is not a field of this record", file, record, "illustrative_fields"
                )

    def check_link(
        self, link: ProjectLink, objectives: dict[str, str], areas: set[str], file: str, record: str
    ) -> ProjectLink:
        for code in link.objectives:
            if code not in objectives:
                raise self.fail(
                    MissingReference, f"no objective {code!r} in programme.yaml", file, record, "objectives"
                )
        for code in link.priority_areas:
            if code not in areas:
                raise self.fail(
                    MissingReference, f"no priority area {code!r} in programme.yaml", file, record, "priority_areas"
                )
        if not link.priority_areas and link.objectives:
            derived = tuple(dict.fromkeys(objectives[c] for c in link.objectives))
            link = link.model_copy(update={"priority_areas": derived})
        return link

    def check_money(self, money: Money, on: date, file: str, record: str, field: str) -> None:
        if money.amount < 0:
            raise self.fail(DataError, "must not be negative", file, record, field)
        try:
            check_amount(money.amount)
        except AmountError as exc:
            raise self.fail(DataError, str(exc), file, record, field) from None
        if money.currency not in self.currencies:
            raise self.fail(UnknownCode, f"{money.currency!r} is not an ISO 4217 currency", file, record, field)
        try:
            self.fx.rate(money.currency, on)
        except FxRateMissing as exc:
            raise self.fail(DataError, str(exc), file, record, field) from exc

    # -- the CSV files ---------------------------------------------------------------------

    def rows(
        self, file: str, required: tuple[str, ...], model: type[M], shape: Callable[[dict[str, str]], dict[str, Any]]
    ) -> Iterable[tuple[str, M]]:
        path = self.path(file)
        if not path.exists():
            return
        for line, row in csv_rows(path, required):
            record = f"row {line}"
            raw = shape(row)
            parsed = self.validate(model, raw, file, record)
            self.check_field_names(parsed, file, record)
            yield record, parsed

    def read_transactions(self, linked: set[str]) -> list[Transaction]:
        file = "transactions.csv"
        out: list[Transaction] = []

        def shape(row: dict[str, str]) -> dict[str, Any]:
            money = {"amount": row.get("amount"), "currency": row.get("currency", "USD")}
            rest = {k: v for k, v in row.items() if k not in ("amount", "currency")}
            return {**provenance(rest), "amount": money}

        for record, tx in self.rows(file, ("project", "type", "date", "amount"), Transaction, shape):
            if tx.project not in linked:
                raise self.fail(
                    MissingReference, f"project {tx.project} is not in projects.yaml", file, record, "project"
                )
            self.check_money(tx.amount, tx.date, file, record, "amount")
            out.append(tx)
        return out

    def read_ratings(self, linked: set[str]) -> list[ProjectRating]:
        file = "ratings.csv"
        out: list[ProjectRating] = []
        for record, rating in self.rows(file, ("project", "kind", "date", "rating"), ProjectRating, provenance):
            if rating.project not in linked:
                raise self.fail(
                    MissingReference, f"project {rating.project} is not in projects.yaml", file, record, "project"
                )
            out.append(rating)
        return out

    def read_sort(self, programme: Programme, linked: set[str]) -> list[SortRating]:
        file = "sort.csv"
        out: list[SortRating] = []
        for record, rating in self.rows(file, ("subject", "category", "date", "rating"), SortRating, provenance):
            if rating.subject != programme.id and rating.subject not in linked:
                raise self.fail(
                    MissingReference,
                    f"{rating.subject!r} is neither this programme nor a project in projects.yaml",
                    file,
                    record,
                    "subject",
                )
            out.append(rating)
        return out

    def check_overlaps(self, programme: Programme, linked: set[str]) -> None:
        for _, _, indicator in programme.indicators():
            for overlap in indicator.overlaps:
                for pid in overlap.projects:
                    if pid not in linked:
                        raise self.fail(
                            MissingReference,
                            f"overlap names project {pid}, which is not in projects.yaml",
                            "programme.yaml",
                            f"indicator {indicator.code}",
                            "overlaps",
                        )
