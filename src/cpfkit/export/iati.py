"""Writing IATI 2.03 activity XML, and describing cpfkit's own operations as IATI activities.

:func:`activity_element` writes one :class:`~cpfkit.model.iati.IatiActivity` in
the order the 2.03 schema prescribes; :func:`write_activities` streams many to a
file (``lxml.etree.xmlfile``, so memory stays flat), validating each against
the official schema when asked.  Amounts and percentages are written in their
shortest exact form (``1500000``, ``12.5``), so an exported file imported and
exported again gives the same bytes for every activity.

:func:`native_activity` is the mapping of an operation that did not come from
IATI (one defined in a programme folder): identifier ``<reporting-org>-<id>``,
the reporting and funding organisations of its institution
(``iati_organisations.csv``), its status, dates, country, sectors and
locations, its commitment and ledger as transactions (a cancellation is a
negative commitment: IATI has no cancellation type), and its measured
contributions to the programme's indicators as one outcome result.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import IO, Any, cast

from lxml import etree

from cpfkit.errors import DataError
from cpfkit.model import (
    Direction,
    Indicator,
    Institution,
    Measurement,
    Programme,
    Project,
    ProjectStatus,
    Transaction,
    TransactionType,
)
from cpfkit.model.iati import (
    IatiActivity,
    IatiIndicator,
    IatiLocation,
    IatiOrg,
    IatiPeriod,
    IatiResult,
    IatiShare,
    IatiTransaction,
    IatiValue,
    Narrative,
)
from cpfkit.reference import load_catalogue
from cpfkit.reference.schemas import load_iati_schema

__all__ = [
    "EXPORT_VERSION",
    "ExportOrgs",
    "activity_element",
    "export_orgs",
    "fmt_decimal",
    "native_activity",
    "write_activities",
]

EXPORT_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SRS = "http://www.opengis.net/def/crs/EPSG/0/4326"
_MULTILATERAL = "40"


def fmt_decimal(value: Decimal) -> str:
    """A decimal in its shortest exact fixed-point form.

    Examples:
        >>> fmt_decimal(Decimal("1500000.00")), fmt_decimal(Decimal("12.50")), fmt_decimal(Decimal("-0.0"))
        ('1500000', '12.5', '0')
    """
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


# -- writing -----------------------------------------------------------------------------


def _narratives(parent: Any, narratives: Sequence[Narrative]) -> None:
    for lang, text in narratives:
        node = etree.SubElement(parent, "narrative")
        if lang is not None:
            node.set(XML_LANG, lang)
        node.text = text


def _set(node: Any, **attrs: str | None) -> Any:
    for key, value in attrs.items():
        if value is not None:
            node.set(key.replace("_", "-"), value)
    return node


def _org(parent: Any, tag: str, org: IatiOrg, activity_attr: str | None = None) -> None:
    node = etree.SubElement(parent, tag)
    if org.ref is not None:
        node.set("ref", org.ref)
    if org.type is not None:
        node.set("type", org.type)
    if org.role is not None:
        node.set("role", org.role)
    if activity_attr and org.activity_id is not None:
        node.set(activity_attr, org.activity_id)
    if org.crs_channel_code is not None:
        node.set("crs-channel-code", org.crs_channel_code)
    if org.secondary_reporter is not None:
        node.set("secondary-reporter", org.secondary_reporter)
    _narratives(node, org.names)


def _share(parent: Any, tag: str, share: IatiShare) -> None:
    node = _set(etree.SubElement(parent, tag), code=share.code)
    _set(node, vocabulary=share.vocabulary, vocabulary_uri=share.vocabulary_uri)
    if share.percentage is not None:
        node.set("percentage", fmt_decimal(share.percentage))
    _narratives(node, share.names)


def _code(parent: Any, tag: str, code: str | None, **attrs: str | None) -> None:
    if code is not None:
        _set(etree.SubElement(parent, tag), code=code, **attrs)


def _value(parent: Any, amount: Decimal, currency: str, value_date: date) -> None:
    node = etree.SubElement(parent, "value", {"currency": currency, "value-date": value_date.isoformat()})
    node.text = fmt_decimal(amount)


def _location(parent: Any, loc: IatiLocation) -> None:
    node = _set(etree.SubElement(parent, "location"), ref=loc.ref)
    _code(node, "location-reach", loc.reach)
    for vocabulary, code in loc.ids:
        _set(etree.SubElement(node, "location-id"), vocabulary=vocabulary, code=code)
    for tag, narratives in (
        ("name", loc.names),
        ("description", loc.descriptions),
        ("activity-description", loc.activity_descriptions),
    ):
        if narratives:
            _narratives(etree.SubElement(node, tag), narratives)
    for vocabulary, level, code in loc.administrative:
        _set(etree.SubElement(node, "administrative"), vocabulary=vocabulary, level=level, code=code)
    if loc.lat is not None and loc.lon is not None:
        point = etree.SubElement(node, "point", srsName=_SRS)
        etree.SubElement(point, "pos").text = f"{fmt_decimal(loc.lat)} {fmt_decimal(loc.lon)}"
    _code(node, "exactness", loc.exactness)
    _code(node, "location-class", loc.location_class)
    _code(node, "feature-designation", loc.feature_designation)


def _transaction(parent: Any, tx: IatiTransaction) -> None:
    node = _set(etree.SubElement(parent, "transaction"), ref=tx.ref, humanitarian=tx.humanitarian)
    etree.SubElement(node, "transaction-type", code=tx.type)
    etree.SubElement(node, "transaction-date", {"iso-date": tx.date.isoformat()})
    _value(node, tx.value, tx.currency, tx.value_date or tx.date)
    if tx.descriptions:
        _narratives(etree.SubElement(node, "description"), tx.descriptions)
    if tx.provider is not None:
        _org(node, "provider-org", tx.provider, "provider-activity-id")
    if tx.receiver is not None:
        _org(node, "receiver-org", tx.receiver, "receiver-activity-id")
    _code(node, "disbursement-channel", tx.disbursement_channel)
    for sector in tx.sectors:
        _share(node, "sector", sector)
    if tx.recipient_country is not None:
        _share(node, "recipient-country", tx.recipient_country)
    if tx.recipient_region is not None:
        _share(node, "recipient-region", tx.recipient_region)
    _code(node, "flow-type", tx.flow_type)
    _code(node, "finance-type", tx.finance_type)
    for vocabulary, code in tx.aid_types:
        _code(node, "aid-type", code, vocabulary=vocabulary)
    _code(node, "tied-status", tx.tied_status)


def _measure(parent: Any, tag: str, value: IatiValue, *, baseline: bool = False) -> None:
    node = etree.SubElement(parent, tag)
    if baseline:
        year = value.year or (str(value.iso_date.year) if value.iso_date else None)
        _set(node, year=year, iso_date=value.iso_date.isoformat() if value.iso_date else None)
    if value.value is not None:
        node.set("value", value.value)
    for ref in value.locations:
        etree.SubElement(node, "location", ref=ref)
    for name, dim_value in value.dimensions:
        etree.SubElement(node, "dimension", name=name, value=dim_value)
    if value.comments:
        _narratives(etree.SubElement(node, "comment"), value.comments)


def _indicator(parent: Any, ind: IatiIndicator) -> None:
    node = _set(
        etree.SubElement(parent, "indicator", measure=ind.measure),
        ascending=ind.ascending,
        aggregation_status=ind.aggregation_status,
    )
    _narratives(etree.SubElement(node, "title"), ind.titles)
    if ind.descriptions:
        _narratives(etree.SubElement(node, "description"), ind.descriptions)
    for vocabulary, code, uri in ind.references:
        _set(etree.SubElement(node, "reference"), vocabulary=vocabulary, code=code, indicator_uri=uri)
    for baseline in ind.baselines:
        _measure(node, "baseline", baseline, baseline=True)
    for period in ind.periods:
        p = etree.SubElement(node, "period")
        etree.SubElement(p, "period-start", {"iso-date": period.start.isoformat()})
        etree.SubElement(p, "period-end", {"iso-date": period.end.isoformat()})
        for target in period.targets:
            _measure(p, "target", target)
        for actual in period.actuals:
            _measure(p, "actual", actual)


def activity_element(a: IatiActivity) -> Any:
    """One activity as an ``<iati-activity>`` element, children in schema order."""
    root = etree.Element("iati-activity")
    if a.lang is not None:
        root.set(XML_LANG, a.lang)
    _set(
        root,
        default_currency=a.default_currency,
        last_updated_datetime=a.last_updated,
        humanitarian=a.humanitarian,
        hierarchy=a.hierarchy,
    )
    etree.SubElement(root, "iati-identifier").text = a.identifier
    _org(root, "reporting-org", a.reporting_org)
    _narratives(etree.SubElement(root, "title"), a.titles or ((None, a.identifier),))
    for kind, narratives in a.descriptions:
        _narratives(_set(etree.SubElement(root, "description"), type=kind), narratives)
    for org in a.participating_orgs:
        _org(root, "participating-org", org, "activity-id")
    _code(root, "activity-status", a.status)
    for kind, on in a.dates:
        etree.SubElement(root, "activity-date", {"type": kind, "iso-date": on.isoformat()})
    _code(root, "activity-scope", a.scope)
    for share in a.recipient_countries:
        _share(root, "recipient-country", share)
    for share in a.recipient_regions:
        _share(root, "recipient-region", share)
    for loc in a.locations:
        _location(root, loc)
    for share in a.sectors:
        _share(root, "sector", share)
    _code(root, "collaboration-type", a.collaboration_type)
    _code(root, "default-flow-type", a.default_flow_type)
    _code(root, "default-finance-type", a.default_finance_type)
    for vocabulary, code in a.default_aid_types:
        _code(root, "default-aid-type", code, vocabulary=vocabulary)
    _code(root, "default-tied-status", a.default_tied_status)
    for budget in a.budgets:
        node = _set(etree.SubElement(root, "budget"), type=budget.type, status=budget.status)
        etree.SubElement(node, "period-start", {"iso-date": budget.period_start.isoformat()})
        etree.SubElement(node, "period-end", {"iso-date": budget.period_end.isoformat()})
        _value(node, budget.value, budget.currency, budget.value_date or budget.period_start)
    for tx in a.transactions:
        _transaction(root, tx)
    for kind, ref in a.related:
        etree.SubElement(root, "related-activity", ref=ref, type=kind)
    for result in a.results:
        node = _set(etree.SubElement(root, "result", type=result.type), aggregation_status=result.aggregation_status)
        _narratives(etree.SubElement(node, "title"), result.titles)
        if result.descriptions:
            _narratives(etree.SubElement(node, "description"), result.descriptions)
        for ind in result.indicators:
            _indicator(node, ind)
    return root


def write_activities(
    activities: Iterable[IatiActivity], out: IO[bytes], *, generated: datetime, validate: bool = True
) -> int:
    """Write an IATI 2.03 activity file; return the number of activities written.

    Raises:
        DataError: with ``validate``, an activity that does not conform to the 2.03
            schema (named by identifier, with the schema's message).
    """
    schema = load_iati_schema() if validate else None
    count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        attrs = {"version": EXPORT_VERSION, "generated-datetime": generated.strftime("%Y-%m-%dT%H:%M:%SZ")}
        with xf.element("iati-activities", attrs):
            for activity in activities:
                element = activity_element(activity)
                if schema is not None and not schema.validate(element):
                    error = cast(Sequence[Any], schema.error_log)[0]
                    raise DataError(
                        f"does not conform to the IATI 2.03 schema: {error.message}",
                        record=f"activity {activity.identifier}",
                        field=(error.path or "iati-activity").lstrip("/"),
                    )
                etree.indent(element, space="  ", level=1)
                xf.write("\n  ", element)
                count += 1
            xf.write("\n")
    return count


# -- cpfkit operations as IATI activities ------------------------------------------------


@dataclass(frozen=True)
class ExportOrgs:
    """The IATI organisations of each institution: reporting (ref, name) and funding (ref, name)."""

    reporting: dict[Institution, tuple[str, str]]
    funding: dict[Institution, tuple[str, str]]
    status_code: dict[ProjectStatus, str]
    location_class: dict[str, str]
    aid_type: dict[str, str]
    finance_type: dict[str, str]
    iati_code_of: dict[TransactionType, str]


@cache
def export_orgs() -> ExportOrgs:
    """Load the export side of ``iati_organisations.csv``, ``iati_mapping.csv`` and ``transaction_types.csv``."""
    orgs = load_catalogue("iati_organisations")
    names = {row["ref"]: row["name"] for row in orgs}
    reporting: dict[Institution, tuple[str, str]] = {}
    funding: dict[Institution, tuple[str, str]] = {}
    for row in orgs:
        if row["export"] == "yes":
            institution = Institution(row["institution"])
            funding[institution] = (row["ref"], row["name"])
            reporting[institution] = (row["reporting_ref"], names[row["reporting_ref"]])
    mapping: dict[str, dict[str, str]] = defaultdict(dict)
    for row in load_catalogue("iati_mapping"):
        table = mapping[row["mapping"]]
        if row["mapping"].startswith("export-"):
            table[row["from"]] = row["to"]
        else:  # the first IATI code listed for a cpfkit value is the one written
            table.setdefault(row["to"], row["from"])
    iati_code_of = {
        TransactionType(row["code"]): row["iati_code"]
        for row in load_catalogue("transaction_types")
        if row["iati_code"]
    }
    return ExportOrgs(
        reporting=reporting,
        funding=funding,
        status_code={ProjectStatus(k): v for k, v in mapping["activity-status"].items()},
        location_class=dict(mapping["location-class"]),
        aid_type=dict(mapping["export-aid-type"]),
        finance_type=dict(mapping["export-finance-type"]),
        iati_code_of=iati_code_of,
    )


def _plain(text: str) -> tuple[Narrative, ...]:
    return ((None, text),)


def native_activity(
    project: Project,
    transactions: Sequence[Transaction],
    measurements: Sequence[Measurement],
    programme: Programme | None = None,
    *,
    classify: bool = True,
) -> IatiActivity:
    """An operation defined in cpfkit, as an IATI activity.

    Args:
        project: the operation.
        transactions: its ledger (those to publish).
        measurements: its measured contributions to ``programme``'s indicators.
        programme: the programme whose indicators the measurements belong to.
        classify: write the finance and aid types its instrument implies (not when the instrument is illustrative).

    Raises:
        DataError: the operation cannot be published (its institution has no IATI
            organisation, or it has no date at all).
    """
    orgs = export_orgs()
    record = f"project {project.id}"
    if project.institution not in orgs.reporting:
        raise DataError(f"institution {project.institution} has no IATI organisation", record=record)
    reporting_ref, reporting_name = orgs.reporting[project.institution]
    funding_ref, funding_name = orgs.funding[project.institution]
    identifier = f"{reporting_ref}-{project.id}"
    funder = IatiOrg(funding_ref, _MULTILATERAL, _plain(funding_name), "1")
    participating = [funder]
    if project.borrower:
        participating.append(IatiOrg(None, None, _plain(project.borrower), "2"))
    if project.implementing_agency:
        participating.append(IatiOrg(None, None, _plain(project.implementing_agency), "4"))
    d = project.dates
    started = project.status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED)
    dates: list[tuple[str, date]] = []
    if d.approval is not None:
        dates.append(("2" if started else "1", d.approval))
    if d.closing is not None:
        dates.append(("3", d.closing))
        if project.status is ProjectStatus.CLOSED:
            dates.append(("4", d.closing))
    if not dates:
        raise DataError("has no approval or closing date; IATI needs at least one activity date", record=record)
    currency = project.commitment.currency if project.commitment else "USD"
    txs: list[IatiTransaction] = []
    provider = IatiOrg(funding_ref, _MULTILATERAL, _plain(funding_name), activity_id=identifier)
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
    finance = aid = None
    if classify:
        trust_fund = project.institution is Institution.TRUST_FUND
        finance = "110" if trust_fund else orgs.finance_type.get(project.instrument.value)
        aid = orgs.aid_type.get(project.instrument.value)
    return IatiActivity(
        identifier=identifier,
        reporting_org=IatiOrg(reporting_ref, _MULTILATERAL, _plain(reporting_name)),
        lang="en",
        default_currency=currency,
        titles=_plain(project.name),
        descriptions=(("1", _plain(project.description or project.name)),),
        participating_orgs=tuple(participating),
        status=orgs.status_code[project.status],
        dates=tuple(dates),
        recipient_countries=(IatiShare(project.country, percentage=Decimal(100)),),
        sectors=tuple(
            IatiShare(
                s.code,
                s.vocabulary,
                percentage=s.percentage,
                names=_plain(s.name) if s.name and s.vocabulary in ("98", "99") else (),
            )
            for s in project.sectors
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
        results=_results(project, measurements, programme),
    )


def _results(
    project: Project, measurements: Sequence[Measurement], programme: Programme | None
) -> tuple[IatiResult, ...]:
    if programme is None or not measurements:
        return ()
    by_indicator: dict[str, list[Measurement]] = defaultdict(list)
    for m in measurements:
        if m.project == project.id:
            by_indicator[m.indicator].append(m)
    indicators = [
        _indicator_of(indicator, sorted(by_indicator[indicator.code], key=lambda m: m.date), programme)
        for _, _, indicator in programme.indicators()
        if indicator.code in by_indicator
    ]
    if not indicators:
        return ()
    title = f"Contribution to the results framework of {programme.title}"
    return (IatiResult("2", None, _plain(title), (), tuple(indicators)),)


def _indicator_of(indicator: Indicator, series: list[Measurement], programme: Programme) -> IatiIndicator:
    measure = "2" if indicator.unit.strip() in ("%", "percent", "percentage") else "1"
    ascending = {Direction.INCREASE: "1", Direction.DECREASE: "0"}.get(indicator.direction)
    baselines: tuple[IatiValue, ...] = ()
    start = programme.period_start
    if indicator.baseline is not None:
        b = indicator.baseline
        baselines = (IatiValue(fmt_decimal(b.value), year=str(b.date.year), iso_date=b.date),)
        start = b.date
    periods: list[IatiPeriod] = []
    target = indicator.target
    for m in series:
        end = m.date
        targets: tuple[IatiValue, ...] = ()
        if target is not None and target.date == end:
            targets, target = (IatiValue(fmt_decimal(target.value)),), None
        actual = IatiValue(fmt_decimal(m.value), comments=_plain(m.note) if m.note else ())
        periods.append(IatiPeriod(min(start, end), end, targets, (actual,)))
        start = end + timedelta(days=1)
    if target is not None:
        periods.append(IatiPeriod(min(start, target.date), target.date, (IatiValue(fmt_decimal(target.value)),)))
    return IatiIndicator(
        measure=measure,
        ascending=ascending,
        titles=_plain(indicator.name),
        descriptions=_plain(f"Unit: {indicator.unit}"),
        references=(("99", indicator.code, None),),
        baselines=baselines,
        periods=tuple(periods),
    )
