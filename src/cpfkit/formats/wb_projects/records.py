"""World Bank Projects API records (JSON or the projects list as CSV) read into projects, one record at a time.

What each record becomes (``docs/iati.md`` has the table): a project with the
record's identifier, name, country (or region, for a regional or
multi-country operation: :mod:`cpfkit.formats.wb_projects.places`), status, approval and
closing dates, borrower, implementing agency, lending instrument and sectors
with percentages; its commitment is the total commitment (else IBRD + IDA +
grant, else the IBRD and IDA total) in US dollars, and its institution the one
that commits most (IBRD on a tie), trust funds when only a grant is
committed, else the financing type the record states.  The amounts stay apart
in ``wb_projects``.  An absent amount is unknown, never zero; a zero amount is
zero.

Real records are messy, so a record is read on its own: a slip on one field is
a **warning** (:class:`Issue`) and the record is stored — an unknown or
missing lending instrument is stored as ``other``, an unknown institution as
``other``, a closing date before the approval date is kept as published in
``wb_projects`` and left out of the operation's dates, an amount or date that
is not one is treated as absent, sector percentages that do not add up to 100
keep the sectors in ``wb_projects`` only.  A record is **skipped**
(:class:`~cpfkit.formats.unsupported.Unsupported`, with the reason) only when
it cannot be a cpfkit project at all: no id, no amount, an amount above
:data:`~cpfkit.model.money.MAX_AMOUNT`, a status cpfkit does not know, or an
active or closed project without its approval date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pydantic import ValidationError

from cpfkit.formats.sources import first_error
from cpfkit.formats.unsupported import Unsupported
from cpfkit.formats.wb_projects.files import RecordAt, read_wb_projects
from cpfkit.formats.wb_projects.places import place_of
from cpfkit.model import Institution, Instrument, KeyDates, Money, Project, ProjectStatus, SectorShare
from cpfkit.model.money import MAX_AMOUNT
from cpfkit.model.wb import WbRecord
from cpfkit.reference import load_catalogue

__all__ = ["Issue", "RecordAt", "WbRecord", "read_wb_projects", "to_wb_project"]

_HUNDRED = Decimal(100)
_TOLERANCE = Decimal("0.5")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SECTOR_VOCABULARY = "99"  # IATI SectorVocabulary "Reporting Organisation": the World Bank's own sector codes
_AMOUNTS = ("ibrdcommamt", "idacommamt", "grantamt", "totalcommamt", "totalamt", "lendprojectcost")
_SHOWN = 200  # characters of an offending value an error message repeats at most


@dataclass(frozen=True)
class Issue:
    """A slip in one field of a record that was stored all the same: the field, and what was done."""

    field: str
    message: str


@cache
def _mapping() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in load_catalogue("wb_projects_mapping"):
        out.setdefault(row["mapping"], {})[row["from"].lower()] = row["to"]
    return out


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _amount(record: dict[str, Any], key: str, where: str, issues: list[Issue]) -> Decimal | None:
    """The amount of a field in US dollars; None when absent or not an amount (then with an issue)."""
    value = record.get(key)
    if value is None or value == "":
        return None
    amount: Decimal | None
    if isinstance(value, bool):
        amount = None
    elif isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        issues.append(Issue(key, f"{_shown(value)} is not an amount of US dollars; read as absent"))
        return None
    if amount > MAX_AMOUNT:
        raise Unsupported(
            f"amount {format(amount, 'f')[:_SHOWN]} is above the ceiling of a single amount "
            f"({format(MAX_AMOUNT, ',f')} in its currency)",
            record=where,
            field=key,
        )
    return amount


def _day(record: dict[str, Any], key: str, issues: list[Issue]) -> date | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    match = _ISO_DAY.match(str(value).strip())
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    issues.append(Issue(key, f"{_shown(value)} is not an ISO date (YYYY-MM-DD); read as absent"))
    return None


def _text(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("cdata") or value.get("Name")
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _shares(
    record: dict[str, Any], prefix: str, codes_key: str, issues: list[Issue]
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
        out.append((codes.get(name), name, _percent(item.get("Percent"), f"{prefix}{n}.Percent", issues)))
    return out


def _percent(value: Any, field: str, issues: list[Issue]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        percent = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        percent = None
    if percent is None or not percent.is_finite() or not 0 <= percent <= _HUNDRED:
        issues.append(Issue(field, f"{_shown(value)} is not a percentage; read as absent"))
        return None
    return percent


def _sector_shares(
    sectors: list[tuple[str | None, str, Decimal | None]], issues: list[Issue]
) -> tuple[SectorShare, ...]:
    """The sectors as shares of the operation when their percentages add up to 100 (else an issue)."""
    percents = [p for _, _, p in sectors]
    if not sectors or any(p is None for p in percents):
        return ()
    total = sum((p or Decimal(0) for p in percents), Decimal(0))
    if abs(total - _HUNDRED) > _TOLERANCE:
        issues.append(
            Issue(
                "sector1.Percent",
                f"sector percentages add up to {format(total, 'f')}, not 100: the sectors are kept as published "
                "beside the operation, not as its shares",
            )
        )
        return ()
    return tuple(
        SectorShare(code=code or name, vocabulary=_SECTOR_VOCABULARY, name=name, percentage=p)
        for code, name, p in sectors
        if p is not None and p > 0
    )


def _institution(
    ibrd: Decimal | None, ida: Decimal | None, grant: Decimal | None, financing_type: str | None, issues: list[Issue]
) -> Institution:
    if (ibrd or 0) > 0 or (ida or 0) > 0:
        return Institution.IBRD if (ibrd or 0) >= (ida or 0) else Institution.IDA
    if (grant or 0) > 0:
        return Institution.TRUST_FUND
    by_type = _mapping()["financing-type"].get((financing_type or "").lower())
    if by_type is not None:
        return Institution(by_type)
    stated = f"financing type {_shown(financing_type)}" if financing_type else "no financing type"
    issues.append(
        Issue(
            "projectfinancialtype",
            f"commits nothing from IBRD, IDA or a grant and states {stated} cpfkit knows: the institution is "
            "stored as other",
        )
    )
    return Institution.OTHER


def _instrument(record: dict[str, Any], issues: list[Issue]) -> Instrument:
    mapping = _mapping()
    name = _text(record, "lendinginstr")
    kind = _text(record, "lendinginstrtype")
    code = mapping["lending-instrument"].get((name or "").lower()) or mapping["lending-instrument-type"].get(
        (kind or "").lower()
    )
    if code is not None:
        return Instrument(code)
    what = f"lending instrument {_shown(name)} is not one cpfkit knows" if name else "names no lending instrument"
    issues.append(Issue("lendinginstr", f"{what}: stored as other (the name is kept as published)"))
    return Instrument.OTHER


def _dates(record: dict[str, Any], issues: list[Issue]) -> tuple[date | None, date | None, KeyDates]:
    """The dates as published, and the operation's dates (a closing date before approval left out)."""
    approval = _day(record, "boardapprovaldate", issues)
    closing = _day(record, "closingdate", issues)
    if approval is not None and closing is not None and closing < approval:
        issues.append(
            Issue(
                "closingdate",
                f"closing date {closing} is before the approval date {approval}: kept as published beside the "
                "operation, not used as its closing date",
            )
        )
        return approval, closing, KeyDates(approval=approval)
    return approval, closing, KeyDates(approval=approval, original_closing=closing)


