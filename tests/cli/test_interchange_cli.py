"""``cpfkit import`` and ``cpfkit export`` as scripts and people use them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree
from rich.console import Console
from typer.testing import CliRunner

from cpfkit.cli import app, interchange
from cpfkit.reference.schemas import load_iati_schema
from cpfkit.store import Store
from tests.conftest import DATA
from tests.services.interchange.test_iati_files import DFID, PATTERNS_202, plain_totals
from tests.services.interchange.test_iati_import import BAD, GOOD
from tests.services.interchange.wb_patterns import pattern_records

runner = CliRunner()
PATTERNS = PATTERNS_202


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_iati_json_summary(sqlite_store: Store) -> None:
    code, out, err = run(sqlite_store, "import", "iati", str(GOOD), str(DFID), "--json")
    assert code == 0 and err == ""  # no progress bar with --json
    summary = json.loads(out)
    assert summary["activities"]["read"] == summary["activities"]["stored"] == 10
    expected = plain_totals(GOOD)
    for kind, entry in plain_totals(DFID).items():
        mine = expected.setdefault(kind, {"count": 0, "sum": {}})
        mine["count"] = int(mine["count"]) + int(entry["count"])  # type: ignore[call-overload]
        mine["sum"] = {**mine["sum"], **entry["sum"]}  # type: ignore[dict-item]
    assert summary["transactions"] == expected
    assert summary["transactions"]["7"] == {"count": 1, "sum": {"EUR": "-12000.05"}}
    assert summary["results"] == {"results": 1, "indicators": 2, "periods": 3}
    assert [f["file"] for f in summary["files"]] == [str(GOOD), str(DFID)]


def test_import_iati_for_people_shows_progress_and_tables(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(sqlite_store, "import", "iati", str(GOOD), "--country", "kz", "--dry-run")
    assert code == 0
    assert "would store 1" in out and "1 filtered out" in out and "Transactions by IATI type" in out
    assert err == ""  # stderr is not a terminal: no progress bar
    screen = io.StringIO()
    monkeypatch.setattr(interchange, "err", Console(file=screen, force_terminal=True, width=120))
    code, again, _ = run(sqlite_store, "import", "iati", str(GOOD), "--country", "kz", "--dry-run")
    assert code == 0 and again == out
    assert "activities" in screen.getvalue() and GOOD.name in screen.getvalue()  # the bar, on a terminal


def test_an_activity_cpfkit_cannot_store_is_skipped_and_strict_refuses_the_file_naming_line_and_element(
    sqlite_store: Store,
) -> None:
    path = BAD / "not-a-number.xml"
    code, out, _ = run(sqlite_store, "import", "iati", str(path), "--json")
    assert code == 0 and json.loads(out)["skipped"] == [
        {
            "activity": "GB-GOV-1-300123",
            "line": 121,
            "field": "transaction/value",
            "message": "not a number: '450,000.10'",
            "kind": "invalid",
        }
    ]
    code, out, err = run(sqlite_store, "import", "iati", str(path), "--strict")
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1] == (
        f"error: {path}: line 121 (activity GB-GOV-1-300123): field transaction/value: not a number: '450,000.10'"
    )
    code, _, err = run(sqlite_store, "import", "iati", str(path), "--skip-invalid")
    assert code == 2 and "No such option" in err  # skipping is what an import does; --strict is the other way


def test_validation_skips_what_the_schema_refuses_and_strict_refuses_the_file(sqlite_store: Store) -> None:
    code, out, _ = run(sqlite_store, "import", "iati", str(DFID), "--validate", "--json", "--dry-run")
    skipped = json.loads(out)["skipped"]
    assert code == 0 and len(skipped) == DFID.read_text().count("<capital-spend/>")  # without its percentage
    assert all("capital-spend" in s["message"] and "IATI 2.03 schema" in s["message"] for s in skipped)
    code, _, err = run(sqlite_store, "import", "iati", str(DFID), "--validate", "--strict")
    assert code == 1 and "capital-spend" in err and "does not conform to the IATI 2.03 schema" in err


def test_people_see_the_counts_and_the_first_warnings_and_skips(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "slips.xml"
    text = PATTERNS.read_text(encoding="utf-8")
    path.write_text(text.replace('<default-tied-status code=""/>', '<default-tied-status code=""/>' * 12))
    code, out, _ = run(sqlite_store, "import", "iati", str(path))
    assert code == 0
    assert "8 activities read, stored 2 (2 new, 0 updated, 0 unchanged), 0 filtered out, 6 skipped, 21 warnings" in out
    assert "Skipped activities (not stored)" in out and "Warnings (activities stored)" in out
    assert "… and 11 more: --json lists them" in out  # 21 warnings, the first 10 shown
    assert "unsupported" in out and "has no code (left out)" in out


def test_export_iati_writes_a_schema_valid_file(sqlite_store: Store, tmp_path: Path) -> None:
    run(sqlite_store, "import", "iati", str(GOOD), "--json")
    out = tmp_path / "out.xml"
    code, stdout, _ = run(sqlite_store, "export", "iati", "-o", str(out), "--json")
    assert code == 0 and load_iati_schema().validate(etree.parse(str(out)))
    report = json.loads(stdout)
    assert report["activities"] == 2 and report["validated"] is True
    code, stdout, _ = run(sqlite_store, "export", "iati", "-o", str(out), "--reporting-org", "GB-GOV-1")
    assert code == 0 and "wrote" in stdout and "1 activities" in stdout
    code, _, err = run(sqlite_store, "export", "iati")
    assert code == 2 and "-o" in err


def test_import_wb_projects_json_summary(sqlite_store: Store) -> None:
    code, out, _ = run(
        sqlite_store, "import", "wb-projects", str(DATA / "wb-projects" / "world_bank_projects_less.json"), "--json"
    )
    summary = json.loads(out)
    assert code == 0 and summary["projects"]["stored"] == 2
    assert summary["commitments_usd"] == {"IBRD": "0", "IDA": "130000000", "grant": "4700000"}
    assert summary["project_cost_usd"] == "555700000"


def test_import_wb_projects_lists_warnings_and_skips_and_strict_refuses(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([p.record for p in pattern_records()]), encoding="utf-8")
    code, out, _ = run(sqlite_store, "import", "wb-projects", str(path), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["projects"]["stored"] == 21 and summary["projects"]["skipped"] == 4
    assert summary["warnings_count"] == len(summary["warnings"]) == 7
    assert set(summary["warnings"][0]) == {"file", "record", "index", "field", "message"}
    assert set(summary["skipped"][0]) == {"file", "record", "index", "field", "message", "kind"}
    code, out, _ = run(sqlite_store, "import", "wb-projects", str(path))
    assert code == 0 and "Warnings (records stored)" in out and "Skipped records" in out
    code, out, err = run(sqlite_store, "import", "wb-projects", str(path), "--strict")
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1].startswith(f"error: {path}: record 14 (project P900201): field countrycode: ")


def test_export_iati_writes_every_operation_of_the_completed_programme(embedded_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "kz-2020-2025.xml"
    code, stdout, _ = run(embedded_store, "export", "iati", "kz-2020-2025", "-o", str(out), "--json")
    report = json.loads(stdout)
    assert code == 0 and report["activities"] == 14 and report["validated"] is True and report["left_out"] == []
    assert len(etree.parse(str(out)).getroot().findall("iati-activity")) == 14
    assert load_iati_schema().validate(etree.parse(str(out)))
    code, stdout, _ = run(embedded_store, "export", "iati", "kz-2020-2025", "-o", str(out), "--exclude-illustrative")
    assert code == 0 and "7 activities" in stdout and "Left out (not written, and why)" in stdout
