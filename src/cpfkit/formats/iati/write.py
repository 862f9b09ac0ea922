"""Writing IATI 2.03 activity XML.

:func:`activity_element` writes one :class:`~cpfkit.model.iati.IatiActivity` in
the order the 2.03 schema prescribes; :func:`write_activities` streams many to a
file (``lxml.etree.xmlfile``, so memory stays flat), validating each against
the official schema when asked.  Amounts and percentages are written in their
shortest exact form (``1500000``, ``12.5``), so an exported file imported and
exported again gives the same bytes for every activity.

An activity may carry cpfkit's marks (:class:`MarkedActivity`): attributes
in cpfkit's namespace (:data:`CPFKIT_NS`, prefix ``cpfkit``) on the elements
they qualify — ``cpfkit:illustrative="true"`` on a figure with no public
source, ``cpfkit:default="programme"`` on what the programme's IATI defaults
filled in.  The 2.03 schema lets every element that carries a figure have
attributes of other namespaces, so a marked activity stays valid; IATI tools
that do not know the namespace ignore it.  How cpfkit's own operations become
activities is :mod:`cpfkit.formats.iati.write_native`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, NamedTuple, cast

from lxml import etree

from cpfkit.errors import DataError
from cpfkit.model.iati import (
    IatiActivity,
    IatiIndicator,
    IatiLocation,
    IatiOrg,
    IatiShare,
    IatiTransaction,
    IatiValue,
    Narrative,
)
from cpfkit.reference.schemas import load_iati_schema

__all__ = [
    "CPFKIT_NS",
    "EXPORT_VERSION",
    "Mark",
    "MarkedActivity",
    "activity_element",
    "fmt_decimal",
    "write_activities",
]

EXPORT_VERSION = "2.03"
CPFKIT_NS = "urn:cpfkit:iati"
"""The namespace of cpfkit's marks in an exported IATI file (``xmlns:cpfkit``); a name, not an address."""
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SRS = "http://www.opengis.net/def/crs/EPSG/0/4326"


@dataclass(frozen=True)
class Mark:
    """A cpfkit attribute on the elements of an activity that ``path`` (an XPath from ``iati-activity``) selects."""

    path: str
    name: str  # "illustrative" or "default"
    value: str = "true"


class MarkedActivity(NamedTuple):
    """An activity and the cpfkit marks of its elements."""

    activity: IatiActivity
    marks: tuple[Mark, ...] = ()


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


def activity_element(a: IatiActivity, marks: Sequence[Mark] = ()) -> Any:
    """One activity as an ``<iati-activity>`` element, children in schema order, with cpfkit's marks.

    Raises:
        ValueError: a mark's path selects no element (a mark must qualify something written).
    """
    root = etree.Element("iati-activity", nsmap={"cpfkit": CPFKIT_NS} if marks else None)
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
    for mark in marks:
        nodes = cast(list[Any], root.xpath(mark.path))
        if not nodes:
            raise ValueError(f"mark {mark.name} of activity {a.identifier}: {mark.path!r} selects nothing")
        for node in nodes:
            node.set(f"{{{CPFKIT_NS}}}{mark.name}", mark.value)
    return root


def write_activities(
    activities: Iterable[IatiActivity | MarkedActivity], out: IO[bytes], *, generated: datetime, validate: bool = True
) -> int:
    """Write an IATI 2.03 activity file (activities with their marks, if any); return the number written.

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
            for item in activities:
                activity, marks = item if isinstance(item, MarkedActivity) else (item, ())
                element = activity_element(activity, marks)
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
