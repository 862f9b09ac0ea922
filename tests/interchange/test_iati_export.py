"""Exporting IATI 2.03: schema-valid, illustrative figures left out, and export → import → export gives the same."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from cpfkit import services
from cpfkit.errors import DataError, NotFound
from cpfkit.interchange.iati_export import export_iati
from cpfkit.interchange.iati_import import ImportOptions, import_iati
from cpfkit.reference.schemas import load_iati_schema
from cpfkit.store import Store
from tests.conftest import DEMO
from tests.helpers import replace_in
from tests.interchange.test_iati_files import DFID, EXAMPLE, plain_totals
from tests.interchange.test_iati_import import GOOD

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def activities(path: Path) -> dict[str, bytes]:
    """Each activity of a file in canonical form, by identifier."""
    root = etree.parse(str(path)).getroot()
    return {a.findtext("iati-identifier"): etree.tostring(a, method="c14n") for a in root.iter("iati-activity")}


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
    assert activities(second) == written
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


def test_the_embedded_programmes_leave_out_illustrative_figures_and_round_trip(
    embedded_store: Store, tmp_path: Path
) -> None:
    for programme in ("kz-2020-2025", "kz-2026-2031"):
        out = tmp_path / f"{programme}.xml"
        report = export_iati(embedded_store, programme, out, generated=WHEN)
        written = activities(out)
        data = services.programme_data(embedded_store, programme)
        illustrative = {p.id for p in data.projects if p.illustrative or p.is_illustrative("id")}
        assert illustrative and not any(pid.endswith(tuple(illustrative)) for pid in written)
        assert {x.project for x in report.left_out} >= illustrative
        assert activities(round_trip(out, tmp_path)) == written
        full = export_iati(embedded_store, programme, tmp_path / "all.xml", include_illustrative=True, generated=WHEN)
        assert full.activities == len(data.projects) > report.activities


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
