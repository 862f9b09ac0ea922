"""Portfolio records in the store, the register, and the engine's copy of the tables, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference, NotFound, PermissionDenied, VersionMismatch
from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.jsonable import jsonable
from cpfkit.metrics.portfolio import prepare_data, review
from cpfkit.reference import load_fx
from cpfkit.services import portfolio as services_portfolio
from cpfkit.services import programmes as services
from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.store.portfolio_copy import mirror_path
from cpfkit.store.repository import load_programme_data
from cpfkit.store.repository_portfolio import list_risks
from cpfkit.store.tables import TransactionRow
from cpfkit.workplace import editing
from cpfkit.workplace.roles import Principal, Role, login_name, operator

FLAGS = Path(__file__).parent.parent / "data" / "programmes" / "xx-flags"
KZ20 = Path(__file__).parent.parent.parent / "src" / "cpfkit" / "programmes" / "kz-2020-2025"


def test_portfolio_records_round_trip(empty_store: Store) -> None:
    original = read_programme_folder(KZ20, fx=load_fx())
    services.load_folders(empty_store, [KZ20])
    with empty_store.reader() as session:
        stored = load_programme_data(session, "kz-2020-2025")
    for name in ("events", "country_flags", "planned_disbursements", "risks"):
        assert getattr(original, name), name
        assert sorted(getattr(stored, name), key=repr) == sorted(getattr(original, name), key=repr), name


def test_reloading_a_folder_replaces_its_records(empty_store: Store) -> None:
    services.load_folders(empty_store, [FLAGS])
    services.load_folders(empty_store, [FLAGS], replace=True)
    with empty_store.reader() as session:
        stored = load_programme_data(session, "xx-flags")
    assert len(stored.events) == 3 and len(stored.country_flags) == 2


def test_the_store_and_the_model_give_the_same_review(empty_store: Store) -> None:
    services.load_folders(empty_store, [FLAGS])
    fx = load_fx()
    folder = read_programme_folder(FLAGS, fx=fx)
    for as_of in (date(2026, 6, 30), date(2027, 6, 30)):
        stored = services_portfolio.portfolio(empty_store, "xx-flags", as_of)
        data = prepare_data(folder, fx)
        expected = review(data, folder.programme, as_of)
        data.close()
        assert expected.flags and expected.operations  # two empty lists would agree about nothing
        assert jsonable(stored.indicators) == jsonable(expected.indicators)
        assert jsonable(stored.flags) == jsonable(expected.flags)
        assert jsonable(stored.operations) == jsonable(expected.operations)


def test_the_copy_follows_every_write(sqlite_store: Store) -> None:
    services.load_folders(sqlite_store, [FLAGS])
    first = services_portfolio.portfolio(sqlite_store, "xx-flags", date(2026, 6, 30))
    assert ("F-LAG", "disbursement-lag") in {(f.project, f.flag) for f in first.flags}
    folder = mirror_path(sqlite_store)
    assert folder is not None and len(list(folder.iterdir())) == 1
    with sqlite_store.transaction() as session:
        row = session.scalars(select(TransactionRow).where(TransactionRow.project_id == "F-LAG")).one()
        row.amount = row.amount_usd = Decimal(900)
    second = services_portfolio.portfolio(sqlite_store, "xx-flags", date(2026, 6, 30))
    assert ("F-LAG", "disbursement-lag") not in {(f.project, f.flag) for f in second.flags}
    assert second.indicators.disbursed_usd == first.indicators.disbursed_usd + 850
    assert len(list(folder.iterdir())) == 1  # the copy of the old state is gone


_REVIEW = """
import json, os, sys
from datetime import date
database, opened = sys.argv[1], []

