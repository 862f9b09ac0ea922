"""`cpfkit results …` on the demo programme: measurements in, ratings and text set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.formats.results_workbook.cells import COLUMNS
from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.workplace import editing
from cpfkit.workplace.roles import login_name
from tests.helpers import snapshot

runner = CliRunner()
WHY = "The 2027 household survey confirms access for most of the corridor."


def run(store: Store, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args])
    return result.exit_code, result.stdout, result.stderr


def trail(store: Store, entity: str) -> list[tuple[str, str, str, str]]:
    """The audit entries of an entity, oldest first: (actor, via, action, entity id)."""
    entries, _ = editing.audit_entries(store, AuditQuery(entity=entity), oldest_first=True)
    return [(e.actor, e.via, e.action, e.entity_id) for e in entries]


def indicator(store: Store, code: str, as_of: str) -> dict[str, Any]:
    code_, out, _ = run(store, "results", "show", "xx-demo", "--as-of", as_of, "--json")
    assert code_ == 0
    found = [i for a in json.loads(out)["areas"] for o in a["objectives"] for i in o["indicators"] if i["code"] == code]
    return found[0]  # type: ignore[no-any-return]


def test_record_a_measurement_and_see_the_progress(demo_store: Store) -> None:
    code, out, _ = run(
        demo_store,
        "results",
        "record",
        "I1",
        "--project",
        "P1",
        "--value",
        "270",
        "--date",
        "2027-12-31",
        "--source",
        "ISR 7",
        "--unit",
        "people",
        "--json",
    )
    assert code == 0 and json.loads(out)["programme"] == "xx-demo" and not json.loads(out)["replaced"]
    me = f"cli:{login_name()}"
    assert trail(demo_store, "measurement") == [(me, "cli", "create", "I1/P1/2027-12-31")]
    i1 = indicator(demo_store, "I1", "2027-12-31")
    # P1 270 + P2 100 − overlap 50 = 320 ≥ target 300 → achieved
    assert i1["actual"] == "320" and i1["status"] == "achieved" and i1["progress_capped"] == "1"
    code, out, _ = run(
        demo_store,
        "results",
        "record",
        "I1",
        "--project",
        "P1",
        "--value",
        "250",
        "--date",
        "2027-12-31",
        "--source",
        "ISR 7 (corrected)",
    )
    assert code == 0 and out.startswith("replaced")
    assert indicator(demo_store, "I1", "2027-12-31")["actual"] == "300"
    code, _, err = run(
        demo_store,
        "results",
        "record",
        "I1",
        "--project",
        "P1",
        "--value",
        "12",
        "--date",
        "2027-12-31",
        "--source",
        "x",
        "--unit",
        "km",
    )
    assert code == 1 and "field unit" in err and "'people'" in err
    code, _, err = run(
        demo_store,
        "results",
        "record",
        "I1",
        "--project",
        "P1",
        "--value",
        "twelve",
        "--date",
        "2027-12-31",
        "--source",
        "x",
    )
    assert code == 1 and "not a number" in err


def _fill(path: Path, cells: dict[tuple[int, str], Any]) -> None:
    book = load_workbook(path)
    ws = book["Measurements"]
    for (row, column), value in cells.items():
        ws.cell(row=row, column=COLUMNS.index(column) + 1).value = value
    book.save(path)


def test_the_results_template_round_trip(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actuals.xlsx"
    code, out, _ = run(demo_store, "results", "template", "xx-demo", "-o", str(path))
    assert code == 0 and "4 rows to fill" in out.replace("\n", " ")
    _fill(
        path,
        {
            (2, "date"): "2028-03-31",
            (2, "value"): 230,
            (2, "source"): "Ministry return, Q1 2028",
            (3, "date"): "2028-03-31",
            (3, "value"): 140,
            (3, "source"): "Ministry return, Q1 2028",
        },
    )
    code, out, _ = run(demo_store, "results", "load", str(path), "--json")
    assert code == 0
    loaded = json.loads(out)
    assert (loaded["rows"], loaded["added"], loaded["replaced"], loaded["programmes"]) == (2, 2, 0, ["xx-demo"])
    # 230 + 140 − 50 = 320
    assert indicator(demo_store, "I1", "2028-03-31")["actual"] == "320"
    code, out, _ = run(demo_store, "results", "load", str(path), "--json")
    assert code == 0 and json.loads(out)["replaced"] == 2 and json.loads(out)["added"] == 0
    me = f"cli:{login_name()}"
    assert trail(demo_store, "measurements") == [(me, "cli", "load", "xx-demo/actuals.xlsx")] * 2
    csv_path = tmp_path / "actuals.csv"
    code, _, _ = run(demo_store, "results", "template", "xx-demo", "-o", str(csv_path))
    assert code == 0 and csv_path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


def test_a_sheet_with_bad_rows_stores_nothing(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actuals.xlsx"
    assert run(demo_store, "results", "template", "xx-demo", "-o", str(path))[0] == 0
    _fill(
        path,
        {
            (2, "date"): "2028-03-31",
            (2, "value"): 230,
            (2, "source"): "Ministry return",  # good
            (3, "date"): "2028-03-31",
            (3, "value"): "n/a",
            (3, "source"): "Ministry return",  # not a number
            (4, "date"): "2030-03-31",
            (4, "value"): 50,
            (4, "weight"): 10,
            (4, "source"): "Ministry return",  # outside
            (5, "date"): "2028-03-31",
            (5, "value"): 50,
            (5, "weight"): 10,
            (5, "source"): "x",
            (5, "unit"): "km",
            (6, "programme"): "xx-demo",
            (6, "indicator"): "I404",
            (6, "date"): "2028-03-31",
            (6, "value"): 1,
            (6, "source"): "x",  # unknown indicator
        },
    )
    before = snapshot(demo_store)
    code, out, err = run(demo_store, "results", "load", str(path))
    assert code == 1 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert [line.split(": ", 2)[2] for line in lines] == [
        "sheet Measurements, row 3: field value (column E): the value is not a number: 'n/a'",
        "sheet Measurements, row 4: field date (column D): 2030-03-31 is outside the programme period "
        "2025-07-01 – 2028-06-30",
        "sheet Measurements, row 5: field unit (column F): unit 'km' is not the unit of I2, which is '%'",
        "sheet Measurements, row 6: field indicator (column B): no indicator 'I404' in programme xx-demo",
    ]
    assert "4 bad row(s); nothing of" in err and "was stored" in err
    assert snapshot(demo_store) == before


def test_ratings_of_record_and_review_text(demo_store: Store, tmp_path: Path) -> None:
    code, out, _ = run(
        demo_store,
        "results",
        "rate",
        "xx-demo",
        "O1",
        "--rating",
        "mostly achieved",
        "--justification",
        WHY,
        "--by",
        "Task team",
        "--on",
        "2028-07-15",
        "--json",
    )
    assert code == 0
    rated = json.loads(out)
    assert rated["override"]["rating"] == "Mostly Achieved" and rated["suggested"] == "Not Achieved"
    code, _, err = run(demo_store, "results", "rate", "xx-demo", "O1", "--rating", "Achieved", "--justification", "ok")
    assert code == 1 and "justification" in err
    code, _, err = run(demo_store, "results", "rate", "xx-demo", "O7", "--rating", "Achieved", "--justification", WHY)
    assert code == 1 and "no objective 'O7'" in err
    code, _, err = run(demo_store, "results", "rate", "xx-demo", "O1", "--rating", "Great", "--justification", WHY)
    assert code == 1 and "'Great' is not an objective rating; use one of: Achieved," in err
    code, out, _ = run(
        demo_store,
        "results",
        "rate",
        "xx-demo",
        "development-outcome",
        "--rating",
        "MS",
        "--justification",
        "One objective mostly achieved, one without evidence.",
    )
    assert code == 0
    code, out, _ = run(demo_store, "results", "ratings", "xx-demo", "--as-of", "2027-12-31", "--json")
    ratings = json.loads(out)
    o1 = ratings["objectives"][0]
    assert (o1["rating"], o1["overridden"], o1["justification"], o1["rated_by"]) == (
        "Mostly Achieved",
        True,
        WHY,
        "Task team",
    )
    assert ratings["development_outcome"]["rating"] == "MS" and ratings["development_outcome"]["overridden"]
    lessons = tmp_path / "lessons.md"
    lessons.write_text("Measure early.\n\n- Agree the survey before effectiveness.\n- Count users once.\n")
    assert run(demo_store, "results", "note", "xx-demo", "lessons", "--file", str(lessons), "--by", "TTL")[0] == 0
    assert run(demo_store, "results", "note", "xx-demo", "adjustments", "--text", "Drop I2.")[0] == 0
    code, _, err = run(demo_store, "results", "note", "xx-demo", "adjustments", "--review", "clr", "--text", "x")
    assert code == 1 and "PLR" in err
    code, out, _ = run(demo_store, "report", "clr", "xx-demo", "--as-of", "2027-12-31", "--json")
    clr = json.loads(out)
    assert clr["lessons"]["text"].startswith("Measure early.") and clr["lessons"]["author"] == "TTL"
    assert clr["framework"]["areas"][0]["objectives"][0]["rating"]["overridden"] is True
    code, out, _ = run(demo_store, "report", "plr", "xx-demo", "--as-of", "2027-12-31", "--json")
    assert json.loads(out)["adjustments"]["text"] == "Drop I2."
    # withdrawing brings the suggestion back; the superseded and withdrawn rows are kept
    code, out, _ = run(demo_store, "results", "rate", "xx-demo", "O1", "--withdraw")
    assert code == 0 and "withdrawn" in out
    code, out, _ = run(demo_store, "results", "ratings", "xx-demo", "--as-of", "2027-12-31", "--json")
    assert json.loads(out)["objectives"][0]["rating"] == "Not Achieved"
    code, out, _ = run(demo_store, "results", "notes", "xx-demo", "--json")
    content = json.loads(out)
    assert [r["subject"] for r in content["ratings"]] == ["development-outcome"]
    assert sorted(n["section"] for n in content["notes"]) == ["adjustments", "lessons"]
    assert run(demo_store, "results", "note", "xx-demo", "lessons", "--clear")[0] == 0
    code, out, _ = run(demo_store, "results", "notes", "xx-demo", "--json")
    assert [n["section"] for n in json.loads(out)["notes"]] == ["adjustments"]
    me = f"cli:{login_name()}"
    assert trail(demo_store, "rating_of_record") == [
        (me, "cli", "rate", "xx-demo/objective/O1"),
        (me, "cli", "rate", "xx-demo/development-outcome/-"),
        (me, "cli", "withdraw", "xx-demo/objective/O1"),
    ]
    assert [(a, action, key) for a, _, action, key in trail(demo_store, "review_note")] == [
        (me, "write", "xx-demo/clr/lessons"),
        (me, "write", "xx-demo/plr/adjustments"),
        (me, "clear", "xx-demo/clr/lessons"),
    ]


def test_report_formats_from_the_command_line(demo_store: Store, tmp_path: Path) -> None:
    for kind in ("results-matrix", "plr", "clr"):
        target = tmp_path / f"{kind}.xlsx"
        code, _, err = run(demo_store, "report", kind, "xx-demo", "--as-of", "2027-12-31", "-o", str(target))
        assert code == 0 and target.exists() and "xlsx" in err
        code, out, _ = run(demo_store, "report", kind, "xx-demo", "--as-of", "2027-12-31", "--format", "json")
        assert code == 0 and json.loads(out)["report"]["kind"] == kind
        code, out, _ = run(demo_store, "report", kind, "xx-demo", "--as-of", "2027-12-31")
        assert code == 0 and out
    code, _, err = run(demo_store, "report", "plr", "xx-demo", "--format", "pdf")
    assert code == 2 and "-o FILE" in err
    code, _, err = run(demo_store, "report", "plr", "xx-demo", "-o", str(tmp_path / "plr.doc"))
    assert code == 1 and "--format" in err
