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
from datetime import datetime
from typing import IO, Any, NamedTuple, cast

from lxml import etree

from cpfkit.errors import DataError
from cpfkit.formats.iati.write_elements import (
    XML_LANG,
    add_code,
    add_indicator,
    add_location,
    add_narratives,
    add_org,
    add_share,
    add_transaction,
    add_value,
    set_attributes,
)
from cpfkit.model.iati import (
    IatiActivity,
)
from cpfkit.reference.schemas import load_iati_schema

__all__ = [
    "CPFKIT_NS",
    "EXPORT_VERSION",
    "Mark",
    "MarkedActivity",
    "activity_element",
    "write_activities",
]

EXPORT_VERSION = "2.03"
CPFKIT_NS = "urn:cpfkit:iati"
"""The namespace of cpfkit's marks in an exported IATI file (``xmlns:cpfkit``); a name, not an address."""


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


def activity_element(a: IatiActivity, marks: Sequence[Mark] = ()) -> Any:
    """One activity as an ``<iati-activity>`` element, children in schema order, with cpfkit's marks.

    Raises:
        ValueError: a mark's path selects no element (a mark must qualify something written).
    """
    root = etree.Element("iati-activity", nsmap={"cpfkit": CPFKIT_NS} if marks else None)
    if a.lang is not None:
        root.set(XML_LANG, a.lang)
    set_attributes(
        root,
        default_currency=a.default_currency,
        last_updated_datetime=a.last_updated,
        humanitarian=a.humanitarian,
        hierarchy=a.hierarchy,
    )
    etree.SubElement(root, "iati-identifier").text = a.identifier
    add_org(root, "reporting-org", a.reporting_org)
    add_narratives(etree.SubElement(root, "title"), a.titles or ((None, a.identifier),))
    for kind, narratives in a.descriptions:
        add_narratives(set_attributes(etree.SubElement(root, "description"), type=kind), narratives)
    for org in a.participating_orgs:
        add_org(root, "participating-org", org, "activity-id")
    add_code(root, "activity-status", a.status)
    for kind, on in a.dates:
        etree.SubElement(root, "activity-date", {"type": kind, "iso-date": on.isoformat()})
    add_code(root, "activity-scope", a.scope)
    for share in a.recipient_countries:
        add_share(root, "recipient-country", share)
    for share in a.recipient_regions:
        add_share(root, "recipient-region", share)
    for loc in a.locations:
        add_location(root, loc)
    for share in a.sectors:
        add_share(root, "sector", share)
    add_code(root, "collaboration-type", a.collaboration_type)
    add_code(root, "default-flow-type", a.default_flow_type)
    add_code(root, "default-finance-type", a.default_finance_type)
    for vocabulary, code in a.default_aid_types:
        add_code(root, "default-aid-type", code, vocabulary=vocabulary)
    add_code(root, "default-tied-status", a.default_tied_status)
    for budget in a.budgets:
        node = set_attributes(etree.SubElement(root, "budget"), type=budget.type, status=budget.status)
        etree.SubElement(node, "period-start", {"iso-date": budget.period_start.isoformat()})
        etree.SubElement(node, "period-end", {"iso-date": budget.period_end.isoformat()})
        add_value(node, budget.value, budget.currency, budget.value_date or budget.period_start)
    for tx in a.transactions:
        add_transaction(root, tx)
    for kind, ref in a.related:
        etree.SubElement(root, "related-activity", ref=ref, type=kind)
    for result in a.results:
        node = set_attributes(
            etree.SubElement(root, "result", type=result.type), aggregation_status=result.aggregation_status
        )
        add_narratives(etree.SubElement(node, "title"), result.titles)
        if result.descriptions:
            add_narratives(etree.SubElement(node, "description"), result.descriptions)
        for ind in result.indicators:
            add_indicator(node, ind)
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
