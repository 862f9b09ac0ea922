"""The elements of an IATI 2.03 activity, each written under its parent as the schema has it.

Amounts and percentages are written in their shortest exact form (:func:`fmt_decimal`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree

from cpfkit.model.iati import (
    IatiIndicator,
    IatiLocation,
    IatiOrg,
    IatiShare,
    IatiTransaction,
    IatiValue,
    Narrative,
)

__all__ = [
    "XML_LANG",
    "add_code",
    "add_indicator",
    "add_location",
    "add_measure",
    "add_narratives",
    "add_org",
    "add_share",
    "add_transaction",
    "add_value",
    "fmt_decimal",
    "set_attributes",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/4326"


def fmt_decimal(value: Decimal) -> str:
    """A decimal in its shortest exact fixed-point form.

    Examples:
        >>> fmt_decimal(Decimal("1500000.00")), fmt_decimal(Decimal("12.50")), fmt_decimal(Decimal("-0.0"))
        ('1500000', '12.5', '0')
    """
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def add_narratives(parent: Any, narratives: Sequence[Narrative]) -> None:
    """Narratives under a parent, each with its language."""
    for lang, text in narratives:
        node = etree.SubElement(parent, "narrative")
        if lang is not None:
            node.set(XML_LANG, lang)
        node.text = text


def set_attributes(node: Any, **attrs: str | None) -> Any:
    """Set the attributes given a value (None: left out); returns the node."""
    for key, value in attrs.items():
        if value is not None:
            node.set(key.replace("_", "-"), value)
    return node


def add_org(parent: Any, tag: str, org: IatiOrg, activity_attr: str | None = None) -> None:
    """An organisation element: ref, type, activity id and names."""
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
    add_narratives(node, org.names)


def add_share(parent: Any, tag: str, share: IatiShare) -> None:
    """A coded share (country, region, sector) with its vocabulary, percentage and names."""
    node = set_attributes(etree.SubElement(parent, tag), code=share.code)
    set_attributes(node, vocabulary=share.vocabulary, vocabulary_uri=share.vocabulary_uri)
    if share.percentage is not None:
        node.set("percentage", fmt_decimal(share.percentage))
    add_narratives(node, share.names)


def add_code(parent: Any, tag: str, code: str | None, **attrs: str | None) -> None:
    """An element with a code attribute, when there is a code."""
    if code is not None:
        set_attributes(etree.SubElement(parent, tag), code=code, **attrs)


def add_value(parent: Any, amount: Decimal, currency: str, value_date: date) -> None:
    """A value element: the amount in its currency at its value date."""
    node = etree.SubElement(parent, "value", {"currency": currency, "value-date": value_date.isoformat()})
    node.text = fmt_decimal(amount)


def add_location(parent: Any, loc: IatiLocation) -> None:
    """A location: reach, identifiers, names, descriptions, administrative areas, point, exactness, class."""
    node = set_attributes(etree.SubElement(parent, "location"), ref=loc.ref)
    add_code(node, "location-reach", loc.reach)
    for vocabulary, code in loc.ids:
        set_attributes(etree.SubElement(node, "location-id"), vocabulary=vocabulary, code=code)
    for tag, narratives in (
        ("name", loc.names),
        ("description", loc.descriptions),
        ("activity-description", loc.activity_descriptions),
    ):
        if narratives:
            add_narratives(etree.SubElement(node, tag), narratives)
    for vocabulary, level, code in loc.administrative:
        set_attributes(etree.SubElement(node, "administrative"), vocabulary=vocabulary, level=level, code=code)
    if loc.lat is not None and loc.lon is not None:
        point = etree.SubElement(node, "point", srsName=SRS_NAME)
        etree.SubElement(point, "pos").text = f"{fmt_decimal(loc.lat)} {fmt_decimal(loc.lon)}"
    add_code(node, "exactness", loc.exactness)
    add_code(node, "location-class", loc.location_class)
    add_code(node, "feature-designation", loc.feature_designation)


def add_transaction(parent: Any, tx: IatiTransaction) -> None:
    """A transaction with its type, date, value, parties, classifications and aid types."""
    node = set_attributes(etree.SubElement(parent, "transaction"), ref=tx.ref, humanitarian=tx.humanitarian)
    etree.SubElement(node, "transaction-type", code=tx.type)
    etree.SubElement(node, "transaction-date", {"iso-date": tx.date.isoformat()})
    add_value(node, tx.value, tx.currency, tx.value_date or tx.date)
    if tx.descriptions:
        add_narratives(etree.SubElement(node, "description"), tx.descriptions)
    if tx.provider is not None:
        add_org(node, "provider-org", tx.provider, "provider-activity-id")
    if tx.receiver is not None:
        add_org(node, "receiver-org", tx.receiver, "receiver-activity-id")
    add_code(node, "disbursement-channel", tx.disbursement_channel)
    for sector in tx.sectors:
        add_share(node, "sector", sector)
    if tx.recipient_country is not None:
        add_share(node, "recipient-country", tx.recipient_country)
    if tx.recipient_region is not None:
        add_share(node, "recipient-region", tx.recipient_region)
    add_code(node, "flow-type", tx.flow_type)
    add_code(node, "finance-type", tx.finance_type)
    for vocabulary, code in tx.aid_types:
        add_code(node, "aid-type", code, vocabulary=vocabulary)
    add_code(node, "tied-status", tx.tied_status)


def add_measure(parent: Any, tag: str, value: IatiValue, *, baseline: bool = False) -> None:
    """A baseline, target or actual: value, year or date, comments, dimensions, locations."""
    node = etree.SubElement(parent, tag)
    if baseline:
        year = value.year or (str(value.iso_date.year) if value.iso_date else None)
        set_attributes(node, year=year, iso_date=value.iso_date.isoformat() if value.iso_date else None)
    if value.value is not None:
        node.set("value", value.value)
    for ref in value.locations:
        etree.SubElement(node, "location", ref=ref)
    for name, dim_value in value.dimensions:
        etree.SubElement(node, "dimension", name=name, value=dim_value)
    if value.comments:
        add_narratives(etree.SubElement(node, "comment"), value.comments)


def add_indicator(parent: Any, ind: IatiIndicator) -> None:
    """An indicator with its titles, descriptions, references, baselines and periods."""
    node = set_attributes(
        etree.SubElement(parent, "indicator", measure=ind.measure),
        ascending=ind.ascending,
        aggregation_status=ind.aggregation_status,
    )
    add_narratives(etree.SubElement(node, "title"), ind.titles)
    if ind.descriptions:
        add_narratives(etree.SubElement(node, "description"), ind.descriptions)
    for vocabulary, code, uri in ind.references:
        set_attributes(etree.SubElement(node, "reference"), vocabulary=vocabulary, code=code, indicator_uri=uri)
    for baseline in ind.baselines:
        add_measure(node, "baseline", baseline, baseline=True)
    for period in ind.periods:
        p = etree.SubElement(node, "period")
        etree.SubElement(p, "period-start", {"iso-date": period.start.isoformat()})
        etree.SubElement(p, "period-end", {"iso-date": period.end.isoformat()})
        for target in period.targets:
            add_measure(p, "target", target)
        for actual in period.actuals:
            add_measure(p, "actual", actual)
