"""Real IATI files and the IATI-Schemas conformance fixtures, checked against figures computed here with plain lxml."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from cpfkit.errors import DataError
from cpfkit.services.interchange.iati_import import ImportOptions, import_iati
from cpfkit.store import Store
from cpfkit.store.tables import ProjectRow, TransactionRow
from cpfkit.store.tables_iati import IatiActivityRow, IatiOrgRow
from tests.conftest import DATA
from tests.helpers import snapshot

IATI = DATA / "iati"
DFID = IATI / "dfid-gb-1-albania-v2.01-2016.xml"
EXAMPLE = IATI / "iati-standard-example-annotated-v2.03.xml"
LEGACY = IATI / "worldbank-legacy-v1.0-2010.xml"
SCHEMA_TESTS = IATI / "schema-tests"


def plain_totals(path: Path, only: set[str] | None = None) -> dict[str, dict[str, object]]:
    """Count and sum the transactions of a file by type and currency, with nothing but lxml and Decimal.

    ``only``: the identifiers of the activities to count (the first of each; default: every activity).
    """
    root = etree.parse(str(path)).getroot()
    counts: dict[str, int] = defaultdict(int)
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for activity in root.iter("iati-activity"):
        if only is not None:
            ident = (activity.findtext("iati-identifier") or "").strip()
            if ident not in only:
                continue
            only = only - {ident}
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
    assert warning == {
        "activity": "AA-AAA-123456789-ABC123",
        "line": 282,  # the line of <recipient-region code="616"> in the file
        "field": "transaction/recipient-region/@code",
        "message": "'616' is not a code of the IATI Region codelist (kept)",
    }


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
            with pytest.raises(DataError) as caught:  # a publisher checking a file: --validate --strict
                import_iati(sqlite_store, [path], ImportOptions(validate=True, strict=True, dry_run=True, jobs=1))
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
        report = import_iati(sqlite_store, [path], ImportOptions(validate=True, dry_run=True))
        for skip in report.files[0].skips:
            assert "schema" not in skip.message, (fixture, skip)


# -- one activity at a time: real publishers' slips -----------------------------------------------------------

DFID_EMPTY = IATI / "dfid-gb-1-albania-v2.01-2016-empty-codes.xml"
PATTERNS_202 = IATI / "publisher-patterns-v2.02.xml"
PATTERNS_203 = IATI / "publisher-patterns-v2.03.xml"


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The line of the ``nth`` occurrence of ``text`` in a file."""
    found = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return found[nth - 1]


def test_the_dfid_2_01_file_with_empty_codes_imports_with_warnings_and_exact_sums(empty_store: Store) -> None:
    report = import_iati(empty_store, [DFID_EMPTY], ImportOptions()).to_json()
    assert report["activities"]["read"] == report["activities"]["stored"] == 8 and report["activities"]["skipped"] == 0
    assert report["transactions"] == plain_totals(DFID_EMPTY) == plain_totals(DFID)
    assert report["transactions"]["2"] == {"count": 5, "sum": {"GBP": "2142416.00"}}  # as the file's README records
    assert report["transactions"]["4"] == {"count": 36, "sum": {"GBP": "2142416.00"}}
    lines = [i for i, text in enumerate(DFID_EMPTY.read_text().splitlines(), 1) if 'tied-status code=""' in text]
    assert report["warnings_count"] == 8 and [w["line"] for w in report["warnings"]] == lines
    assert report["warnings"][0] == {
        "activity": "GB-1-109616",
        "line": 25,
        "field": "default-tied-status/@code",
        "message": "has no code (left out)",
    }
    with empty_store.reader() as session:
        amounts = session.execute(select(TransactionRow.type, TransactionRow.amount, TransactionRow.currency)).all()
        tied = set(session.scalars(select(IatiActivityRow.default_tied_status)))
    assert sorted({(t, c) for t, _, c in amounts}) == [("commitment", "GBP"), ("expenditure", "GBP")]
    assert sum(a for t, a, _ in amounts if t == "commitment") == Decimal("2142416.00")
    assert sum(a for t, a, _ in amounts if t == "expenditure") == Decimal("2142416.00")
    assert tied == {None}  # the empty code is treated as absent


def test_strict_refuses_the_dfid_file_with_empty_codes_as_before_and_stores_nothing(empty_store: Store) -> None:
    before = snapshot(empty_store)
    with pytest.raises(DataError) as caught:
        import_iati(empty_store, [DFID_EMPTY], ImportOptions(strict=True))
    assert caught.value.one_line() == (
        f"{DFID_EMPTY}: line 25 (activity GB-1-109616): field default-tied-status/@code: has no code"
    )
    assert snapshot(empty_store) == before


