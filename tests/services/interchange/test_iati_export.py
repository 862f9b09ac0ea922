"""Exporting IATI 2.03: schema-valid, every operation written with illustrative figures marked, round trips."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from cpfkit.errors import DataError, NotFound
from cpfkit.formats.iati.write import CPFKIT_NS
from cpfkit.reference.schemas import load_iati_schema
from cpfkit.services import programmes as services
from cpfkit.services.interchange.iati_export import export_iati
from cpfkit.services.interchange.iati_import import ImportOptions, import_iati
from cpfkit.services.interchange.wb_projects import import_wb_projects
from cpfkit.store import Store
from tests.conftest import DEMO
from tests.helpers import copy_folder, replace_in
from tests.services.interchange.test_iati_files import DFID, EXAMPLE, plain_totals
from tests.services.interchange.test_iati_import import GOOD
from tests.services.interchange.wb_patterns import pattern_records

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def activities(path: Path, *, marks: bool = True) -> dict[str, bytes]:
    """Each activity of a file in canonical form, by identifier (without cpfkit's marks if ``marks`` is false).

    cpfkit's marks are attributes of its own namespace, not IATI: an import does not keep them, so a
    round trip compares the activities without them.
    """
    root = etree.parse(str(path)).getroot()
    if not marks:
        for node in root.iter():
            for name in [n for n in node.attrib if n.startswith(f"{{{CPFKIT_NS}}}")]:
                del node.attrib[name]
        etree.cleanup_namespaces(root)
    return {a.findtext("iati-identifier"): etree.tostring(a, method="c14n") for a in root.iter("iati-activity")}


def marked(path: Path) -> dict[str, dict[str, list[str]]]:
    """For each activity, the elements carrying each cpfkit mark (by tag, with the mark's value)."""
    out: dict[str, dict[str, list[str]]] = {}
    for a in etree.parse(str(path)).getroot().iter("iati-activity"):
        found: dict[str, list[str]] = defaultdict(list)
        for node in a.iter():
            for name, value in node.attrib.items():
                if name.startswith(f"{{{CPFKIT_NS}}}"):
                    found[name.split("}")[1]].append(f"{node.tag}={value}")
        out[a.findtext("iati-identifier")] = dict(found)
    return out


def round_trip(first: Path, tmp: Path) -> Path:
    """Import a file into an empty database and export every imported activity again."""
    tmp = tmp / f"round-trip-{first.stem}"
    tmp.mkdir()
    store = Store(f"sqlite:///{tmp / 'second.db'}")
    store.migrate()
    import_iati(store, [first], ImportOptions())
    second = tmp / "second.xml"
    export_iati(store, None, second, generated=WHEN)
    store.dispose()
    return second


def test_a_programme_exports_as_valid_iati_and_round_trips(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "demo.xml"
    report = export_iati(demo_store, "xx-demo", out, include_illustrative=True, generated=WHEN)
    assert load_iati_schema().validate(etree.parse(str(out)))
    written = activities(out)
    data = services.programme_data(demo_store, "xx-demo")
    assert report.activities == len(written) == len(data.projects)
    second = round_trip(out, tmp_path)
    assert activities(second) == activities(out, marks=False)
    assert plain_totals(second) == plain_totals(out) == report.to_json()["transactions"]


def test_operations_become_activities_with_commitment_ledger_and_results(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "demo.xml"
    export_iati(demo_store, "xx-demo", out, include_illustrative=True, generated=WHEN)
    root = etree.parse(str(out)).getroot()
    data = services.programme_data(demo_store, "xx-demo")
    p1 = next(p for p in data.projects if p.id == "P1")
    [activity] = [a for a in root.iter("iati-activity") if a.findtext("iati-identifier").endswith("-P1")]
    assert activity.findtext("title/narrative") == p1.name
    assert activity.find("recipient-country").get("code") == p1.country
    # the approved amount is a commitment; a cancellation is a negative commitment (IATI has no cancellation type)
    by_type: dict[str, list[Decimal]] = defaultdict(list)
    for tx in activity.iter("transaction"):
        by_type[tx.find("transaction-type").get("code")].append(Decimal(tx.findtext("value")))
    ledger = [t for t in data.transactions if t.project == "P1"]
    cancelled = sum(t.amount.amount for t in ledger if t.type.value == "cancellation")
    disbursed = sum(t.amount.amount for t in ledger if t.type.value == "disbursement")
    assert p1.commitment is not None and cancelled > 0
    assert sorted(by_type["2"]) == sorted([p1.commitment.amount, -cancelled])
    assert sum(by_type["3"]) == disbursed
    measured = {m.indicator for m in data.measurements if m.project == "P1"}
    assert {r.get("code") for r in activity.iterfind("result/indicator/reference")} == measured


def test_the_embedded_programmes_write_every_operation_marked_and_round_trip(
    embedded_store: Store, tmp_path: Path
) -> None:
    for programme, count in (("kz-2020-2025", 14), ("kz-2026-2031", 18)):
        out = tmp_path / f"{programme}.xml"
        report = export_iati(embedded_store, programme, out, generated=WHEN)
        assert load_iati_schema().validate(etree.parse(str(out)))
        data = services.programme_data(embedded_store, programme)
        written = activities(out)
        assert report.activities == len(written) == len(data.projects) == count
        assert report.left_out == []  # nothing a programme folder defines lacks what IATI needs
        marks = marked(out)
        root = etree.parse(str(out)).getroot()
        for project in data.projects:
            [identifier] = [i for i in written if i.endswith(f"-{project.id}")]
            [activity] = [a for a in root.iter("iati-activity") if a.findtext("iati-identifier") == identifier]
            note = activity.findtext("description[@type='4']/narrative") or ""
            illustrative = marks[identifier].get("illustrative", [])
            if project.illustrative:
                assert "iati-activity=true" in illustrative and "has no public source" in note
            elif project.is_illustrative("id"):
                assert "iati-identifier=true" in illustrative and "identifier (invented)" in note
            if "sectors" in project.illustrative_fields and project.sectors:
                assert illustrative.count("sector=true") == len(project.sectors) and "sectors" in note
            if not project.illustrative and not project.illustrative_fields:
                assert not any(mark.startswith(("iati-activity", "sector", "activity-date")) for mark in illustrative)
        assert activities(round_trip(out, tmp_path), marks=False) == activities(out, marks=False)
        # leaving illustrative figures out writes only operations with a public source and identifier
        plain = export_iati(
            embedded_store, programme, tmp_path / "plain.xml", include_illustrative=False, generated=WHEN
        )
        illustrative_ops = {p.id for p in data.projects if p.illustrative or p.is_illustrative("id")}
        assert illustrative_ops and plain.activities < count
        assert {x.project for x in plain.left_out} >= illustrative_ops
        assert all("--exclude-illustrative" in x.reason for x in plain.left_out)
        # what stays marked is the results framework, a reconstruction the programme marks illustrative
        left = {mark for marks in marked(tmp_path / "plain.xml").values() for mark in marks.get("illustrative", [])}
        assert left <= {"result=true"}


def test_imported_files_round_trip_with_every_kept_element(sqlite_store: Store, tmp_path: Path) -> None:
    import_iati(sqlite_store, [GOOD, DFID, EXAMPLE], ImportOptions())
    first = tmp_path / "first.xml"
    export_iati(sqlite_store, None, first, generated=WHEN)
    assert load_iati_schema().validate(etree.parse(str(first)))  # DFID's invalid capital-spend is not kept
    second = round_trip(first, tmp_path)
    assert activities(second) == activities(first)
    for source in (GOOD, DFID, EXAMPLE):
        assert set(activities(source)) <= set(activities(first))
    assert _numeric(plain_totals(first)) == _numeric(
        _merged(plain_totals(GOOD), plain_totals(DFID), plain_totals(EXAMPLE))
    )


def _numeric(totals: dict[str, dict[str, object]]) -> dict[str, tuple[object, dict[str, Decimal]]]:
    return {k: (v["count"], {c: Decimal(x) for c, x in v["sum"].items()}) for k, v in totals.items()}  # type: ignore[attr-defined]


def _merged(*totals: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for t in totals:
        for kind, entry in t.items():
            mine = out.setdefault(kind, {"count": 0, "sum": {}})
            mine["count"] = int(mine["count"]) + int(entry["count"])  # type: ignore[call-overload]
            sums: dict[str, str] = mine["sum"]  # type: ignore[assignment]
            for currency, value in entry["sum"].items():  # type: ignore[attr-defined]
                sums[currency] = format(Decimal(sums.get(currency, "0")) + Decimal(value), "f")
    return out


def test_nothing_is_written_when_an_activity_does_not_conform(sqlite_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "source" / "no-participants.xml"
    source.parent.mkdir()
    shutil.copy(GOOD, source)
    replace_in(source, '<participating-org ref="GB-GOV-1" role="1" type="10"/>', "")
    import_iati(sqlite_store, [source], ImportOptions())  # accepted without --validate
    out = tmp_path / "out" / "activities.xml"
    with pytest.raises(DataError, match="does not conform to the IATI 2.03 schema") as caught:
        export_iati(sqlite_store, None, out, generated=WHEN)
    assert caught.value.file == str(out) and caught.value.record == "activity GB-GOV-1-300123"
    assert list(out.parent.iterdir()) == []
    unchecked = export_iati(sqlite_store, None, out, validate=False, generated=WHEN)
    assert out.exists() and unchecked.activities == 2 and not unchecked.validated


def test_an_unknown_programme_is_not_found(sqlite_store: Store, tmp_path: Path) -> None:
    services.load_folders(sqlite_store, [DEMO])
    with pytest.raises(NotFound):
        export_iati(sqlite_store, "nope", tmp_path / "out" / "x.xml")
    assert list((tmp_path / "out").iterdir()) == []


DEFAULTS = """
iati:
  reporting_org: {ref: "XM-EXAMPLE-1", type: "10", name: Example Ministry, source: made for tests}
  sectors:
    - priority_area: PA1
      sectors: [{code: "21020", vocabulary: "1", percentage: 100}]
      source: made for tests
    - priority_area: PA2
      sectors: [{code: "24010", vocabulary: "1", percentage: 60}, {code: "24030", vocabulary: "1", percentage: 40}]
      illustrative: true
"""

OTHERS = """
  - id: P4
    name: Co-financed works
    country: KZ
    institution: other
    instrument: IPF
    status: active
    dates: {approval: 2025-10-01}
    commitment: 50
    implementing_agency: Ministry of Transport
    objectives: [O1]
    source: made for tests
  - id: P5
    name: Nobody named
    country: KZ
    institution: other
    instrument: IPF
    status: active
    dates: {approval: 2025-10-01}
    source: made for tests
  - id: P6
    name: An idea
    country: KZ
    institution: IBRD
    instrument: IPF
    status: pipeline
    source: made for tests
"""


def _demo_with_defaults(tmp_path: Path, defaults: str = DEFAULTS) -> Store:
    folder = copy_folder(DEMO, tmp_path / "xx-demo")
    with (folder / "programme.yaml").open("a", encoding="utf-8") as fh:
        fh.write(defaults)
    with (folder / "projects.yaml").open("a", encoding="utf-8") as fh:
        fh.write(OTHERS)
    store = Store(f"sqlite:///{tmp_path / 'defaults.db'}")
    store.migrate()
    services.load_folders(store, [folder])
    return store


def test_what_an_operation_lacks_comes_from_the_programme_defaults_and_is_marked(tmp_path: Path) -> None:
    store = _demo_with_defaults(tmp_path)
    out = tmp_path / "demo.xml"
    report = export_iati(store, "xx-demo", out, generated=WHEN)
    assert load_iati_schema().validate(etree.parse(str(out)))
    root = etree.parse(str(out)).getroot()
    by_id = {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}
    assert set(by_id) == {"44000-P1", "44004-P2", "44000-P3", "XM-EXAMPLE-1-P4"}
    default, illustrative = f"{{{CPFKIT_NS}}}default", f"{{{CPFKIT_NS}}}illustrative"
    # P2 names no sector and serves PA1 through O1: PA1's sourced default, marked as a default only
    [sector] = by_id["44004-P2"].findall("sector")
    assert (sector.get("code"), sector.get(default), sector.get(illustrative)) == ("21020", "programme", None)
    # P3 serves PA2, whose default sectors are illustrative: both marks
    sectors = by_id["44000-P3"].findall("sector")
    assert [(s.get("code"), s.get("percentage"), s.get(default), s.get(illustrative)) for s in sectors] == [
        ("24010", "60", "programme", "true"),
        ("24030", "40", "programme", "true"),
    ]
    assert "defaults: sectors (of priority area PA2), illustrative." in by_id["44000-P3"].findtext(
        "description[@type='4']/narrative"
    )
    # P4's institution has no IATI organisation: the programme's reporting organisation reports it
    p4 = by_id["XM-EXAMPLE-1-P4"]
    reporting = p4.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type"), reporting.get(default)) == ("XM-EXAMPLE-1", "10", "programme")
    assert [o.get("role") for o in p4.findall("participating-org")] == ["4"]
    # the left-out table lists only what cannot be written, and why
    assert p4.find("sector").get(default) == "programme"
    assert sorted((x.project, x.what) for x in report.left_out) == [("P5", "operation"), ("P6", "operation")]
    reasons = {x.project: x.reason for x in report.left_out}
    assert "no participating organisation" in reasons["P5"] and "no approval or closing date" in reasons["P6"]
    without = _demo_with_defaults(tmp_path / "bare", "")
    bare = export_iati(without, "xx-demo", tmp_path / "bare.xml", generated=WHEN)
    assert "iati.reporting_org" in {x.project: x.reason for x in bare.left_out}["P4"]
    assert {x.project for x in bare.left_out if x.what == "sectors"} == {"P2", "P3"}
    store.dispose()
    without.dispose()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_the_file_has_the_permissions_the_umask_gives(demo_store: Store, tmp_path: Path, umask: int) -> None:
    out = tmp_path / "out" / "demo.xml"
    previous = os.umask(umask)
    try:
        export_iati(demo_store, "xx-demo", out, generated=WHEN)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in out.parent.iterdir()] == ["demo.xml"]  # no temporary file left behind


def test_replacing_a_file_keeps_its_permissions(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "demo.xml"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    export_iati(demo_store, "xx-demo", out, generated=WHEN)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_bytes().startswith(b"<?xml")


def test_regional_operations_are_written_with_their_region(demo_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "records.json"
    source.write_text(json.dumps([p.record for p in pattern_records()]), encoding="utf-8")
    import_wb_projects(demo_store, [source], programme="xx-demo")
    out = tmp_path / "demo.xml"
    report = export_iati(demo_store, "xx-demo", out, generated=WHEN)
    assert load_iati_schema().validate(etree.parse(str(out)))
    root = etree.parse(str(out)).getroot()
    by_id = {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}
    africa = by_id["44000-P900000"]
    assert africa.find("recipient-country") is None
    region = africa.find("recipient-region")
    assert (region.get("code"), region.get("vocabulary"), region.get("percentage")) == ("298", "1", "100")
    assert by_id["44000-P900100"].find("recipient-country").get("code") == "PS"
    left = {(x.project, x.what): x.reason for x in report.left_out}
    assert "multi-country" in left[("P900003", "recipient-country")]
    assert "iati.reporting_org" in left[("P900206", "operation")]  # institution other, and no programme default
