"""Checking measurements against a programme, and reading results sheets with every bad row located."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cpfkit.errors import DataError, MissingReference
from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.formats.results_workbook.cells import COLUMNS
from cpfkit.formats.results_workbook.check import ProgrammeContext, check_measurement
from cpfkit.formats.results_workbook.read import SheetErrors, read_measurement_file
from cpfkit.formats.results_workbook.template import template_rows, write_template
from cpfkit.model import ProgrammeData
from cpfkit.reference import load_fx

DATA = Path(__file__).parent.parent / "data" / "programmes"


@pytest.fixture(scope="module")
def demo() -> ProgrammeData:
    return read_programme_folder(DATA / "xx-demo", fx=load_fx())


@pytest.fixture(scope="module")
def contexts(demo: ProgrammeData) -> dict[str, ProgrammeContext]:
    other = demo.programme.model_copy(update={"id": "xx-twin"})
    return {
        "xx-demo": ProgrammeContext(demo.programme, frozenset(link.project for link in demo.links)),
        "xx-twin": ProgrammeContext(other, frozenset({"Q1"})),
    }


def good(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"indicator": "I1", "project": "P1", "date": "2027-06-30", "value": "220", "source": "ISR 6"}
    row.update(changes)
    return row


def test_a_good_measurement(contexts: dict[str, ProgrammeContext]) -> None:
    programme, m = check_measurement(contexts, good())
    # I1 is in both programmes; only xx-demo counts P1, so the operation decides
    assert programme == "xx-demo" and m.value == Decimal(220) and m.date == date(2027, 6, 30)
    programme, m = check_measurement(contexts, good(project=None, programme="xx-twin", unit="People"))
    assert programme == "xx-twin" and m.project is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"indicator": "I9"}, "indicator", "no indicator 'I9' in any programme"),
        ({"project": None}, "programme", "several programmes (xx-demo, xx-twin): name the programme"),
        ({"project": "P404"}, "project", "none of the programmes with indicator I1 (xx-demo, xx-twin) counts 'P404'"),
        ({"programme": "xx-none"}, "programme", "no programme 'xx-none'"),
        ({"project": "P404", "programme": "xx-demo"}, "project", "counts no operation 'P404'"),
        ({"unit": "km"}, "unit", "unit 'km' is not the unit of I1, which is 'people'"),
        ({"date": "2029-01-01"}, "date", "outside the programme period 2025-07-01 – 2028-06-30"),
        ({"date": "30/06/2027"}, "date", "not a date"),
        ({"date": None}, "date", "missing"),
        ({"value": "about 200"}, "value", "not a number"),
        ({"value": "1,200"}, "value", "could be a thousand or a decimal (write 1200 or 1.200)"),
        ({"value": "520,5"}, "value", "uses a decimal comma (write 520.5)"),
        ({"value": "1e16"}, "value", "above the ceiling"),
        ({"value": "20000000000000"}, "value", "above the ceiling"),
        ({"value": "0.00000000001"}, "value", "more than 10 decimals"),
        ({"value": "NaN"}, "value", "not a finite number"),
        ({"value": None}, "value", "missing"),
        ({"indicator": "I2", "weight": None}, "weight", "weighted mean"),
        ({"indicator": "I2", "weight": "0"}, "weight", "positive"),
        ({"source": None}, "source", "or mark it illustrative"),
        ({"illustrative": "perhaps"}, "illustrative", "yes or no"),
    ],
)
def test_each_kind_of_bad_measurement_names_its_field(
    contexts: dict[str, ProgrammeContext], changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(DataError) as caught:
        check_measurement(contexts, good(**changes))
    assert caught.value.field == field and words in caught.value.message


def test_unknown_codes_are_missing_references(contexts: dict[str, ProgrammeContext]) -> None:
    with pytest.raises(MissingReference):
        check_measurement(contexts, good(project="P404"))


def test_template_rows_list_each_indicator_with_the_operations_serving_it(demo: ProgrammeData) -> None:
    rows = template_rows(demo, date(2027, 6, 30))
    assert [(r["indicator"], r["project"]) for r in rows] == [("I1", "P1"), ("I1", "P2"), ("I2", "P1"), ("I2", "P2")]
    assert rows[0]["latest value"] == 200 and rows[0]["latest date"] == date(2027, 6, 30)
    assert all(r["date"] is None and r["value"] is None for r in rows)


def _fill(path: Path, cells: dict[tuple[int, str], Any]) -> None:
    book = load_workbook(path)
    ws = book["Measurements"]
    for (row, column), value in cells.items():
        ws.cell(row=row, column=COLUMNS.index(column) + 1).value = value
    book.save(path)


def test_a_filled_xlsx_template_reads_back(
    demo: ProgrammeData, contexts: dict[str, ProgrammeContext], tmp_path: Path
) -> None:
    path = tmp_path / "template.xlsx"
    assert write_template(demo, path) == 4
    book = load_workbook(path)
    assert book.sheetnames == ["How to fill", "Measurements", "Indicators", "Operations"]
    assert book["Measurements"].freeze_panes == "A2"
    _fill(
        path,
        {
            (2, "date"): datetime(2027, 12, 31),
            (2, "value"): 240,
            (2, "source"): "ISR 7",
            (5, "date"): "2027-12-31",
            (5, "value"): 85.5,
            (5, "weight"): 120,
            (5, "illustrative"): "yes",
        },
    )
    rows = read_measurement_file(path, contexts)
    assert [(p, m.indicator, m.project, m.value) for p, m in rows] == [
        ("xx-demo", "I1", "P1", Decimal(240)),
        ("xx-demo", "I2", "P2", Decimal("85.5")),
    ]
    assert rows[1][1].illustrative and rows[1][1].weight == 120


def test_every_bad_row_is_reported_with_sheet_row_and_column(
    demo: ProgrammeData, contexts: dict[str, ProgrammeContext], tmp_path: Path
) -> None:
    path = tmp_path / "template.xlsx"
    write_template(demo, path)
    _fill(
        path,
        {
            (2, "date"): "2027-12-31",
            (2, "value"): 240,
            (2, "source"): "ISR 7",  # good
            (3, "date"): "2027-12-31",
            (3, "value"): "many",
            (3, "source"): "x",  # not a number: column E
            (4, "date"): "2030-01-01",
            (4, "value"): 1,
            (4, "source"): "x",
            (4, "weight"): 1,  # outside: column D
            (5, "date"): "2027-12-31",
            (5, "value"): 1,
            (5, "source"): "x",
            (5, "weight"): 1,
            (5, "unit"): "km",
            (6, "indicator"): "I7",
            (6, "date"): "2027-12-31",
            (6, "value"): 1,
            (6, "source"): "x",
            (7, "indicator"): "I1",
            (7, "project"): "P1",
            (7, "date"): "2027-12-31",
            (7, "value"): 2,
            (7, "source"): "x",
        },
    )
    with pytest.raises(SheetErrors) as caught:
        read_measurement_file(path, contexts)
    lines = [p.one_line() for p in caught.value.problems]
    name = str(path)
    assert lines == [
        f"{name}: sheet Measurements, row 3: field value (column E): the value is not a number: 'many'",
        f"{name}: sheet Measurements, row 4: field date (column D): 2030-01-01 is outside the programme period "
        "2025-07-01 – 2028-06-30",
        f"{name}: sheet Measurements, row 5: field unit (column F): unit 'km' is not the unit of I2, which is '%'",
        f"{name}: sheet Measurements, row 6: field indicator (column B): no indicator 'I7' in any programme",
        f"{name}: sheet Measurements, row 7: field date (column D): I1 for P1 on 2027-12-31 is already given in "
        "sheet Measurements, row 2",
    ]
    assert "and 4 more problems; nothing was stored" in str(caught.value)


def test_csv_sheets_and_unreadable_files(contexts: dict[str, ProgrammeContext], tmp_path: Path) -> None:
    good_csv = tmp_path / "m.csv"
    good_csv.write_text("indicator,project,date,value,source\nI1,P1,2027-12-31,240,ISR 7\nI1,P2,,,\n", encoding="utf-8")
    [(programme, m)] = read_measurement_file(good_csv, contexts)
    assert programme == "xx-demo" and m.value == 240
    bad_csv = tmp_path / "b.csv"
    bad_csv.write_text("indicator,project,date,value,source\nI1,P1,2027-12-31,x,ISR\n", encoding="utf-8")
    with pytest.raises(SheetErrors) as caught:
        read_measurement_file(bad_csv, contexts)
    assert caught.value.problems[0].record == "row 2" and caught.value.problems[0].field == "value (column D)"
    no_columns = tmp_path / "n.csv"
    no_columns.write_text("indicator,when\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        read_measurement_file(no_columns, contexts)
    with pytest.raises(DataError, match="no such file"):
        read_measurement_file(tmp_path / "absent.xlsx", contexts)
    not_a_book = tmp_path / "x.xlsx"
    not_a_book.write_text("hello", encoding="utf-8")
    with pytest.raises(DataError, match="not an Excel workbook"):
        read_measurement_file(not_a_book, contexts)
    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["a", "b"])  # type: ignore[union-attr]
    book.save(other)
    with pytest.raises(DataError, match="no sheet has the columns"):
        read_measurement_file(other, contexts)


@pytest.mark.parametrize(
    ("language", "value", "weight", "expected"),
    [
        ("ru", "520,5", "1 200,25", (Decimal("520.5"), Decimal("1200.25"))),
        ("kk", "520,5", "1\u00a0200,25", (Decimal("520.5"), Decimal("1200.25"))),
        ("en", "520.5", "1,200.25", (Decimal("520.5"), Decimal("1200.25"))),
    ],
)
def test_numbers_written_as_text_in_a_workbook_follow_the_language(
    demo: ProgrammeData,
    contexts: dict[str, ProgrammeContext],
    tmp_path: Path,
    language: str,
    value: str,
    weight: str,
    expected: tuple[Decimal, Decimal],
) -> None:
    path = tmp_path / "template.xlsx"
    write_template(demo, path)
    _fill(path, {(5, "date"): "2027-12-31", (5, "value"): value, (5, "weight"): weight, (5, "illustrative"): "yes"})
    [(_, m)] = read_measurement_file(path, contexts, language)
    assert (m.value, m.weight) == expected


def test_a_decimal_comma_in_an_english_workbook_or_csv_is_refused_with_the_hint(
    demo: ProgrammeData, contexts: dict[str, ProgrammeContext], tmp_path: Path
) -> None:
    path = tmp_path / "template.xlsx"
    write_template(demo, path)
    _fill(path, {(2, "date"): "2027-12-31", (2, "value"): "520,5", (2, "source"): "ISR 7"})
    for language in ("en", None):
        with pytest.raises(SheetErrors) as caught:
            read_measurement_file(path, contexts, language)
        assert caught.value.problems[0].message == "the value '520,5' uses a decimal comma (write 520.5)"
        assert caught.value.problems[0].field == "value (column E)"
    csv = tmp_path / "values.csv"
    csv.write_text('indicator,project,date,value,source\nI1,P1,2027-12-31,"520,5",ISR 7\n', encoding="utf-8")
    [(_, m)] = read_measurement_file(csv, contexts, "ru")
    assert m.value == Decimal("520.5")
    with pytest.raises(SheetErrors, match="write 520.5"):
        read_measurement_file(csv, contexts, "en")
