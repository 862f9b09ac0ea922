"""World Bank Projects API records: JSON, the API object, CSV; exact sums; absent and zero amounts; idempotence."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cpfkit.errors import DataError
from cpfkit.services import programmes as services
from cpfkit.services.interchange.wb_projects import import_wb_projects
from cpfkit.store import Store
from cpfkit.store.audit import Actor
from cpfkit.store.tables import ProgrammeProjectRow, ProjectRow, SectorRow
from cpfkit.store.tables_iati import WbProjectRow
from cpfkit.store.tables_workplace import AuditRow
from tests.conftest import DATA, DEMO
from tests.helpers import snapshot

SAMPLE = DATA / "wb-projects" / "world_bank_projects_less.json"


def records() -> list[dict[str, Any]]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_sample_imports_with_sums_computed_from_the_raw_records(empty_store: Store) -> None:
    raw = records()
    report = import_wb_projects(empty_store, [SAMPLE]).to_json()
    assert report["projects"]["read"] == report["projects"]["stored"] == len(raw) == 2
    assert report["commitments_usd"] == {
        "IBRD": str(sum(r["ibrdcommamt"] for r in raw)),
        "IDA": str(sum(r["idacommamt"] for r in raw)),
        "grant": str(sum(r["grantamt"] for r in raw)),
    }
    assert report["project_cost_usd"] == str(sum(r["lendprojectcost"] for r in raw))
    with empty_store.reader() as session:
        eth = session.get(ProjectRow, "P129828")
        tun = session.get(ProjectRow, "P144674")
        assert eth is not None and tun is not None
        assert (eth.country, eth.institution, eth.instrument, eth.status) == ("ET", "IDA", "IPF", "active")
        assert (eth.approval_date, eth.original_closing_date, eth.commitment) == (
            date(2013, 11, 12),
            date(2018, 7, 7),
            Decimal(130_000_000),
        )
        assert (eth.implementing_agency, eth.borrower) == (
            "MINISTRY OF EDUCATION",
            "FEDERAL DEMOCRATIC REPUBLIC OF ETHIOPIA",
        )
        # a trust-funded grant: no IBRD or IDA money, so the institution is the trust fund; no closing date given
        assert (tun.institution, tun.commitment, tun.original_closing_date) == ("TF", Decimal(4_700_000), None)
        sectors = session.execute(
            select(SectorRow.code, SectorRow.name, SectorRow.percentage).where(SectorRow.project_id == "P129828")
        ).all()
        assert sorted(sectors) == sorted(
            (code, r["sector" + str(n)]["Name"], r["sector" + str(n)]["Percent"])
            for r in raw[:1]
            for n, code in zip(range(1, 5), ("EP", "ES", "BS", "ET"), strict=True)
        )
        wb = session.get(WbProjectRow, "P129828")
        assert wb is not None and (wb.ida_commitment, wb.project_cost, wb.approval_fy) == (
            130_000_000,
            550_000_000,
            1999,
        )
        assert [t["name"] for t in wb.themes] == ["Education for all"]


def test_importing_twice_changes_nothing(empty_store: Store) -> None:
    import_wb_projects(empty_store, [SAMPLE])
    before = snapshot(empty_store)
    again = import_wb_projects(empty_store, [SAMPLE]).to_json()
    assert snapshot(empty_store) == before and again["projects"]["unchanged"] == 2


def test_the_api_object_and_a_csv_give_the_same_projects(sqlite_store: Store, tmp_path: Path) -> None:
    raw = records()
    api = write_json(tmp_path / "api.json", {"rows": 2, "total": 2, "projects": {r["id"]: r for r in raw}})
    flat = tmp_path / "projects.csv"
    keys = ["id", "project_name", "countrycode", "ibrdcommamt", "idacommamt", "grantamt", "totalcommamt"]
    keys += ["lendprojectcost", "boardapprovaldate", "closingdate", "lendinginstr", "status", "impagency", "borrower"]
    with flat.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([*keys, *(f"sector{n}_{part}" for n in range(1, 5) for part in ("name", "percent"))])
        for r in raw:
            sectors = [
                r.get(f"sector{n}", {}).get(part.title(), "") for n in range(1, 5) for part in ("name", "percent")
            ]
            writer.writerow([r.get(k, "") for k in keys] + sectors)
    stores = []
    for name, path in (("json", SAMPLE), ("api", api), ("csv", flat)):
        store = Store(f"sqlite:///{tmp_path / name}.db")
        store.migrate()
        report = import_wb_projects(store, [path]).to_json()
        with store.reader() as session:
            rows = session.execute(
                select(
                    ProjectRow.id,
                    ProjectRow.country,
                    ProjectRow.institution,
                    ProjectRow.commitment,
                    ProjectRow.approval_date,
                    ProjectRow.original_closing_date,
                )
            ).all()
            sectors = session.execute(select(SectorRow.project_id, SectorRow.name, SectorRow.percentage)).all()
        stores.append((report["commitments_usd"], report["project_cost_usd"], sorted(rows), sorted(sectors)))
        store.dispose()
    assert stores[0] == stores[1] == stores[2]


def test_the_projects_list_csv_titles_are_read(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Project ID,Project Name,Country,Project Status,Board Approval Date,Project Closing Date,"
        "IBRD Commitment,IDA Commitment,Grant Amount,Current Project Cost,Lending Instrument,Implementing Agency\n"
        "P1001,Roads,Kazakhstan,Active,2020-05-01T00:00:00Z,2026-12-31T00:00:00Z,"
        '"350,000,000",0,0,"400,000,000",Investment Project Financing,Committee for Roads\n'
        "P1002,Water,Federal Democratic Republic of Ethiopia,Active,2021-01-01,,0,100,0,100,"
        "Investment Project Financing,\n",
        encoding="utf-8",
    )
    report = import_wb_projects(sqlite_store, [path]).to_json()
    assert report["projects"]["stored"] == 2 and report["commitments_usd"]["IBRD"] == "350000000"
    assert report["skipped"] == [] and report["projects"]["warned"] == 1
    # a country name the codelist does not hold: stored, under "unspecified", with a warning at its line
    [warning] = report["warnings"]
    assert (warning["record"], warning["line"], warning["field"]) == ("P1002", 3, "countrycode")
    assert "'Federal Democratic Republic of Ethiopia'" in warning["message"] and "998" in warning["message"]
    with sqlite_store.reader() as session:
        kz, eth = session.get(ProjectRow, "P1001"), session.get(ProjectRow, "P1002")
        assert kz is not None and eth is not None
        assert (kz.country, kz.region, eth.country, eth.region) == ("KZ", None, None, "998")


def test_absent_amounts_are_unknown_and_zero_amounts_are_zero(sqlite_store: Store, tmp_path: Path) -> None:
    raw = records()
    for key in ("grantamt", "lendprojectcost", "closingdate"):
        del raw[0][key]
    raw[1]["grantamt"] = 0  # nothing committed at all: the financing type (OTHER) says trust-funded
    raw[1]["totalcommamt"] = 0
    report = import_wb_projects(sqlite_store, [write_json(tmp_path / "r.json", raw)]).to_json()
    assert report["projects"]["stored"] == 2 and report["skipped"] == [] and report["warnings"] == []
    assert report["missing"] == {"IBRD": 0, "IDA": 0, "grant": 1, "project_cost": 1}
    assert report["commitments_usd"] == {"IBRD": "0", "IDA": "130000000", "grant": "0"}
    assert report["project_cost_usd"] == "5700000"
    with sqlite_store.reader() as session:
        wb = session.get(WbProjectRow, "P129828")
        tun = session.get(ProjectRow, "P144674")
        assert wb is not None and wb.grant_amount is None and wb.project_cost is None
        assert tun is not None and (tun.institution, tun.commitment) == ("TF", 0)


def test_country_filter_programme_link_and_conflicts(demo_store: Store, tmp_path: Path) -> None:
    raw = records()
    clash = dict(raw[0], id="P1", countrycode="ET")
    path = write_json(tmp_path / "r.json", [*raw, clash])
    before = services.project(demo_store, "P1")
    report = import_wb_projects(demo_store, [path], countries=frozenset({"ET"}), programme="xx-demo").to_json()
    assert (report["projects"]["stored"], report["projects"]["filtered"]) == (1, 1)
    assert [s["kind"] for s in report["projects"]["skips"]] == ["conflict"]
    assert services.project(demo_store, "P1") == before
    with demo_store.reader() as session:
        linked = set(
            session.scalars(select(ProgrammeProjectRow.project_id).where(ProgrammeProjectRow.programme_id == "xx-demo"))
        )
    assert "P129828" in linked and "P144674" not in linked


def test_a_malformed_amount_is_a_warning_and_strict_refuses_the_whole_file(sqlite_store: Store, tmp_path: Path) -> None:
    services.load_folders(sqlite_store, [DEMO])
    raw = records()
    raw[1]["idacommamt"] = "12x"
    path = write_json(tmp_path / "bad.json", raw)
    before = snapshot(sqlite_store)
    with pytest.raises(DataError) as caught:
        import_wb_projects(sqlite_store, [path], strict=True)
    assert (caught.value.file, caught.value.record, caught.value.field) == (
        str(path),
        "record 2 (project P144674)",
        "idacommamt",
    )
    assert "'12x' is not an amount" in caught.value.message and "--strict" in caught.value.message
    assert snapshot(sqlite_store) == before
    report = import_wb_projects(sqlite_store, [path]).to_json()
    assert report["projects"]["stored"] == 2 and report["missing"]["IDA"] == 1
    assert [(w["record"], w["index"], w["field"]) for w in report["warnings"]] == [("P144674", 2, "idacommamt")]


def test_files_that_are_not_project_exports_are_refused(sqlite_store: Store, tmp_path: Path) -> None:
    with pytest.raises(DataError, match="needs the columns id and project_name"):
        import_wb_projects(sqlite_store, [DATA / "iati" / "README.md"])
    with pytest.raises(DataError, match="expected a JSON array"):
        import_wb_projects(sqlite_store, [write_json(tmp_path / "x.json", {"rows": 0})])


def test_an_import_by_someone_is_traced_per_project_and_a_repeat_adds_nothing(empty_store: Store) -> None:
    who = Actor("cli:analyst", via="cli")
    import_wb_projects(empty_store, [SAMPLE], actor=who)
    after_first = snapshot(empty_store)
    import_wb_projects(empty_store, [SAMPLE], actor=who)
    assert snapshot(empty_store) == after_first
    with empty_store.reader() as session:
        traced = sorted(
            (e.project_id, e.action, (e.after or {}).get("outcome")) for e in session.scalars(select(AuditRow)).all()
        )
    assert traced == sorted((r["id"], "import", "new") for r in records())
