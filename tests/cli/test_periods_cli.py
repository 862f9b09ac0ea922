"""`cpfkit period …` on the demo programme, on SQLite and PostgreSQL, and the refusal of every path that writes values.

The demo programme's period is closed up to 2026-06-30: its measurement of I1 for P1 on that day, the
transaction of P1 on 2026-01-15 and the ISR ratings of 2026-06-30 are inside it.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.formats.results_workbook.cells import COLUMNS
from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.workplace import editing
from cpfkit.workplace.roles import login_name
from tests.services.interchange.test_iati_import import GOOD

DEMO = Path(__file__).parents[1] / "data" / "programmes" / "xx-demo"
runner = CliRunner()


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def close(store: Store, until: str = "2026-06-30") -> None:
    code, out, err = run(store, "period", "close", "xx-demo", "--until", until, "--reason", "FY26 reported")
    assert code == 0, err
    assert f"xx-demo: period closed up to {until}" in out


def names_the_period(err: str) -> None:
    flat = " ".join(err.split())
    assert "the period of xx-demo up to 2026-06-30 is closed" in flat, err
    assert f"closed by cli:{login_name()} on " in flat and "FY26 reported" in flat, err


def test_close_list_and_reopen(demo_store: Store) -> None:
    code, out, _ = run(demo_store, "period", "list", "xx-demo", "--json")
    assert code == 0 and json.loads(out) == []
    close(demo_store, "2026-03-31")
    code, _, err = run(demo_store, "period", "close", "xx-demo", "--until", "2025-12-31", "--reason", "back")
    assert code == 1 and "a close only moves forward" in err
    close(demo_store)
    code, _, err = run(demo_store, "period", "close", "xx-demo", "--until", "2026-06-30", "--reason", "")
    assert code == 1 and "give the reason" in err
    code, out, _ = run(demo_store, "period", "reopen", "xx-demo", "--reason", "ministry correction")
    assert code == 0 and "reopened" in out
    code, out, _ = run(demo_store, "period", "list", "xx-demo", "--json")
    newest, older = json.loads(out)
    me = f"cli:{login_name()}"
    assert set(newest) == {"until", "reason", "closed_at", "closed_by", "reopened_at", "reopened_by", "reopen_reason"}
    assert (newest["until"], newest["closed_by"], newest["reopened_by"]) == ("2026-06-30", me, me)
    assert newest["reopen_reason"] == "ministry correction"
    assert (older["until"], older["reopen_reason"]) == ("2026-03-31", "moved forward")
    code, _, err = run(demo_store, "period", "reopen", "xx-demo", "--reason", "again")
    assert code == 1 and "no period of xx-demo is closed" in err
    entries, _ = editing.audit_entries(demo_store, AuditQuery(entity="period"), oldest_first=True)
    assert [(e.actor, e.via, e.action) for e in entries] == [(me, "cli", "create")] * 2 + [(me, "cli", "update")]
    code, _, err = run(demo_store, "period", "list", "nowhere")
    assert code == 1 and "no programme with id 'nowhere'" in err


def test_a_measurement_inside_the_closed_period_is_refused(demo_store: Store) -> None:
    close(demo_store)
    record = ["results", "record", "I1", "--programme", "xx-demo", "--project", "P2", "--value", "2", "--source", "s"]
    code, _, err = run(demo_store, *record, "--date", "2026-03-31")
    assert code == 1
    names_the_period(err)
    code, _, err = run(demo_store, *record, "--date", "2026-07-01")
    assert code == 0, err
    run(demo_store, "period", "reopen", "xx-demo", "--reason", "a late value")
    assert run(demo_store, *record, "--date", "2026-03-31")[0] == 0


def test_a_results_sheet_reaching_into_the_closed_period_is_refused_whole(demo_store: Store, tmp_path: Path) -> None:
    close(demo_store)
    path = tmp_path / "actuals.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        row = {"programme": "xx-demo", "indicator": "I1", "project": "P2", "source": "survey"}
        writer.writerow({**row, "date": "2026-09-30", "value": 9})
        writer.writerow({**row, "date": "2026-05-31", "value": 8})
    before = run(demo_store, "results", "show", "xx-demo", "--json")[1]
    code, _, err = run(demo_store, "results", "load", str(path))
    assert code == 1
    names_the_period(err)
    assert f"{path}: row 3: field date" in " ".join(err.split()), err
    assert run(demo_store, "results", "show", "xx-demo", "--json")[1] == before  # nothing stored, not even row 2


def test_reloading_the_folder_keeps_the_close_unless_it_changes_closed_values(
    demo_store: Store, tmp_path: Path
) -> None:
    close(demo_store)
    assert run(demo_store, "load", "--replace", str(DEMO))[0] == 0
    code, out, _ = run(demo_store, "period", "list", "xx-demo", "--json")
    assert [c["reopened_at"] for c in json.loads(out)] == [None]  # the close survives the reload
    changed = tmp_path / "xx-demo"
    shutil.copytree(DEMO, changed)
    ledger = changed / "transactions.csv"
    ledger.write_text(ledger.read_text().replace("P1,disbursement,2026-01-15,100", "P1,disbursement,2026-01-15,101"))
    code, _, err = run(demo_store, "load", "--replace", str(changed))
    assert code == 1
    names_the_period(err)
    assert str(changed) in err.replace("\n", "")
    later = changed / "measurements.csv"
    shutil.copy(DEMO / "transactions.csv", ledger)
    later.write_text(later.read_text().replace("I2,P1,2027-06-30,60", "I2,P1,2027-06-30,61"))
    code, _, err = run(demo_store, "load", "--replace", str(changed))
    assert code == 0, err  # after the period: accepted


def test_an_iati_import_into_the_programme_with_transactions_in_the_closed_period_is_refused(
    demo_store: Store,
) -> None:
    close(demo_store)
    code, _, err = run(demo_store, "import", "iati", str(GOOD), "--programme", "xx-demo")
    assert code == 1
    names_the_period(err)
    code, out, _ = run(demo_store, "projects", "xx-demo", "--json")
    assert "44000-P900001" not in out
    assert run(demo_store, "import", "iati", str(GOOD))[0] == 0  # into no programme: nothing closed
