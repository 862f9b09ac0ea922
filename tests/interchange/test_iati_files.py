"""Real IATI files and the IATI-Schemas conformance fixtures, checked against figures computed here with plain lxml."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from cpfkit.errors import DataError
from cpfkit.interchange.iati_import import ImportOptions, import_iati
from cpfkit.store import Store
from cpfkit.store.tables import ProjectRow, TransactionRow
from tests.conftest import DATA

IATI = DATA / "iati"
DFID = IATI / "dfid-gb-1-albania-v2.01-2016.xml"
EXAMPLE = IATI / "iati-standard-example-annotated-v2.03.xml"
LEGACY = IATI / "worldbank-legacy-v1.0-2010.xml"
SCHEMA_TESTS = IATI / "schema-tests"


def plain_totals(path: Path) -> dict[str, dict[str, object]]:
    """Count and sum the transactions of a file by type and currency, with nothing but lxml and Decimal."""
    root = etree.parse(str(path)).getroot()
    counts: dict[str, int] = defaultdict(int)
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for activity in root.iter("iati-activity"):
        default = activity.get("default-currency")
        for tx in activity.iter("transaction"):
            kind = tx.find("transaction-type").get("code")
            value = tx.find("value")
            counts[kind] += 1
            sums[kind][value.get("currency") or default] += Decimal(value.text.strip())
    return {k: {"count": counts[k], "sum": {c: format(v, "f") for c, v in sums[k].items()}} for k in counts}


def test_the_dfid_albania_file_imports_with_the_counts_and_sums_of_a_plain_reading(sqlite_store: Store) -> None:
    report = import_iati(sqlite_store, [DFID], ImportOptions()).to_json()
    expected = plain_totals(DFID)
    assert report["transactions"] == expected
    assert expected["2"] == {"count": 5, "sum": {"GBP": "2142416.00"}}  # as the file's README records
    activities = etree.parse(str(DFID)).getroot().findall("iati-activity")
    assert report["activities"]["read"] == report["activities"]["stored"] == len(activities) == 8
    with sqlite_store.reader() as session:
        stored = session.execute(select(TransactionRow.type, TransactionRow.amount)).all()
        names = set(session.scalars(select(ProjectRow.name)))
    assert len(stored) == sum(e["count"] for e in expected.values())  # type: ignore[misc]
    assert sum(amount for _, amount in stored) == Decimal("4284832.00")
    assert {a.findtext("title/narrative") for a in activities} == names


def test_the_official_2_03_example_imports_with_its_result_and_one_warning(sqlite_store: Store) -> None:
    report = import_iati(sqlite_store, [EXAMPLE], ImportOptions(validate=True)).to_json()
    assert report["activities"]["stored"] == 1
    assert report["transactions"] == plain_totals(EXAMPLE) == {"1": {"count": 1, "sum": {"EUR": "1000"}}}
    root = etree.parse(str(EXAMPLE)).getroot()
    assert report["results"] == {
        "results": len(root.findall(".//result")),
        "indicators": len(root.findall(".//result/indicator")),
        "periods": len(root.findall(".//result/indicator/period")),
    }
    [warning] = report["warnings"]
    assert warning["field"] == "transaction/recipient-region/@code" and "'616'" in warning["reason"]


def test_the_legacy_world_bank_file_is_refused_naming_its_version(sqlite_store: Store) -> None:
    with pytest.raises(DataError, match=r"IATI version 1\.0 is not supported") as caught:
        import_iati(sqlite_store, [LEGACY], ImportOptions())
    assert caught.value.file == str(LEGACY) and caught.value.field == "iati-activities/@version"
    assert sqlite_store.is_empty()


def _fixtures(kind: str) -> list[Path]:
    return sorted(p for p in SCHEMA_TESTS.rglob("*.xml") if kind in p.parts)


def _as_2_03(path: Path, tmp: Path) -> Path:
    """The fixture with its placeholder version ``xx`` made ``2.03``, so that the defect itself is what is checked."""
    out = tmp / "-".join(path.relative_to(SCHEMA_TESTS).parts)
    out.write_bytes(path.read_bytes().replace(b'version="xx"', b'version="2.03"'))
    return out


def test_every_should_fail_fixture_is_refused_with_a_named_error(sqlite_store: Store, tmp_path: Path) -> None:
    fixtures = _fixtures("should-fail")
    assert len(fixtures) > 400
    by_reason: dict[str, int] = defaultdict(int)
    for fixture in fixtures:
        for path in (fixture, _as_2_03(fixture, tmp_path)):
            with pytest.raises(DataError) as caught:
                import_iati(sqlite_store, [path], ImportOptions(validate=True, dry_run=True, jobs=1))
            error = caught.value
            assert error.file == str(path) and error.record and error.record.startswith("line "), error
            assert error.field, error
        by_reason[error.message.split(":")[0]] += 1
    # with a real version, the schema is what refuses the activity files; the others have another root
    assert by_reason["does not conform to the IATI 2.03 schema"] > 300
    assert sqlite_store.is_empty()


def test_should_pass_activity_fixtures_pass_the_schema(sqlite_store: Store, tmp_path: Path) -> None:
    fixtures = [p for p in _fixtures("should-pass") if "organisation" not in str(p) and "registry" not in str(p)]
    assert len(fixtures) > 200
    for fixture in fixtures:
        path = _as_2_03(fixture, tmp_path)
        report = import_iati(sqlite_store, [path], ImportOptions(validate=True, dry_run=True, skip_invalid=True))
        for skip in report.files[0].skips:
            assert "schema" not in skip.reason, (fixture, skip)
