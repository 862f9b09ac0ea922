"""World Bank project records import per record: regions, legacy codes, unknown instruments and dates as warnings.

The records are the two real ones of tests/data/wb-projects and copies of them
in the patterns real Projects API exports carry (``wb_patterns.py``).  Only a
record without an id or any amount, or one that cannot be a project at all
(an amount above the ceiling, an active project without its approval date),
is skipped; the others are stored, with a warning where a field slipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cpfkit.api.app import create_app
from cpfkit.errors import DataError
from cpfkit.services import programmes as services
from cpfkit.services.interchange.wb_projects import import_wb_projects
from cpfkit.store import Store
from cpfkit.store.tables import ProgrammeProjectRow, ProjectRow
from cpfkit.store.tables_iati import WbProjectRow
from tests.helpers import snapshot
from tests.services.interchange.wb_patterns import Pattern, pattern_records


def write(tmp_path: Path, patterns: list[Pattern]) -> Path:
    path = tmp_path / "patterns.json"
    path.write_text(json.dumps([p.record for p in patterns]), encoding="utf-8")
    return path


def test_every_record_is_stored_warned_or_skipped_as_the_policy_says(empty_store: Store, tmp_path: Path) -> None:
    patterns = pattern_records()
    path = write(tmp_path, patterns)
    report = import_wb_projects(empty_store, [path]).to_json()
    stored = [p for p in patterns if p.outcome in ("stored", "warned")]
    warned = [p for p in patterns if p.outcome == "warned"]
    skipped = [p for p in patterns if p.outcome == "skipped"]
    assert (len(patterns), len(stored), len(warned), len(skipped)) == (25, 21, 7, 4)
    projects = report["projects"]
    assert (projects["read"], projects["stored"], projects["new"], projects["warned"], projects["skipped"]) == (
        25,
        21,
        21,
        7,
        4,
    )
    # each warning and skip names the record, its position in the file (from 1), the field and what was done
    index_of = {p.record.get("id"): i + 1 for i, p in enumerate(patterns)}
    assert sorted((w["record"], w["index"], w["field"]) for w in report["warnings"]) == sorted(
        (p.record["id"], index_of[p.record["id"]], f) for p in warned for f in p.fields
    )
    assert [(s["record"], s["index"], s["field"], s["kind"]) for s in report["skipped"]] == [
        (p.record.get("id"), index_of[p.record.get("id")], p.fields[0], "unsupported") for p in skipped
    ]
    assert all(w["file"] == str(path) and w["message"] for w in report["warnings"] + report["skipped"])
    with empty_store.reader() as session:
        ids = set(session.scalars(ProjectRow.__table__.select().with_only_columns(ProjectRow.id)))
        assert ids == {p.record["id"] for p in stored}
        for p in stored:
            row = session.get(ProjectRow, p.record["id"])
            assert row is not None
            assert {k: getattr(row, k) for k in p.expect} == p.expect, p.record["id"]


def test_what_a_warning_leaves_out_of_the_operation_is_kept_as_published(sqlite_store: Store, tmp_path: Path) -> None:
    import_wb_projects(sqlite_store, [write(tmp_path, pattern_records())])
    with sqlite_store.reader() as session:
        late = session.get(WbProjectRow, "P900204")  # closing date before approval
        odd = session.get(WbProjectRow, "P900202")  # an instrument cpfkit does not know
        africa = session.get(WbProjectRow, "P900000")
        gaza = session.get(WbProjectRow, "P900100")
        assert late is not None and odd is not None and africa is not None and gaza is not None
        assert (str(late.approval_date), str(late.closing_date)) == ("2013-11-12", "2011-06-30")
        assert odd.lending_instrument == "Special Guarantee Facility"
        assert (africa.country_code, africa.country_name, gaza.country_code) == ("3A", "Africa", "GZ")


def test_strict_refuses_the_file_at_its_first_warning_and_stores_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    patterns = pattern_records()
    path = write(tmp_path, patterns)
    before = snapshot(sqlite_store)
    with pytest.raises(DataError) as caught:
        import_wb_projects(sqlite_store, [path], strict=True)
    first = next(i for i, p in enumerate(patterns) if p.outcome == "warned")
    assert (caught.value.file, caught.value.record, caught.value.field) == (
        str(path),
        f"record {first + 1} (project {patterns[first].record['id']})",
        patterns[first].fields[0],
    )
    assert snapshot(sqlite_store) == before
    clean = write(tmp_path, [p for p in patterns if p.outcome == "stored"])
    assert import_wb_projects(sqlite_store, [clean], strict=True).to_json()["projects"]["stored"] == 14


def _get(client: TestClient, url: str) -> Any:
    answer = client.get(url)
    assert answer.status_code == 200, (url, answer.status_code, answer.text[:300])
    return answer


def test_regional_records_linked_to_a_programme_break_no_page(tmp_path: Path, frozen_clock: object) -> None:
    store = Store(f"sqlite:///{tmp_path / 'cpfkit.db'}")
    services.init_store(store)
    path = write(tmp_path, pattern_records())
    report = import_wb_projects(store, [path], programme="kz-2026-2031").to_json()
    assert report["projects"]["stored"] == 21
    with store.reader() as session:
        linked = {r.project_id for r in session.query(ProgrammeProjectRow).filter_by(programme_id="kz-2026-2031")}
    assert {"P900000", "P900003", "P900204", "P900206"} <= linked
    client = TestClient(create_app(store))
    africa = _get(client, "/api/projects/P900000").json()["project"]
    assert (africa["country"], africa["region"]) == (None, "298")
    [listed] = [p for p in _get(client, "/api/projects?q=P900003").json() if p["id"] == "P900003"]
    assert (listed["country"], listed["region"]) == (None, "multi-country")
    for url in (
        "/api/programmes/kz-2026-2031",
        "/api/programmes/kz-2026-2031/projects",
        "/api/programmes/kz-2026-2031/portfolio",
        "/api/programmes/kz-2026-2031/envelope",
        "/api/programmes/kz-2026-2031/simulation?runs=200&seed=7&scenario=all",
        "/programmes/kz-2026-2031",
        "/programmes/kz-2026-2031/portfolio",
        "/programmes/kz-2026-2031/risk",
        "/programmes/kz-2026-2031/results",
        "/programmes/kz-2026-2031/plan",
        "/projects/P900003",
        "/projects/P900204",
        "/projects/P900206",
    ):
        _get(client, url)
    store.dispose()