def watch(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path.startswith(database) and not path.startswith(database + ".portfolio"):
            opened.append(path)

sys.addaudithook(watch)
from cpfkit.services import portfolio as services_portfolio
from cpfkit.store import Store
store = Store("sqlite:///" + database)
report = services_portfolio.portfolio(store, "xx-flags", date(2026, 6, 30))
store.dispose()
print(json.dumps({"disbursed": str(report.indicators.disbursed_usd), "opened": opened}))
"""


def _review_in_a_process_of_its_own(database: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _REVIEW, str(database)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_separate_processes_share_the_copy_and_never_open_the_database_files(sqlite_store: Store) -> None:
    """Each review runs in its own process, as ``cpfkit portfolio`` and the server's workers do.

    The copy is built once and reused; a write by plain SQL (no cpfkit code involved) makes the next
    review rebuild it; and no process ever opens the database file or SQLite's files beside it: on
    POSIX that drops the process's SQLite locks, and another process then deletes the log under it.
    """
    services.load_folders(sqlite_store, [FLAGS])
    sqlite_store.dispose()
    database = Path(str(make_url(sqlite_store.url).database)).resolve()
    folder = mirror_path(sqlite_store)
    assert folder is not None
    first = _review_in_a_process_of_its_own(database)
    [copy] = list(folder.iterdir())
    built = (copy / "done").stat().st_mtime_ns
    again = _review_in_a_process_of_its_own(database)
    assert again == first and first["opened"] == []
    assert [p.name for p in folder.iterdir()] == [copy.name] and (copy / "done").stat().st_mtime_ns == built
    con = sqlite3.connect(database)  # another program changes a figure
    try:
        con.execute("UPDATE transactions SET amount_usd = '900' WHERE project_id = 'F-LAG'")
        con.commit()
    finally:
        con.close()
    after = _review_in_a_process_of_its_own(database)
    assert Decimal(after["disbursed"]) == Decimal(first["disbursed"]) + 850 and after["opened"] == []
    assert [p.name for p in folder.iterdir()] != [copy.name] and len(list(folder.iterdir())) == 1


def test_the_risk_register(empty_store: Store) -> None:
    services.load_folders(empty_store, [FLAGS])
    fields = {
        "code": "R1",
        "title": "Floods",
        "factors": ["resilience", "regional-spillover"],
        "rating": "High",
        "category": "technical-design",
        "mitigation": "Raise the embankments",
        "owner": "Agency EFF",
        "project": "F-EFF",
        "opened": date(2026, 1, 5),
    }
    me = operator()
    entry = services_portfolio.add_risk_entry(empty_store, "xx-flags", fields, me)
    assert entry.illustrative and entry.code == "R1"
    with pytest.raises(DuplicateIdentifier):
        services_portfolio.add_risk_entry(empty_store, "xx-flags", fields, me)
    with pytest.raises(MissingReference):
        services_portfolio.add_risk_entry(empty_store, "xx-flags", {**fields, "code": "R2", "project": "P999"}, me)
    with pytest.raises(NotFound):
        services_portfolio.add_risk_entry(empty_store, "nope", fields, me)
    viewer = Principal("val", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services_portfolio.add_risk_entry(empty_store, "xx-flags", {**fields, "code": "R2"}, viewer)
    with pytest.raises(PermissionDenied):
        services_portfolio.close_risk_entry(empty_store, "xx-flags", "R1", date(2026, 9, 1), None, viewer)
    with pytest.raises(VersionMismatch):
        services_portfolio.close_risk_entry(empty_store, "xx-flags", "R1", date(2026, 9, 1), None, me, version=7)
    closed = services_portfolio.close_risk_entry(
        empty_store, "xx-flags", "R1", date(2026, 9, 1), "embankments raised", me
    )
    assert closed.status == "closed" and closed.closed == date(2026, 9, 1)
    with pytest.raises(DataError, match="already closed"):
        services_portfolio.close_risk_entry(empty_store, "xx-flags", "R1", date(2026, 9, 2), None, me)
    with pytest.raises(NotFound):
        services_portfolio.close_risk_entry(empty_store, "xx-flags", "R9", date(2026, 9, 2), None, me)
    with empty_store.reader() as session:
        [stored] = list_risks(session, "xx-flags")
    assert stored.factors == entry.factors and stored.closing_note == "embankments raised"
    assert services_portfolio.new_risk_code(empty_store, "xx-flags") == "R2"
    trail, _ = editing.audit_entries(empty_store, AuditQuery(entity="risk"), oldest_first=True)
    assert [(e.actor, e.via, e.action, e.version) for e in trail] == [
        (f"cli:{login_name()}", "cli", "create", 1),
        (f"cli:{login_name()}", "cli", "update", 2),
    ]
