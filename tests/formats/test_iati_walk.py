"""The compiled walker builds the very activity the reference parser builds, and leaves it whatever is unusual."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks.iati_generate import generate
from lxml import etree

from cpfkit.errors import DataError
from cpfkit.formats.iati.chunks import iter_chunk, iter_chunks
from cpfkit.formats.iati.parse import ActivityParser
from cpfkit.formats.iati.reader import iter_activities, read_head
from tests.formats.test_iati_parse import element, tx

DATA = Path(__file__).parents[1] / "data" / "iati"


_LONG = "x" * 20_001


def outcome(parser: ActivityParser, e: Any) -> tuple[Any, ...]:
    """What parsing gives: the activity (as its repr, which shows each decimal's digits) and its warnings, or the
    error with where it is."""
    try:
        return ("activity", repr(parser.parse(e)), parser.warnings)
    except DataError as exc:
        return ("error", type(exc), exc.message, exc.record, exc.field)


def test_the_walker_is_built_and_used() -> None:
    # the install compiles _walk.pyx; without it every activity is read by the reference parser, several times slower
    assert ActivityParser().walker is not None
    assert ActivityParser(compiled=False).walker is None


@pytest.mark.parametrize(
    "name", ["iati-standard-example-annotated-v2.03.xml", "dfid-gb-1-albania-v2.01-2016.xml", "good-two.xml"]
)
def test_published_files_read_the_same_either_way(name: str) -> None:
    fast, reference = ActivityParser(), ActivityParser(compiled=False)
    assert fast.walker is not None
    taken = plain = 0
    for e in iter_activities(DATA / name):
        taken += fast.walker.parse(e) is not None
        result = outcome(fast, e)
        assert result == outcome(reference, e)
        plain += result[0] == "activity" and not result[2]
    # these files are written plainly: the walker takes every activity that has no warning (the standard's
    # example has one, a region code of the withdrawn list, which only the reference parser reports)
    assert taken == plain > 0 or (name.startswith("iati-standard") and taken == plain == 0)


def test_generated_registry_activities_are_all_taken_by_the_walker_and_equal(tmp_path: Path) -> None:
    path = tmp_path / "registry.xml"
    generate(path, 0.6)
    head = read_head(path)
    assert head.header is not None
    fast, reference = ActivityParser(), ActivityParser(compiled=False)
    assert fast.walker is not None
    count = 0
    for chunk in iter_chunks(path, head, 200_000):  # as an import reads: chunks parsed without blank text
        activities, _ = iter_chunk(head.header, chunk)
        for e in activities:
            walked = fast.walker.parse(e)
            assert walked is not None, e.findtext("iati-identifier")
            assert repr(walked) == repr(reference.parse(e)) and reference.warnings == []
            count += 1
    assert count > 10


_TAKEN = {
    "an empty attribute": '<participating-org role="1" ref=""><narrative>N</narrative></participating-org>',
    "a comment inside a narrative": "<title><narrative>Rural<!-- draft --> roads</narrative></title>",
    "an element of another namespace": '<x:note xmlns:x="urn:x"><x:title>ignored</x:title></x:note>'
    '<title><narrative xml:lang="fr">Routes</narrative></title>',
    "entities written in text and attributes": "<title><narrative>A &amp; B &#1046;</narrative></title>"
    '<participating-org role="1" ref="R&amp;D"/>',
    "an open sector vocabulary": '<sector vocabulary="99" code="MY-OWN" percentage="100"/>',
    "a location with a point": '<location ref="L1"><name><narrative>Almaty</narrative></name>'
    '<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>43.25 76.95</pos></point>'
    '<exactness code="1"/></location>',
    "a qualitative value": '<result type="1"><indicator measure="5"><period><period-start iso-date="2020-01-01"/>'
    '<period-end iso-date="2020-12-31"/><actual value="yes"/></period></indicator></result>',
    "an amount of thirteen digits": tx("-9999999999999.99"),
    "a narrative of as many characters as cpfkit keeps": f"<title><narrative>{_LONG[1:]}</narrative></title>",
}

_GIVEN_BACK = {
    "a padded amount": tx(" 1000 "),
    "a padded transaction type": tx("5").replace('code="3"', 'code=" 3 "'),
    "a padded code of an open vocabulary": '<sector vocabulary="99" code=" MINE "/>',
    "a date with a time zone": tx("5").replace('iso-date="2020-01-01"', 'iso-date="2020-01-01Z"'),
    "a code kept with a warning": '<default-finance-type code="999"/>',
    "an unknown code": '<activity-status code="9"/>',
    "a transaction without value": '<transaction><transaction-type code="3"/>'
    '<transaction-date iso-date="2020-01-01"/></transaction>',
    "a percentage over 100": '<sector code="21020" percentage="120"/>',
    "an empty percentage": '<sector code="21020" percentage=""/>',
    "coordinates out of range": "<location><point><pos>95 10</pos></point></location>",
    "a baseline year that is not one": '<result type="1"><indicator measure="1">'
    '<baseline year="20x9" value="1"/></indicator></result>',
    "a period without an end": '<result type="1"><indicator measure="1"><period>'
    '<period-start iso-date="2020-01-01"/></period></indicator></result>',
    "an empty code of an optional element": '<default-tied-status code=""/>',
    "an optional element without its code": "<collaboration-type/>",
    "a transaction classification without code": tx("5", "<tied-status/>"),
    "an empty transaction classification": tx("5", '<finance-type code=""/>'),
    "a participating organisation without role": '<participating-org ref="P"/>',
    "an empty language": '<title><narrative xml:lang="">T</narrative></title>',
    "an unknown description type": '<description type="99"><narrative>D</narrative></description>',
    "a narrative longer than cpfkit keeps": f"<description><narrative>{_LONG}</narrative></description>",
    "an amount that may pass the ceiling": tx("10000000000000"),
    "an amount beyond the ceiling": tx("-12345678901234567.89"),
    "a budget beyond the ceiling": '<budget><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
    "<value>100000000000000</value></budget>",
}


@pytest.mark.parametrize("strict", [False, True], ids=["warn", "strict"])
@pytest.mark.parametrize("body", list(_TAKEN.values()), ids=list(_TAKEN))
def test_the_walker_takes_plain_forms_and_reads_them_as_the_reference_does(body: str, strict: bool) -> None:
    fast, reference = ActivityParser(strict=strict), ActivityParser(compiled=False, strict=strict)
    assert fast.walker is not None
    e = element(body)
    assert fast.walker.parse(e) is not None
    assert outcome(fast, e) == outcome(reference, e)


@pytest.mark.parametrize("strict", [False, True], ids=["warn", "strict"])
@pytest.mark.parametrize("body", list(_GIVEN_BACK.values()), ids=list(_GIVEN_BACK))
def test_the_walker_gives_back_what_is_unusual_and_the_result_is_the_reference_one(body: str, strict: bool) -> None:
    fast, reference = ActivityParser(strict=strict), ActivityParser(compiled=False, strict=strict)
    assert fast.walker is not None
    e = element(body)
    assert fast.walker.parse(e) is None
    assert outcome(fast, e) == outcome(reference, e)


def test_a_document_with_a_dtd_is_left_to_the_reference_parser() -> None:
    # a DTD can give attributes default values that only libxml2's lookup sees
    text = (
        '<!DOCTYPE iati-activity [<!ATTLIST reporting-org type CDATA "10">]>'
        '<iati-activity default-currency="USD"><iati-identifier>X-1</iati-identifier>'
        '<reporting-org ref="X"/></iati-activity>'
    )
    e = etree.fromstring(text.encode(), etree.XMLParser(resolve_entities=False))
    fast, reference = ActivityParser(), ActivityParser(compiled=False)
    assert fast.walker is not None and fast.walker.parse(e) is None
    assert outcome(fast, e) == outcome(reference, e)
    assert fast.parse(e).reporting_org.type == "10"  # the DTD's default, which the walker would not have seen


def test_text_split_over_several_nodes_is_left_to_the_reference_parser() -> None:
    # kept apart by a parser that keeps CDATA sections: lxml joins the pieces, the walker gives the activity back
    body = "<title><narrative>Rural <![CDATA[roads]]></narrative></title>"
    text = '<iati-activity default-currency="USD"><iati-identifier>X-1</iati-identifier>'
    text += f'<reporting-org ref="X"/>{body}</iati-activity>'
    e = etree.fromstring(text.encode(), etree.XMLParser(strip_cdata=False))
    fast, reference = ActivityParser(), ActivityParser(compiled=False)
    assert fast.walker is not None and fast.walker.parse(e) is None
    assert outcome(fast, e) == outcome(reference, e)
    assert fast.parse(e).titles == ((None, "Rural roads"),)