def test_a_2_02_file_with_the_usual_slips_stores_what_it_can_warns_and_lists_the_skipped(
    empty_store: Store,
) -> None:
    report = import_iati(empty_store, [PATTERNS_202], ImportOptions()).to_json()
    assert report["activities"] | {"new": 0} == {
        "read": 8,
        "stored": 2,
        "new": 0,
        "updated": 0,
        "unchanged": 0,
        "filtered": 0,
        "skipped": 6,
    }
    assert report["transactions"] == plain_totals(PATTERNS_202, only={"XI-TEST-1-EMPTY", "XI-TEST-1-UNKNOWN"})
    assert report["transactions"] == {
        "2": {"count": 2, "sum": {"EUR": "1000000.00", "USD": "2500000"}},
        "3": {"count": 2, "sum": {"EUR": "249000.25"}},  # the reversal of 1,000.25 included
        "4": {"count": 1, "sum": {"USD": "1200000.00"}},
    }
    p = PATTERNS_202
    assert [(s["activity"], s["line"], s["field"], s["kind"]) for s in report["skipped"]] == [
        (
            "XI-TEST-1-NOVALUE",
            line_of(p, '<value currency="EUR" value-date="2020-01-01"/>'),
            "transaction/value",
            "invalid",
        ),
        ("XI-TEST-1-SEPARATORS", line_of(p, "1,250,000.00"), "transaction/value", "invalid"),
        (None, line_of(p, "<iati-identifier></iati-identifier>"), "iati-identifier", "invalid"),
        ("XI-TEST-1-CEILING", line_of(p, "2500000000000000"), "transaction/value", "invalid"),
        ("XI-TEST-1-REGIONAL", line_of(p, "<iati-activity", 7), "recipient-country", "unsupported"),
        (
            "XI-TEST-1-NODATE",
            line_of(p, '<transaction-type code="3"/>', 4) - 1,
            "transaction/transaction-date",
            "invalid",
        ),
    ]
    assert [s["message"] for s in report["skipped"]][:2] == ["has no value", "not a number: '1,250,000.00'"]
    assert report["skipped"][3]["message"].startswith("'2500000000000000' is beyond the largest single amount")
    assert [(w["activity"], w["field"], w["message"]) for w in report["warnings"]] == [
        *(("XI-TEST-1-EMPTY", f"{e}/@code", "has no code (left out)") for e in _EMPTY_CODES),
        ("XI-TEST-1-UNKNOWN", "participating-org/@type", _unknown("Government", "OrganisationType", "left out")),
        ("XI-TEST-1-UNKNOWN", "participating-org/@role", _unknown("Implementing", "OrganisationRole", "left out")),
        ("XI-TEST-1-UNKNOWN", "sector/@code", _unknown("122", "Sector", "left out")),
        ("XI-TEST-1-UNKNOWN", "default-finance-type/@code", _unknown("110a", "FinanceType", "kept")),
    ]
    with empty_store.reader() as session:
        stored = set(session.scalars(select(ProjectRow.id)))
        orgs = session.execute(
            select(IatiOrgRow.role, IatiOrgRow.type).where(IatiOrgRow.project_id == "XI-TEST-1-UNKNOWN")
        ).all()
        finance = session.scalar(
            select(IatiActivityRow.default_finance_type).where(IatiActivityRow.project_id == "XI-TEST-1-UNKNOWN")
        )
    assert stored == {"XI-TEST-1-EMPTY", "XI-TEST-1-UNKNOWN"}
    assert orgs == [("1", None)] and finance == "110a"


_EMPTY_CODES = (
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "transaction/tied-status",
)


def _unknown(code: str, codelist: str, outcome: str) -> str:
    return f"'{code}' is not a code of the IATI {codelist} codelist ({outcome})"


def test_strict_refuses_the_2_02_file_at_its_first_slip(sqlite_store: Store) -> None:
    with pytest.raises(DataError) as caught:
        import_iati(sqlite_store, [PATTERNS_202], ImportOptions(strict=True))
    line = line_of(PATTERNS_202, '<collaboration-type code=""/>')
    assert (caught.value.record, caught.value.field, caught.value.message) == (
        f"line {line} (activity XI-TEST-1-EMPTY)",
        "collaboration-type/@code",
        "has no code",
    )
    assert sqlite_store.is_empty()


def test_a_2_03_file_with_results_keeps_what_is_sound_and_skips_a_blank_status_and_a_repeat(
    sqlite_store: Store,
) -> None:
    report = import_iati(sqlite_store, [PATTERNS_203], ImportOptions()).to_json()
    assert (report["activities"]["stored"], report["activities"]["skipped"]) == (1, 2)
    assert report["transactions"] == {
        "2": {"count": 1, "sum": {"KZT": "500000000.00"}},
        "3": {"count": 1, "sum": {"KZT": "120000000.00"}},
    }
    assert report["results"] == {"results": 1, "indicators": 1, "periods": 1}  # the indicator without measure left out
    assert [(s["activity"], s["field"], s["message"]) for s in report["skipped"]] == [
        ("XI-TEST-2-STATUS", "activity-status/@code", "has no code"),
        (
            "XI-TEST-2-RESULTS",
            "iati-identifier",
            "the iati-identifier XI-TEST-2-RESULTS appears twice in the file (first at line 4)",
        ),
    ]
    assert [(w["line"], w["field"]) for w in report["warnings"]] == [
        (line_of(PATTERNS_203, 'xml:lang=""'), "title/narrative"),
        (line_of(PATTERNS_203, '<location-class code=""/>'), "location/location-class/@code"),
        (line_of(PATTERNS_203, '<indicator measure="">'), "result/indicator/@measure"),
    ]
    with sqlite_store.reader() as session:
        titles = session.scalar(select(IatiActivityRow.titles).where(IatiActivityRow.project_id == "XI-TEST-2-RESULTS"))
        name = session.scalar(select(ProjectRow.name).where(ProjectRow.id == "XI-TEST-2-RESULTS"))
    assert [lang for lang, _ in titles] == [None, "RU", None]
    assert name == "Irrigation rehabilitation"  # not the old export's title
