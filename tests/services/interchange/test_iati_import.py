"""Importing IATI files: every kept field, idempotence, one transaction per file, filters, the parallel reader."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from benchmarks.iati_generate import generate
from sqlalchemy import select

from cpfkit.errors import DataError, NotFound
from cpfkit.reference import load_fx
from cpfkit.services import programmes as services
from cpfkit.services.interchange.iati_import import ImportOptions, import_iati
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.store.iati.columns import TRANSACTION_EXTRA
from cpfkit.store.schema import Base
from cpfkit.store.tables import LocationRow, ProgrammeProjectRow, ProjectRow, SectorRow, TransactionRow
from cpfkit.store.tables_iati import IatiActivityRow, IatiIndicatorRow, IatiPeriodRow, IatiRecipientRow
from cpfkit.store.tables_workplace import AuditRow
from tests.conftest import DEMO
from tests.helpers import replace_in, snapshot
from tests.services.interchange.test_iati_files import IATI, plain_totals

GOOD = IATI / "good-two.xml"
BAD = IATI / "bad"


def test_an_activity_keeps_every_field_cpfkit_imports(empty_store: Store) -> None:
    report = import_iati(empty_store, [GOOD], ImportOptions()).to_json()
    assert report["activities"] == {
        "read": 2,
        "stored": 2,
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "filtered": 0,
        "skipped": 0,
    }
    assert report["warnings"] == report["skipped"] == [] and report["warnings_count"] == 0
    assert report["transactions"] == plain_totals(GOOD)
    assert report["transactions"]["3"]["sum"] == {"EUR": "448749.85", "USD": "20000000.50"}  # negatives included
    assert report["results"] == {"results": 1, "indicators": 2, "periods": 3}
    with empty_store.reader() as session:
        wb = session.get(ProjectRow, "44000-P900001")
        gb = session.get(ProjectRow, "GB-GOV-1-300123")
        assert wb is not None and gb is not None
        assert (wb.name, wb.country, wb.institution, wb.instrument, wb.status) == (
            "Rural Roads Rehabilitation",
            "KZ",  # 70% of the activity, against 30% for KG
            "IDA",  # the funding participating organisation 44002
            "IPF",
            "active",
        )
        assert (wb.approval_date, wb.original_closing_date, wb.implementing_agency) == (
            date(2020, 3, 1),
            date(2026, 12, 31),
            "Committee for Roads",
        )
        assert (gb.institution, gb.status, gb.revised_closing_date) == ("other", "closed", date(2019, 6, 30))
        sectors = session.execute(
            select(SectorRow.vocabulary, SectorRow.code, SectorRow.percentage).where(SectorRow.project_id == wb.id)
        ).all()
        assert sorted(sectors) == [("1", "21010", 20), ("1", "21020", 80), ("2", "210", 100)]
        [location] = session.scalars(select(LocationRow).where(LocationRow.project_id == wb.id))
        assert (location.name, location.kind, location.lat, location.lon) == (
            "Almaty Region",
            "region",
            Decimal("43.25"),
            Decimal("76.95"),
        )
        activity = session.get(IatiActivityRow, wb.id)
        assert activity is not None and [lang for lang, _ in activity.titles] == [None, "ru", "kk"]
        assert activity.reporting_org_ref == "44000" and activity.status == "2"
        recipients = session.execute(
            select(IatiRecipientRow.kind, IatiRecipientRow.code, IatiRecipientRow.percentage)
            .where(IatiRecipientRow.project_id == wb.id)
            .order_by(IatiRecipientRow.kind, IatiRecipientRow.position)
        ).all()
        assert recipients == [("country", "KZ", 70), ("country", "KG", 30), ("region", "619", 100)]
        refund = session.scalars(
            select(TransactionRow).where(TransactionRow.project_id == wb.id, TransactionRow.currency == "EUR")
        ).one()
        rate = load_fx().rate("EUR", date(2022, 6, 30)).usd_per_unit
        assert refund.amount == Decimal("-1250.25") and refund.type == "disbursement"
        assert refund.amount_usd == (Decimal("-1250.25") * rate).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        assert refund.extra is not None
        extra = dict(zip(TRANSACTION_EXTRA, refund.extra["iati"], strict=True))
        assert (extra["type"], extra["value_date"], extra["position"]) == ("3", "2022-06-30", 2)
        assert refund.note == "Refund of an ineligible expense" and refund.origin == "iati"
        indicators = session.scalars(select(IatiIndicatorRow).where(IatiIndicatorRow.project_id == wb.id)).all()
        assert [(i.measure, i.baseline_value) for i in indicators] == [("1", 0), ("5", None)]
        periods = session.scalars(
            select(IatiPeriodRow)
            .where(IatiPeriodRow.project_id == wb.id)
            .order_by(IatiPeriodRow.indicator_pos, IatiPeriodRow.period_pos)
        ).all()
        assert [(p.target_value, p.actual_value) for p in periods] == [(50, Decimal("42.5")), (120, 130), (None, None)]
        assert len(periods[1].actuals) == 2 and periods[1].actuals[1]["dimensions"] == [["region", "Almaty"]]


def test_importing_the_same_file_twice_changes_nothing(empty_store: Store) -> None:
    first = import_iati(empty_store, [GOOD], ImportOptions()).to_json()
    before = snapshot(empty_store)
    second = import_iati(empty_store, [GOOD], ImportOptions()).to_json()
    assert snapshot(empty_store) == before
    assert second["activities"]["unchanged"] == 2 and second["activities"]["stored"] == 2
    assert second["transactions"] == first["transactions"]


_SKIPPED = {  # the bad files whose second activity lacks what cpfkit needs: (element, line, message)
    "transaction-without-value.xml": ("transaction/value", "line 118", "has no value"),
    "unknown-code.xml": ("transaction/transaction-type/@code", "line 124", "TransactionType codelist"),
    "unknown-currency.xml": ("iati-activity/@default-currency", "line 99", "Currency codelist"),
    "not-a-number.xml": ("transaction/value", "line 121", "not a number: '450,000.10'"),
    "duplicate-identifier.xml": ("iati-identifier", "line 99", "appears twice in the file (first at line 3)"),
}


@pytest.mark.parametrize(
    ("name", "strict", "field", "line", "message"),
    [
        ("broken-xml.xml", False, None, "line 128", "not well-formed XML"),
        ("wrong-root.xml", False, "iati-organisations", "line 2", "not <iati-activities>"),
        ("unknown-version.xml", False, "iati-activities/@version", "line 2", "unknown IATI version '2.04'"),
        ("no-version.xml", False, "iati-activities/@version", "line 2", "has no version attribute"),
        ("not-iati.xml", False, "html", "line 2", "the root element is <html>"),
        ("empty.xml", False, None, None, "the file is empty"),
        *((name, True, *where) for name, where in _SKIPPED.items()),  # --strict: refused as before
    ],
)
def test_an_unreadable_file_and_with_strict_a_slip_is_refused_whole_with_file_line_and_element(
    sqlite_store: Store, name: str, strict: bool, field: str | None, line: str | None, message: str
) -> None:
    services.load_folders(sqlite_store, [DEMO])
    before = snapshot(sqlite_store)
    path = BAD / name
    with pytest.raises(DataError) as caught:
        import_iati(sqlite_store, [GOOD, path], ImportOptions(programme="xx-demo", strict=strict))
    error = caught.value
    assert error.file == str(path) and error.field == field and message in error.message
    assert (error.record or "").startswith(line or "")
    after = snapshot(sqlite_store)
    assert {k: v for k, v in after.items() if v != before[k]}.keys() <= {  # only the good file got in
        "projects",
        "iati_activities",
        *(t.name for t in Base.metadata.sorted_tables if t.name.startswith(("iati_", "project_", "programme_"))),
        "transactions",
        "data_version",  # the good file's import moved it on
    }
    with sqlite_store.reader() as session:
        assert set(session.scalars(select(IatiActivityRow.source_file))) == {GOOD.name}


@pytest.mark.parametrize("name", sorted(_SKIPPED))
def test_an_activity_that_lacks_what_cpfkit_needs_is_skipped_and_listed_with_its_line(
    sqlite_store: Store, name: str
) -> None:
    report = import_iati(sqlite_store, [BAD / name], ImportOptions()).to_json()
    assert report["activities"]["stored"] == 1 and report["activities"]["skipped"] == 1
    field, line, message = _SKIPPED[name]
    [skip] = report["skipped"]
    second = "44000-P900001" if name.startswith("duplicate") else "GB-GOV-1-300123"  # a repeat of the first
    assert skip["activity"] == second and skip["kind"] == "invalid"
    assert (skip["field"], f"line {skip['line']}") == (field, line) and message in skip["message"]
    assert report["transactions"] == plain_totals(BAD / name, only={"44000-P900001"})  # what was stored, exactly
    with sqlite_store.reader() as session:
        assert list(session.scalars(select(ProjectRow.id))) == ["44000-P900001"]


def test_filters_select_by_recipient_country_and_reporting_organisation(sqlite_store: Store) -> None:
    by_country = import_iati(sqlite_store, [GOOD], ImportOptions(countries=frozenset({"KG"}), dry_run=True))
    assert (by_country.files[0].new, by_country.files[0].filtered) == (1, 1)  # KG is the WB activity's second country
    by_org = import_iati(sqlite_store, [GOOD], ImportOptions(reporting_orgs=frozenset({"GB-GOV-1"})))
    assert (by_org.files[0].new, by_org.files[0].filtered) == (1, 1)
    with sqlite_store.reader() as session:
        assert list(session.scalars(select(ProjectRow.id))) == ["GB-GOV-1-300123"]


def test_a_dry_run_reports_and_stores_nothing(sqlite_store: Store) -> None:
    before = snapshot(sqlite_store)
    report = import_iati(sqlite_store, [GOOD], ImportOptions(dry_run=True)).to_json()
    assert report["dry_run"] and report["activities"]["new"] == 2 and report["transactions"] == plain_totals(GOOD)
    assert snapshot(sqlite_store) == before


def test_projects_are_linked_to_the_programme_and_a_changed_activity_is_updated(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / GOOD.name
    shutil.copy(GOOD, path)
    import_iati(demo_store, [path], ImportOptions(programme="xx-demo"))
    replace_in(
        path, '<value value-date="2016-03-31">450000.10</value>', '<value value-date="2016-03-31">450000.20</value>'
    )
    report = import_iati(demo_store, [path], ImportOptions()).files[0]
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    with demo_store.reader() as session:
        linked = set(
            session.scalars(select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == "xx-demo"))
        )
        amounts = session.scalars(
            select(TransactionRow.amount)
            .where(TransactionRow.project_id == "GB-GOV-1-300123")
            .order_by(TransactionRow.date)
        ).all()
        version = session.scalar(select(ProjectRow.version).where(ProjectRow.id == "GB-GOV-1-300123"))
    assert {"44000-P900001", "GB-GOV-1-300123"} <= linked  # the link survives the update
    assert amounts == [Decimal("900000.00"), Decimal("450000.20"), Decimal("-12000.05")]
    assert version == 2
    data = services.programme_data(demo_store, "xx-demo")
    assert "GB-GOV-1-300123" in {p.id for p in data.projects}


def test_an_import_leaves_an_audit_entry_for_each_project_it_adds_or_changes_and_none_when_nothing_changes(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / GOOD.name
    shutil.copy(GOOD, path)
    who = Actor("cli:analyst", via="cli")
    import_iati(demo_store, [path], ImportOptions(programme="xx-demo", actor=who))
    unchanged = snapshot(demo_store)
    import_iati(demo_store, [path], ImportOptions(programme="xx-demo", actor=who))
    assert snapshot(demo_store) == unchanged  # nothing changed, nothing to trace
    replace_in(
        path, '<value value-date="2016-03-31">450000.10</value>', '<value value-date="2016-03-31">450000.20</value>'
    )
    import_iati(demo_store, [path], ImportOptions(actor=who))
    import_iati(demo_store, [GOOD], ImportOptions(actor=who, dry_run=True))
    with demo_store.reader() as session:
        entries = session.scalars(select(AuditRow).where(AuditRow.action == "import").order_by(AuditRow.id)).all()
        seen = [(e.actor, e.via, e.entity, e.project_id, (e.after or {}).get("outcome")) for e in entries]
        first = (entries[0].programme_id, (entries[0].after or {}).get("file"))
    assert seen == [
        ("cli:analyst", "cli", "project", "44000-P900001", "new"),
        ("cli:analyst", "cli", "project", "GB-GOV-1-300123", "new"),
        ("cli:analyst", "cli", "project", "GB-GOV-1-300123", "updated"),
    ]
    assert first == ("xx-demo", GOOD.name)


def test_an_identifier_of_a_project_not_from_iati_is_a_conflict_not_an_overwrite(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "clash.xml"
    shutil.copy(GOOD, path)
    replace_in(path, "<iati-identifier>GB-GOV-1-300123</iati-identifier>", "<iati-identifier>P1</iati-identifier>")
    before = services.project(demo_store, "P1")
    report = import_iati(demo_store, [path], ImportOptions()).files[0]
    assert report.new == 1 and [s.kind for s in report.skips] == ["conflict"]
    assert services.project(demo_store, "P1") == before


def test_an_unknown_programme_is_refused_before_reading(sqlite_store: Store) -> None:
    with pytest.raises(NotFound, match="no programme with id 'nope'"):
        import_iati(sqlite_store, [GOOD], ImportOptions(programme="nope"))


_STAMPS = {"created_at", "updated_at", "imported_at"}


def _content(store: Store, skip: frozenset[str] = frozenset()) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name.startswith("data_version"):  # each database has an epoch of its own
                continue
            columns = [c for c in table.columns if c.name not in _STAMPS | skip]
            out[table.name] = sorted((tuple(r) for r in conn.execute(select(*columns))), key=repr)
    return out


def _import_each_way(path: Path, gz: Path, tmp: Path, skip: frozenset[str] = frozenset()) -> list[tuple[str, Any]]:
    results = []
    for name, source, options in (
        ("sequential", path, ImportOptions(jobs=1, source="generated")),
        ("parallel", path, ImportOptions(jobs=2, parallel_from=0, chunk_bytes=128 << 10, source="generated")),
        ("gzip", gz, ImportOptions(jobs=2, parallel_from=0, chunk_bytes=150 << 10, source="generated")),
    ):
        store = Store(f"sqlite:///{tmp / name}.db")
        store.migrate()
        report = import_iati(store, [source], options).to_json()
        results.append((json.dumps({k: v for k, v in report.items() if k != "files"}), _content(store, skip)))
        store.dispose()
        for db in tmp.glob(f"{name}.db*"):
            db.unlink()
    return results


def test_parallel_chunked_and_gzip_reads_store_exactly_what_a_sequential_read_stores(tmp_path: Path) -> None:
    path = tmp_path / "generated.xml"
    info = generate(path, 1.25, seed=7)
    gz = tmp_path / "generated.xml.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    results = _import_each_way(path, gz, tmp_path)
    assert json.loads(results[0][0])["activities"]["stored"] == info["activities"]
    assert results[0] == results[1] == results[2]


def test_text_that_looks_like_an_activity_start_does_not_mislead_the_parallel_reader(tmp_path: Path) -> None:
    path = tmp_path / "generated.xml"
    info = generate(path, 0.6, seed=8)
    text = path.read_text(encoding="utf-8")
    cut = text.index("<iati-activity", text.index("<iati-activity", 200_000) + 10)
    path.write_text(text[:cut] + "<!-- <iati-activity > moved -->\n  " + text[cut:], encoding="utf-8")
    gz = tmp_path / "generated.xml.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    # the content hash may be taken another way after such a trap; everything stored is the same
    results = _import_each_way(path, gz, tmp_path, skip=frozenset({"content_hash"}))
    assert json.loads(results[0][0])["activities"]["stored"] == info["activities"]
    assert results[0] == results[1] == results[2]


def test_an_import_that_stores_moves_the_data_version_on_so_cached_figures_are_redone(sqlite_store: Store) -> None:
    before = sqlite_store.data_state().version
    import_iati(sqlite_store, [GOOD], ImportOptions(dry_run=True))
    assert sqlite_store.data_state().version == before
    import_iati(sqlite_store, [GOOD], ImportOptions())
    assert sqlite_store.data_state().version > before  # on SQLite by one per row written


def test_warnings_skips_and_strict_refusals_are_the_same_however_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "generated.xml"
    generate(path, 1.25, seed=9)
    text = re.sub(r'<tied-status code="\d+"/>', '<tied-status code=""/>', path.read_text(encoding="utf-8"))
    parts = text.split("<iati-identifier>")
    for i in range(3, len(parts), 9):  # a value typed with a decimal comma in every ninth activity
        parts[i] = re.sub(r"(<value [^>]*>-?\d+)\.", r"\1,", parts[i], count=1)
    path.write_text("<iati-identifier>".join(parts), encoding="utf-8")
    gz = tmp_path / "generated.xml.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    results = _import_each_way(path, gz, tmp_path)
    summary = json.loads(results[0][0])
    assert summary["warnings_count"] > 10 and summary["activities"]["skipped"] == len(range(3, len(parts), 9))
    assert {s["message"][:14] for s in summary["skipped"]} == {"not a number: "}
    assert results[0] == results[1] == results[2]
    errors = []
    for source, jobs in ((path, 1), (path, 2), (gz, 2)):
        store = Store(f"sqlite:///{tmp_path / 'strict'}-{jobs}{source.suffix}.db")
        store.migrate()
        options = ImportOptions(jobs=jobs, parallel_from=0, chunk_bytes=128 << 10, strict=True)
        with pytest.raises(DataError) as caught:
            import_iati(store, [source], options)
        errors.append(caught.value.one_line().replace(str(source), "FILE"))
        assert store.is_empty()
        store.dispose()
    assert errors[0] == errors[1] == errors[2] and "tied-status/@code: has no code" in errors[0]
