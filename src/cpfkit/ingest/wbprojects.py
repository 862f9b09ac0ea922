"""World Bank Projects API records (JSON or the projects list as CSV) read into projects.

Accepted inputs:

- a JSON array of project records, or the API's answer ``{"projects": {id: record, …}}``
  (``search.worldbank.org/api/v2/projects?format=json``);
- a CSV whose header uses the API's field names (``id, project_name, countrycode,
  ibrdcommamt, idacommamt, grantamt, totalcommamt, lendprojectcost,
  boardapprovaldate, closingdate, sector1_name, sector1_percent, …``; nested
  fields flattened with ``_`` or ``.``) or the column titles of the projects list
  download (``Project ID, Project Name, Country, IBRD Commitment, IDA Commitment,
  Grant Amount, Current Project Cost, Board Approval Date, Project Closing Date,
  Sector 1 …``).

What each record becomes (``docs/iati.md`` has the table): a project with the
record's identifier, name, ISO country code, status, approval and closing
dates, borrower, implementing agency, lending instrument and sectors with
percentages; its commitment is the IBRD + IDA + grant total in US dollars and
its institution the one that commits most (IBRD on a tie), trust funds when
only a grant is committed, else the financing type the record states.  The
amounts stay apart in ``wb_projects``.  An absent amount is unknown, never
zero; a zero amount is zero.  Nothing is guessed: a record without a usable
country code, dates in order or a known lending instrument is skipped with
its reason.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cpfkit.errors import DataError
from cpfkit.ingest.sources import first_error
from cpfkit.ingest.unsupported import Unsupported
from cpfkit.model import Institution, Instrument, KeyDates, Money, Project, ProjectStatus, SectorShare
from cpfkit.model.wb import WbRecord
from cpfkit.reference import load_catalogue, load_codelist

__all__ = ["WbRecord", "read_wb_projects", "to_wb_project"]

_HUNDRED = Decimal(100)
_TOLERANCE = Decimal("0.5")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SECTOR_VOCABULARY = "99"  # IATI SectorVocabulary "Reporting Organisation": the World Bank's own sector codes

# the projects list download's column titles, and the API field each stands for
_LIST_COLUMNS = {
    "project id": "id",
    "project name": "project_name",
    "country": "countryname",
    "country code": "countrycode",
    "region": "regionname",
    "project status": "status",
    "implementing agency": "impagency",
    "borrower": "borrower",
    "board approval date": "boardapprovaldate",
    "project closing date": "closingdate",
    "financing type": "projectfinancialtype",
    "current project cost": "lendprojectcost",
    "ibrd commitment": "ibrdcommamt",
    "ida commitment": "idacommamt",
    "total ida and ibrd commitment": "totalamt",
    "grant amount": "grantamt",
    "lending instrument": "lendinginstr",
    "project url": "url",
    "project development objective": "pdo",
}
_AMOUNTS = ("ibrdcommamt", "idacommamt", "grantamt", "totalcommamt", "totalamt", "lendprojectcost")


@cache
def _mapping() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in load_catalogue("wb_projects_mapping"):
        out.setdefault(row["mapping"], {})[row["from"].lower()] = row["to"]
    return out


@cache
def _country_codes() -> tuple[frozenset[str], dict[str, str]]:
    countries = load_codelist("Country")
    by_name = {name.lower(): code for code, name in countries.names.items()}
    return countries.codes, by_name


def read_wb_projects(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records of a Projects API export, each with where it is (``record 3`` or ``line 4``).

    Raises:
        DataError: the file is neither the API's JSON nor a projects CSV.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read: {exc}", file=str(path)) from exc
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise DataError(f"not valid JSON: {exc.msg}", file=str(path), record=f"line {exc.lineno}") from None
        if isinstance(data, dict) and isinstance(data.get("projects"), dict):
            records: list[Any] = list(data["projects"].values())
        elif isinstance(data, list):
            records = data
        else:
            raise DataError(
                'expected a JSON array of project records or the API\'s {"projects": {...}} object', file=str(path)
            )
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                raise DataError("is not a project record (an object)", file=str(path), record=f"record {i + 1}")
            yield f"record {i + 1}", record
        return
    yield from _csv_records(path, text)


def _csv_records(path: Path, text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    keys = {h: _LIST_COLUMNS.get(h.lower().strip(), h.strip().replace(".", "_")) for h in header}
    if "id" not in keys.values() or "project_name" not in keys.values():
        raise DataError(
            "a projects CSV needs the columns id and project_name (or Project ID and Project Name); "
            f"this header has {', '.join(header[:8])}…",
            file=str(path),
            record="line 1",
        )
    for row in reader:
        record: dict[str, Any] = {}
        for raw_key, value in row.items():
            if raw_key is None or value is None or not value.strip():
                continue
            record[keys.get(raw_key.strip(), raw_key.strip())] = value.strip()
        for n in range(1, 5):
            name = record.pop(f"sector{n}_name", None) or record.pop(f"sector{n}_Name", None)
            percent = record.pop(f"sector{n}_percent", None) or record.pop(f"sector{n}_Percent", None)
            plain = record.get(f"sector{n}") or record.get(f"Sector {n}")
            if name or plain:
                record[f"sector{n}"] = {"Name": name or plain, "Percent": percent}
        if record:
            yield f"line {reader.line_num}", record


def _amount(record: dict[str, Any], key: str, where: str) -> Decimal | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DataError(f"not an amount: {value!r}", record=where, field=key)
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise DataError(f"not an amount: {value!r}", record=where, field=key) from None
    if not amount.is_finite():
        raise DataError(f"not an amount: {value!r}", record=where, field=key)
    return amount


def _day(record: dict[str, Any], key: str, where: str) -> date | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    match = _ISO_DAY.match(str(value).strip())
    if not match:
        raise DataError(f"not an ISO date: {value!r}", record=where, field=key)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise DataError(f"not a date: {value!r}", record=where, field=key) from None


def _text(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("cdata") or value.get("Name")
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _shares(
    record: dict[str, Any], prefix: str, codes_key: str, where: str
) -> list[tuple[str | None, str, Decimal | None]]:
    codes: dict[str, str | None] = {}
    for item in record.get(codes_key) or ():
        if isinstance(item, dict) and item.get("name"):
            codes.setdefault(str(item["name"]).strip(), str(item.get("code") or "").strip() or None)
    out = []
    for n in range(1, 5):
        item = record.get(f"{prefix}{n}")
        if isinstance(item, str):
            item = {"Name": item}
        if not isinstance(item, dict) or not item.get("Name"):
            continue
        name = str(item["Name"]).strip()
        percent = _amount(item, "Percent", where) if item.get("Percent") not in (None, "") else None
        out.append((codes.get(name), name, percent))
    return out


def _unsupported(message: str, where: str, field: str) -> Unsupported:
    return Unsupported(message, record=where, field=field)


def to_wb_project(record: dict[str, Any], *, where: str, source: str) -> tuple[Project, WbRecord]:
    """The project of one Projects API record, and what stays apart.

    Raises:
        DataError: a malformed value (an amount or date that is not one), file not named.
        Unsupported: the record cannot be a cpfkit project (no country code,
            unknown instrument, no date for an approved project…); it is skipped with the reason.
    """
    pid = _text(record, "id")
    if pid is None:
        raise DataError("has no id", record=where, field="id")
    where = f"{where} (project {pid})"
    amounts = {key: _amount(record, key, where) for key in _AMOUNTS}
    ibrd, ida, grant = amounts["ibrdcommamt"], amounts["idacommamt"], amounts["grantamt"]
    parts = [a for a in (ibrd, ida, grant) if a is not None]
    total = amounts["totalcommamt"]
    commitment = total if total is not None else (sum(parts, Decimal(0)) if parts else None)
    mapping = _mapping()
    financing_type = _text(record, "projectfinancialtype")
    if (ibrd or 0) > 0 or (ida or 0) > 0:
        institution = Institution.IBRD if (ibrd or 0) >= (ida or 0) else Institution.IDA
    elif (grant or 0) > 0:
        institution = Institution.TRUST_FUND
    elif financing_type and financing_type.lower() in mapping["financing-type"]:
        institution = Institution(mapping["financing-type"][financing_type.lower()])
    else:
        raise _unsupported(
            "commits nothing from IBRD, IDA or a grant and states no IBRD or IDA financing type: its institution "
            "is unknown",
            where,
            "ibrdcommamt",
        )
    instrument_name = _text(record, "lendinginstr")
    instrument = mapping["lending-instrument"].get((instrument_name or "").lower()) or mapping[
        "lending-instrument-type"
    ].get((_text(record, "lendinginstrtype") or "").lower())
    if instrument is None:
        raise _unsupported(f"lending instrument {instrument_name!r} is not one cpfkit knows", where, "lendinginstr")
    status_text = _text(record, "projectstatusdisplay", "status")
    status = mapping["status"].get((status_text or "").lower())
    if status is None:
        raise _unsupported(f"project status {status_text!r} is not one cpfkit knows", where, "status")
    codes, by_name = _country_codes()
    country = (_text(record, "countrycode") or "").upper()
    if country not in codes:
        name = _text(record, "countryshortname", "countryname")
        country = by_name.get((name or "").lower(), "")
        if not country:
            shown = _text(record, "countrycode") or name
            raise _unsupported(
                f"no ISO country code for {shown!r} (regional projects are not stored)", where, "countrycode"
            )
    sectors = _shares(record, "sector", "sector_namecode", where)
    themes = _shares(record, "theme", "theme_namecode", where)
    percents = [p for _, _, p in sectors]
    shares: tuple[SectorShare, ...] = ()
    if sectors and all(p is not None for p in percents):
        if abs(sum((p or Decimal(0) for p in percents), Decimal(0)) - _HUNDRED) <= _TOLERANCE:
            shares = tuple(
                SectorShare(code=code or name, vocabulary=_SECTOR_VOCABULARY, name=name, percentage=p)
                for code, name, p in sectors
                if p is not None and p > 0
            )
    fy = _text(record, "approvalfy")
    try:
        project = Project(
            id=pid,
            name=_text(record, "project_name") or pid,
            country=country,
            institution=institution,
            instrument=Instrument(instrument),
            status=ProjectStatus(status),
            dates=KeyDates(
                approval=_day(record, "boardapprovaldate", where), original_closing=_day(record, "closingdate", where)
            ),
            commitment=Money(amount=commitment, currency="USD") if commitment is not None else None,
            sectors=shares,
            implementing_agency=_text(record, "impagency"),
            borrower=_text(record, "borrower"),
            description=_text(record, "project_abstract", "pdo"),
            source=_text(record, "url") or source,
        )
    except ValidationError as exc:
        field, message = first_error(exc)
        raise _unsupported(message, where, field) from None
    extra = WbRecord(
        ibrd=ibrd,
        ida=ida,
        grant=grant,
        total=total,
        project_cost=amounts["lendprojectcost"],
        lending_instrument=instrument_name,
        product_line=_text(record, "prodlinetext", "prodline"),
        financing_type=financing_type,
        status=status_text,
        approval_fy=int(fy) if fy and fy.isdigit() else None,
        region=_text(record, "regionname"),
        country_name=_text(record, "countryname", "countryshortname"),
        sectors=tuple(sectors),
        themes=tuple(themes),
        url=_text(record, "url"),
    )
    return project, extra
