"""cpfkit's own operations (those a programme folder or an editor defined) as IATI 2.03 activities.

:func:`native_activity` maps an operation: identifier ``<reporting-org>-<id>``;
the reporting and funding organisations of its institution
(``iati_organisations.csv``), or, for an institution with none, the reporting
organisation of the programme's IATI defaults; borrower (role 2) and
implementing agency (role 4); status; dates; country (or region); sectors —
its own, or failing that those the programme's IATI defaults give its
priority area; locations; finance and aid types from its instrument; its
commitment and ledger as transactions (a cancellation is a negative
commitment: IATI has no cancellation type); and its measured contributions to
the programme's indicators as one outcome result
(:mod:`cpfkit.formats.iati.write_results`).

Illustrative figures written get ``cpfkit:illustrative="true"`` on their
element (the whole ``iati-activity`` for an illustrative operation) and what a
programme default filled in gets ``cpfkit:default="programme"`` (with the
illustrative mark too when the default is illustrative).  A
``<description type="4">`` (Other) says the same in words, for people who read
the activity in an IATI portal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cpfkit.errors import DataError
from cpfkit.formats.iati.export_orgs import export_orgs
from cpfkit.formats.iati.native_marks import ILLUSTRATIVE, Marks, field_marks
from cpfkit.formats.iati.write import Mark, MarkedActivity
from cpfkit.formats.iati.write_results import results_of
from cpfkit.model import (
    Institution,
    Measurement,
    Programme,
    Project,
    ProjectStatus,
    SectorShare,
    Transaction,
    TransactionType,
)
from cpfkit.model.iati import IatiActivity, IatiLocation, IatiOrg, IatiShare, IatiTransaction, Narrative
from cpfkit.model.project import MULTI_COUNTRY
from cpfkit.model.publishing import IatiDefaults

__all__ = ["Native", "native_activity"]

_MULTILATERAL = "40"


@dataclass
class Native:
    """An operation as an activity with its marks, and what IATI asks for that could not be written (and why)."""

    activity: MarkedActivity
    missing: list[tuple[str, str]] = field(default_factory=list)


def _plain(text: str) -> tuple[Narrative, ...]:
    return ((None, text),)


def _organisations(
    project: Project, defaults: IatiDefaults | None, marks: Marks
) -> tuple[IatiOrg, IatiOrg | None, str]:
    """The reporting organisation, the funding one (if the institution has one) and the identifier prefix."""
    orgs = export_orgs()
    record = f"project {project.id}"
    funder = None
    if project.institution in orgs.funding:
        funding_ref, funding_name = orgs.funding[project.institution]
        funder = IatiOrg(funding_ref, _MULTILATERAL, _plain(funding_name), "1")
    if project.institution in orgs.reporting:
        ref, name = orgs.reporting[project.institution]
        return IatiOrg(ref, _MULTILATERAL, _plain(name)), funder, ref
    default = defaults.reporting_org if defaults else None
    if default is None:
        raise DataError(
            f"institution {project.institution} has no IATI organisation, and the programme names no reporting "
            "organisation (iati.reporting_org in programme.yaml)",
            record=record,
        )
    marks.add("reporting-org", "reporting organisation", default=True, illustrative=default.illustrative)
    return IatiOrg(default.ref, default.type, _plain(default.name)), funder, default.ref


def _sectors(
    project: Project, areas: Sequence[str], defaults: IatiDefaults | None, marks: Marks
) -> tuple[SectorShare, ...]:
    if project.sectors:
        if project.is_illustrative("sectors"):
            marks.add("sector", "sectors")
        return project.sectors
    for area in areas:
        entry = defaults.sectors_of(area) if defaults else None
        if entry is not None:
            marks.add("sector", f"sectors (of priority area {area})", default=True, illustrative=entry.illustrative)
            return entry.sectors
    return ()


def _dates(project: Project, marks: Marks) -> list[tuple[str, date]]:
    d = project.dates
    started = project.status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED)
    dates: list[tuple[str, date]] = []
    if d.approval is not None:
        dates.append(("2" if started else "1", d.approval))
    if d.closing is not None:
        dates.append(("3", d.closing))
        if project.status is ProjectStatus.CLOSED:
            dates.append(("4", d.closing))
        in_force = "dates.revised_closing" if d.revised_closing is not None else "dates.original_closing"
        if project.is_illustrative(in_force):
            marks.add("activity-date[@type='3' or @type='4']", "closing date")
    if not dates:
        raise DataError(
            "has no approval or closing date; IATI needs at least one activity date", record=f"project {project.id}"
        )
    return dates


def native_activity(
    project: Project,
    transactions: Sequence[Transaction],
    measurements: Sequence[Measurement],
    programme: Programme | None = None,
    *,
    classify: bool = True,
    areas: Sequence[str] = (),
) -> Native:
    """An operation defined in cpfkit, as an IATI activity with its marks.

    Args:
        project: the operation (illustrative parts that must not be published already removed).
        transactions: its ledger (those to publish).
        measurements: its measured contributions to ``programme``'s indicators.
        programme: the programme being exported (its indicators, its IATI defaults).
        classify: write the finance and aid types its instrument implies.
        areas: the programme's priority areas the operation serves, in the programme's order.

    Raises:
        DataError: the operation cannot be written (no reporting organisation, no
            participating organisation, or no date at all).
    """
    orgs = export_orgs()
    defaults = programme.iati if programme else None
    marks = Marks()
    whole = project.illustrative
    reporting, funder, prefix = _organisations(project, defaults, marks)
    identifier = f"{prefix}-{project.id}"
    participating = [funder] if funder else []
    if project.borrower:
        participating.append(IatiOrg(None, None, _plain(project.borrower), "2"))
    if project.implementing_agency:
        participating.append(IatiOrg(None, None, _plain(project.implementing_agency), "4"))
    if not participating:
        raise DataError(
            f"has no participating organisation: institution {project.institution} has no IATI organisation and "
            "the operation names no borrower or implementing agency",
            record=f"project {project.id}",
        )
    finance = aid = None
    if classify:
        trust_fund = project.institution is Institution.TRUST_FUND
        finance = "110" if trust_fund else orgs.finance_type.get(project.instrument.value)
        aid = orgs.aid_type.get(project.instrument.value)
    field_marks(project, classified=finance is not None or aid is not None, marks=marks)
    dates = _dates(project, marks)
    missing: list[tuple[str, str]] = []
    sectors = _sectors(project, areas, defaults, marks)
    if not sectors:
        missing.append(
            ("sectors", "the operation names none, and the programme's IATI defaults give none for its priority areas")
        )
    countries: tuple[IatiShare, ...] = ()
    regions: tuple[IatiShare, ...] = ()
    if project.country is not None:
        countries = (IatiShare(project.country, percentage=Decimal(100)),)
    elif project.region not in (None, MULTI_COUNTRY):
        regions = (IatiShare(str(project.region), "1", percentage=Decimal(100)),)
    else:
        missing.append(("recipient-country", "a multi-country operation: no one country or IATI region is written"))
    txs = _transactions(project, transactions, funder, identifier, marks)
    results, result_marks, result_labels = results_of(project, measurements, programme)
    marks.marks += result_marks
    marks.illustrative += result_labels
    if whole:
        marks.marks.insert(0, Mark(".", ILLUSTRATIVE))
    descriptions: list[tuple[str | None, tuple[Narrative, ...]]] = [("1", _plain(project.description or project.name))]
    note = marks.description(whole)
    if note is not None:
        descriptions.append(note)
    activity = IatiActivity(
        identifier=identifier,
        reporting_org=reporting,
        lang="en",
        default_currency=project.commitment.currency if project.commitment else "USD",
        titles=_plain(project.name),
        descriptions=tuple(descriptions),
        participating_orgs=tuple(participating),
        status=orgs.status_code[project.status],
        dates=tuple(dates),
        recipient_countries=countries,
        recipient_regions=regions,
        sectors=tuple(
            IatiShare(
                s.code,
                s.vocabulary,
                percentage=s.percentage,
                names=_plain(s.name) if s.name and s.vocabulary in ("98", "99") else (),
            )
            for s in sectors
        ),
        locations=tuple(
            IatiLocation(
                names=_plain(loc.name),
                lat=loc.lat,
                lon=loc.lon,
                location_class=orgs.location_class.get(loc.kind.value),
            )
            for loc in project.locations
        ),
        default_finance_type=finance,
        default_aid_types=(("1", aid),) if aid else (),
        transactions=tuple(txs),
        results=results,
    )
    return Native(MarkedActivity(activity, tuple(marks.marks)), missing)


def _transactions(
    project: Project, transactions: Sequence[Transaction], funder: IatiOrg | None, identifier: str, marks: Marks
) -> list[IatiTransaction]:
    orgs = export_orgs()
    d = project.dates
    txs: list[IatiTransaction] = []
    provider = funder._replace(role=None, activity_id=identifier) if funder else None
    if project.commitment is not None and project.status is not ProjectStatus.PIPELINE and d.approval is not None:
        txs.append(
            IatiTransaction(
                "2",
                d.approval,
                project.commitment.amount,
                project.commitment.currency,
                d.approval,
                descriptions=_plain("Board-approved commitment"),
                provider=provider,
            )
        )
        if project.is_illustrative("commitment") or project.is_illustrative("dates.approval"):
            marks.add("transaction[1]", "commitment")
    illustrative = 0
    for tx in sorted(transactions, key=lambda t: t.date):
        if tx.type is TransactionType.CANCELLATION:
            code, amount = "2", -tx.amount.amount
        else:
            code, amount = orgs.iati_code_of[tx.type], tx.amount.amount
        txs.append(
            IatiTransaction(
                code,
                tx.date,
                amount,
                tx.amount.currency,
                tx.date,
                descriptions=_plain(tx.note) if tx.note else (),
                provider=provider if code in ("2", "3") else None,
            )
        )
        if tx.illustrative or "amount" in tx.illustrative_fields or "date" in tx.illustrative_fields:
            marks.marks.append(Mark(f"transaction[{len(txs)}]", ILLUSTRATIVE))
            illustrative += 1
    if illustrative:
        marks.illustrative.append(f"{illustrative} transactions")
    return txs
