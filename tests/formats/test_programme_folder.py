"""Loading programme folders: valid data round-trips; every kind of bad input fails whole, with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.errors import DataError
from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.reference import load_fx
from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.conftest import DATA, DEMO
from tests.helpers import copy_folder, replace_in, snapshot

runner = CliRunner()
OTHER = DATA / "programmes" / "xx-other"


def test_the_demo_folder_reads_whole() -> None:
    data = read_programme_folder(DEMO, fx=load_fx())
    assert data.programme.id == "xx-demo"
    assert [p.id for p in data.projects] == ["P1", "P2", "P3"]
    assert len(data.transactions) == 3 and len(data.measurements) == 5
    link = next(link for link in data.links if link.project == "P1")
    assert link.priority_areas == ("PA1",)  # taken from objective O1


BAD_INPUTS = [
    # (file, old text, new text, expected pieces of the one-line error)
    (
        "projects.yaml",
        "institution: IBRD\n    instrument: IPF\n    status: active\n    dates: {approval: 2025-09-01",
        "institution: EBRD\n    instrument: IPF\n    status: active\n    dates: {approval: 2025-09-01",
        ["projects.yaml", "project P1", "field institution"],
    ),
    (
        "transactions.csv",
        "P1,disbursement,2026-01-15,100,",
        "P1,disbursement,2026-01-15,-100,",
        ["transactions.csv", "row 2", "field amount", "must not be negative"],
    ),
    (
        "projects.yaml",
        "objectives: [O1]\n    source: made for tests",
        "objectives: [O9]\n    source: made for tests",
        ["projects.yaml", "project P1", "field objectives", "no objective 'O9'"],
    ),
    ("projects.yaml", "  - id: P2\n", "  - id: P1\n", ["projects.yaml", "project P1", "field id", "appears twice"]),
    (
        "projects.yaml",
        "    objectives: [O1]\n    source: made for tests\n",
        "    objectives: [O1]\n",
        ["projects.yaml", "project P1", "field source", "needs a source, or illustrative: true"],
    ),
    (
        "projects.yaml",
        'code: "21020"',
        'code: "99999"',
        ["projects.yaml", "project P1", "field sectors.0.code", "not in the IATI Sector codelist"],
    ),
    (
        "projects.yaml",
        "region: Almaty,",
        "region: Atlantis,",
        ["projects.yaml", "project P1", "field locations.0.region", "not a region of KZ"],
    ),
    (
        "projects.yaml",
        'commitment: "200 USD"',
        'commitment: "200 XYZ"',
        ["projects.yaml", "project P2", "field commitment", "not an ISO 4217 currency"],
    ),
    ("programme.yaml", "country: KZ", "country: QQ", ["programme.yaml", "programme xx-demo", "field country"]),
    (
        "programme.yaml",
        "total: 1000\n    source: made for tests",
        "total: -1000\n    source: made for tests",
        ["programme.yaml", "envelope FY2026", "field total", "must not be negative"],
    ),
    (
        "programme.yaml",
        "aggregation: sum",
        "aggregation: average",
        ["programme.yaml", "indicator I1", "field aggregation"],
    ),
    ("programme.yaml", "title: Transport\n", "title: [Transport\n", ["programme.yaml", "line", "not valid YAML"]),
    (
        "measurements.csv",
        "I1,P1,2026-06-30",
        "I9,P1,2026-06-30",
        ["measurements.csv", "row 2", "field indicator", "no indicator 'I9'"],
    ),
    (
        "measurements.csv",
        "I1,P1,2026-06-30,150",
        "I1,P1,2030-06-30,150",
        ["measurements.csv", "row 2", "field date", "outside the programme period"],
    ),
    (
        "measurements.csv",
        "I2,P1,2027-06-30,60,300",
        "I2,P1,2027-06-30,60,",
        ["measurements.csv", "row 5", "field weight", "weighted mean"],
    ),
    ("measurements.csv", "I1,P1,2026-06-30,150", "I1,P1,2026-06-30,lots", ["measurements.csv", "row 2", "field value"]),
    ("ratings.csv", "P1,DO,2026-06-30,S", "P1,DO,2026-06-30,Great", ["ratings.csv", "row 2", "field rating"]),
    ("sort.csv", "P1,overall", "P7,overall", ["sort.csv", "row 2", "field subject"]),
    (
        "programme.yaml",
        "projects: [P1, P2], amount: 50",
        "projects: [P1, P9], amount: 50",
        ["programme.yaml", "indicator I1", "field overlaps", "P9"],
    ),
    (
        "transactions.csv",
        "P1,disbursement,2026-01-15,100,",
        'P1,disbursement,2026-01-15,"100,5",',
        ["transactions.csv", "row 2", "field amount", "'100,5' uses a decimal comma (write 100.5)"],
    ),
    (
        "transactions.csv",
        "P1,disbursement,2026-01-15,100,",
        "P1,disbursement,2026-01-15,20000000000000,",
        ["transactions.csv", "row 2", "field amount", "above the ceiling of 10000000000000"],
    ),
    (
        "transactions.csv",
        "P1,disbursement,2026-01-15,100,",
        "P1,disbursement,2026-01-15,100.125,",
        ["transactions.csv", "row 2", "field amount", "more than 2 decimals; nothing is rounded"],
    ),
    (
        "measurements.csv",
        "I1,P1,2026-06-30,150",
        'I1,P1,2026-06-30,"1,500"',
        ["measurements.csv", "row 2", "field value", "(write 1500 or 1.500)"],
    ),
    (
        "measurements.csv",
        "I1,P2,2027-06-30,100",
        "I1,P2,2027-06-30,1e14",
        ["measurements.csv", "row 4", "field value", "above the ceiling"],
    ),
    (
        "measurements.csv",
        "ISR 3,The project reached 150 beneficiaries by 30 June 2026.",
        "ISR 3,,",
        ["measurements.csv", "row 2", "field quote", "a verified value needs its source and the quoted sentence"],
    ),
    (
        "measurements.csv",
        "I1,P1,2026-06-30,150,",
        "I1,P1,2026-06-30,160,",
        ["measurements.csv", "row 2", "field quote", "the quote does not state the value 160"],
    ),
    (
        "measurements.csv",
        "true,ISR 3,",
        "true,ISR 4,",
        ["measurements.csv", "row 2", "field source", "must be listed in sources.yaml", "ISR 4 is not"],
    ),
    (
        "measurements.csv",
        "The project reached 150 beneficiaries by 30 June 2026.",
        "By 30 June 2026 the project reached 150 beneficiaries.",
        ["measurements.csv", "row 2", "field quote", "not one of the sentences sources.yaml quotes from ISR 3"],
    ),
    (
        "sources.yaml",
        "    title: Implementation Status and Results Report, sequence 3\n",
        "",
        ["sources.yaml", "source #1 (line 2)", "field title", "Field required"],
    ),
    (
        "measurements.csv",
        "indicator,project,date,value,weight,",
        "indicator,project,date,value,qualifier,",
        ["measurements.csv", "row 5", "field qualifier", "'at_least' or 'at_most'"],
    ),
    (
        "projects.yaml",
        'commitment: "200 USD"',
        'commitment: "2,5 USD"',
        ["projects.yaml", "'2,5' uses a decimal comma"],
    ),
    (
        "projects.yaml",
        "name: Road one\n    country: KZ\n",
        'name: Road one\n    region: "777"\n',
        ["projects.yaml", "project P1", "field region", "not a code of the IATI Region codelist"],
    ),
    (
        "projects.yaml",
        "name: Road one\n    country: KZ\n",
        "name: Road one\n",
        ["projects.yaml", "project P1", "needs a country (ISO 3166-1), or a region"],
    ),
    (
        "programme.yaml",
        "envelope:\n  - fy: 2026\n",
        'iati:\n  sectors:\n    - {priority_area: PA1, sectors: [{code: "99999", percentage: 100}],'
        " illustrative: true}\n"
        "envelope:\n  - fy: 2026\n",
        [
            "programme.yaml",
            "programme xx-demo",
            "field iati.sectors.0.sectors.0.code",
            "not in the IATI Sector codelist",
        ],
    ),
    (
        "programme.yaml",
        "envelope:\n  - fy: 2026\n",
        'iati:\n  sectors:\n    - {priority_area: PA9, sectors: [{code: "21020", percentage: 100}],'
        " illustrative: true}\n"
        "envelope:\n  - fy: 2026\n",
        ["programme.yaml", "programme xx-demo", "names priority area 'PA9'"],
    ),
    (
        "programme.yaml",
        "envelope:\n  - fy: 2026\n",
        'iati:\n  reporting_org: {ref: "XM-X-1", type: "40", name: Someone}\nenvelope:\n  - fy: 2026\n',
        ["programme.yaml", "field iati.reporting_org", "needs a source, or illustrative: true"],
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "pieces"), BAD_INPUTS, ids=[c[3][-1] for c in BAD_INPUTS])
def test_bad_input_fails_with_one_line_and_changes_nothing(
    empty_store: Store, tmp_path: Path, file: str, old: str, new: str, pieces: list[str]
) -> None:
    services.load_folders(empty_store, [OTHER])
    before = snapshot(empty_store)
    bad = copy_folder(DEMO, tmp_path / "xx-demo")
    replace_in(bad / file, old, new)

    result = runner.invoke(app, ["--db", empty_store.url, "load", str(bad)])

    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert "\n" not in line, line
    assert line.startswith(f"error: {bad / file}: ")
    for piece in pieces:
        assert piece in line, (piece, line)
    assert snapshot(empty_store) == before


def test_a_bad_second_folder_leaves_the_first_unstored(empty_store: Store, tmp_path: Path) -> None:
    before = snapshot(empty_store)
    bad = copy_folder(DEMO, tmp_path / "xx-bad")
    replace_in(bad / "programme.yaml", "id: xx-demo", "id: xx-bad")
    replace_in(bad / "transactions.csv", "P1,disbursement,2026-01-15,100,", "P1,disbursement,2026-01-15,-100,")
    with pytest.raises(DataError):
        services.load_folders(empty_store, [DEMO, bad])
    assert snapshot(empty_store) == before


def test_loading_the_same_programme_twice_is_refused_unless_replaced(sqlite_store: Store) -> None:
    services.load_folders(sqlite_store, [DEMO])
    with pytest.raises(DataError, match="already in the store"):
        services.load_folders(sqlite_store, [DEMO])
    before = snapshot(sqlite_store)
    services.load_folders(sqlite_store, [DEMO], replace=True)
    after = snapshot(sqlite_store)
    assert len(after.pop("audit_log")) == len(before.pop("audit_log")) + 1  # the trail records the reload
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}


def test_carried_over_operations_must_exist(tmp_path: Path, sqlite_store: Store) -> None:
    folder = tmp_path / "xx-next"
    folder.mkdir()
    (folder / "programme.yaml").write_text(
        (DEMO / "programme.yaml")
        .read_text()
        .replace("id: xx-demo", "id: xx-next")
        .replace("            overlaps:\n              - {projects: [P1, P2], amount: 50, source: survey}\n", "")
    )
    (folder / "projects.yaml").write_text("carried_over:\n  - {id: P1, from: xx-demo, objectives: [O1]}\n")
    with pytest.raises(DataError, match="operation P1 is not in the store; load programme xx-demo first"):
        services.load_folders(sqlite_store, [folder])
    services.load_folders(sqlite_store, [DEMO, folder])
    data = services.programme_data(sqlite_store, "xx-next")
    assert [(link.project, link.carried_from) for link in data.links] == [("P1", "xx-demo")]
    assert {t.project for t in data.transactions} == {"P1"}


def test_validate_stores_nothing(sqlite_store: Store) -> None:
    before = snapshot(sqlite_store)
    result = runner.invoke(app, ["--db", sqlite_store.url, "validate", str(DEMO), "--json"])
    assert result.exit_code == 0, result.output
    assert '"programme": "xx-demo"' in result.stdout
    assert snapshot(sqlite_store) == before
