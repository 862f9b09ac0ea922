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

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from cpfkit.formats.sources import first_error
from cpfkit.formats.unsupported import Unsupported
from cpfkit.formats.wb_projects.fields import (
    SHOWN,
    Issue,
    amount_field,
    day_field,
    sector_shares,
    shares_field,
    shown,
    text_field,
    wb_mapping,
)
from cpfkit.formats.wb_projects.files import RecordAt, read_wb_projects
from cpfkit.formats.wb_projects.places import place_of
from cpfkit.model import Institution, Instrument, KeyDates, Money, Project, ProjectStatus
from cpfkit.model.money import MAX_AMOUNT
from cpfkit.model.wb import WbRecord

__all__ = ["Issue", "RecordAt", "WbRecord", "read_wb_projects", "to_wb_project"]

_AMOUNTS = ("ibrdcommamt", "idacommamt", "grantamt", "totalcommamt", "totalamt", "lendprojectcost")


def _institution(
    ibrd: Decimal | None, ida: Decimal | None, grant: Decimal | None, financing_type: str | None, issues: list[Issue]
) -> Institution:
    if (ibrd or 0) > 0 or (ida or 0) > 0:
        return Institution.IBRD if (ibrd or 0) >= (ida or 0) else Institution.IDA
    if (grant or 0) > 0:
        return Institution.TRUST_FUND
    by_type = wb_mapping()["financing-type"].get((financing_type or "").lower())
    if by_type is not None:
        return Institution(by_type)
    stated = f"financing type {shown(financing_type)}" if financing_type else "no financing type"
    issues.append(
        Issue(
            "projectfinancialtype",
            f"commits nothing from IBRD, IDA or a grant and states {stated} cpfkit knows: the institution is "
            "stored as other",
        )
    )
    return Institution.OTHER


def _instrument(record: dict[str, Any], issues: list[Issue]) -> Instrument:
    mapping = wb_mapping()
    name = text_field(record, "lendinginstr")
    kind = text_field(record, "lendinginstrtype")
    code = mapping["lending-instrument"].get((name or "").lower()) or mapping["lending-instrument-type"].get(
        (kind or "").lower()
    )
    if code is not None:
        return Instrument(code)
    what = f"lending instrument {shown(name)} is not one cpfkit knows" if name else "names no lending instrument"
    issues.append(Issue("lendinginstr", f"{what}: stored as other (the name is kept as published)"))
    return Instrument.OTHER


def _dates(record: dict[str, Any], issues: list[Issue]) -> tuple[date | None, date | None, KeyDates]:
    """The dates as published, and the operation's dates (a closing date before approval left out)."""
    approval = day_field(record, "boardapprovaldate", issues)
    closing = day_field(record, "closingdate", issues)
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
        raise Unsupported(f"is not a project record (a JSON object) but {shown(record)}", record=where, field="id")
    pid = text_field(record, "id")
    if pid is None:
        raise Unsupported("has no id: a record is stored by its project id", record=where, field="id")
    where = f"{where} (project {pid[:SHOWN]})"
    issues: list[Issue] = []
    amounts = {key: amount_field(record, key, where, issues) for key in _AMOUNTS}
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
    financing_type = text_field(record, "projectfinancialtype")
    institution = _institution(ibrd, ida, grant, financing_type, issues)
    instrument = _instrument(record, issues)
    status_text = text_field(record, "projectstatusdisplay", "status")
    status = wb_mapping()["status"].get((status_text or "").lower())
    if status is None:
        raise Unsupported(f"project status {shown(status_text)} is not one cpfkit knows", record=where, field="status")
    place = place_of(record)
    if place.warning is not None:
        issues.append(Issue(*place.warning))
    sectors = shares_field(record, "sector", "sector_namecode", issues)
    themes = shares_field(record, "theme", "theme_namecode", issues)
    approval, closing, dates = _dates(record, issues)
    if approval is None and status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED):
        slip = next((i.message for i in issues if i.field == "boardapprovaldate"), "the record gives none")
        raise Unsupported(
            f"{'an' if status == ProjectStatus.ACTIVE else 'a'} {status} project needs its Board approval date: {slip}",
            record=where,
            field="boardapprovaldate",
        )
    fy = text_field(record, "approvalfy")
    try:
        project = Project(
            id=pid,
            name=text_field(record, "project_name") or pid,
            country=place.country,
            region=place.region,
            institution=institution,
            instrument=instrument,
            status=ProjectStatus(status),
            dates=dates,
            commitment=Money(amount=commitment, currency="USD") if commitment is not None else None,
            sectors=sector_shares(sectors, issues),
            implementing_agency=text_field(record, "impagency"),
            borrower=text_field(record, "borrower"),
            description=text_field(record, "project_abstract", "pdo"),
            source=text_field(record, "url") or source,
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
        lending_instrument=text_field(record, "lendinginstr"),
        product_line=text_field(record, "prodlinetext", "prodline"),
        financing_type=financing_type,
        status=status_text,
        approval_fy=int(fy) if fy and fy.isdigit() else None,
        region=text_field(record, "regionname"),
        country_name=text_field(record, "countryname", "countryshortname"),
        country_code=text_field(record, "countrycode"),
        approval_date=approval,
        closing_date=closing,
        sectors=tuple(sectors),
        themes=tuple(themes),
        url=text_field(record, "url"),
    )
    return project, extra, issues