def to_wb_project(record: Any, *, where: str, source: str) -> tuple[Project, WbRecord, list[Issue]]:
    """The project of one Projects API record, what stays apart, and the slips read past.

    Raises:
        Unsupported: the record cannot be a cpfkit project (no id, no amount, an amount above the
            ceiling, an unknown status, no approval date for an active or closed project); it is
            skipped with the reason.
    """
    if not isinstance(record, dict):
        raise Unsupported(f"is not a project record (a JSON object) but {_shown(record)}", record=where, field="id")
    pid = _text(record, "id")
    if pid is None:
        raise Unsupported("has no id: a record is stored by its project id", record=where, field="id")
    where = f"{where} (project {pid[:_SHOWN]})"
    issues: list[Issue] = []
    amounts = {key: _amount(record, key, where, issues) for key in _AMOUNTS}
    if all(value is None for value in amounts.values()):
        raise Unsupported(f"has no amount ({', '.join(_AMOUNTS)})", record=where, field="totalcommamt")
    ibrd, ida, grant = amounts["ibrdcommamt"], amounts["idacommamt"], amounts["grantamt"]
    parts = [a for a in (ibrd, ida, grant) if a is not None]
    total = amounts["totalcommamt"]
    commitment = total if total is not None else (sum(parts, Decimal(0)) if parts else amounts["totalamt"])
    if commitment is not None and commitment > MAX_AMOUNT:
        raise Unsupported(
            f"commitment {format(commitment, 'f')} is above the ceiling of a single amount", record=where, field="id"
        )
    financing_type = _text(record, "projectfinancialtype")
    institution = _institution(ibrd, ida, grant, financing_type, issues)
    instrument = _instrument(record, issues)
    status_text = _text(record, "projectstatusdisplay", "status")
    status = _mapping()["status"].get((status_text or "").lower())
    if status is None:
        raise Unsupported(f"project status {_shown(status_text)} is not one cpfkit knows", record=where, field="status")
    place = place_of(record)
    if place.warning is not None:
        issues.append(Issue(*place.warning))
    sectors = _shares(record, "sector", "sector_namecode", issues)
    themes = _shares(record, "theme", "theme_namecode", issues)
    approval, closing, dates = _dates(record, issues)
    if approval is None and status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED):
        slip = next((i.message for i in issues if i.field == "boardapprovaldate"), "the record gives none")
        raise Unsupported(
            f"{'an' if status == ProjectStatus.ACTIVE else 'a'} {status} project needs its Board approval date: {slip}",
            record=where,
            field="boardapprovaldate",
        )
    fy = _text(record, "approvalfy")
    try:
        project = Project(
            id=pid,
            name=_text(record, "project_name") or pid,
            country=place.country,
            region=place.region,
            institution=institution,
            instrument=instrument,
            status=ProjectStatus(status),
            dates=dates,
            commitment=Money(amount=commitment, currency="USD") if commitment is not None else None,
            sectors=_sector_shares(sectors, issues),
            implementing_agency=_text(record, "impagency"),
            borrower=_text(record, "borrower"),
            description=_text(record, "project_abstract", "pdo"),
            source=_text(record, "url") or source,
        )
    except ValidationError as exc:
        field, message = first_error(exc)
        raise Unsupported(message, record=where, field=field) from None
    extra = WbRecord(
        ibrd=ibrd,
        ida=ida,
        grant=grant,
        total=total,
        project_cost=amounts["lendprojectcost"],
        lending_instrument=_text(record, "lendinginstr"),
        product_line=_text(record, "prodlinetext", "prodline"),
        financing_type=financing_type,
        status=status_text,
        approval_fy=int(fy) if fy and fy.isdigit() else None,
        region=_text(record, "regionname"),
        country_name=_text(record, "countryname", "countryshortname"),
        country_code=_text(record, "countrycode"),
        approval_date=approval,
        closing_date=closing,
        sectors=tuple(sectors),
        themes=tuple(themes),
        url=_text(record, "url"),
    )
    return project, extra, issues
