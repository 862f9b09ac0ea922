"""contributions.csv and appraisal/*.yaml: read, checked against the folder, stored and read back on both databases."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from cpfkit.errors import DataError, DuplicateIdentifier, MissingReference
from cpfkit.services import programmes as services
from cpfkit.store import Store

PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"
GENERIC = "benefits:\n  - {kind: generic, name: x, amount: 1, start: 1, end: 2}\nsource: t\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "xx-plan"
    shutil.copytree(PLAN, target)
    return target


def read(folder: Path) -> None:
    services.validate_folders([folder])


def test_planning_data_round_trips(empty_store: Store) -> None:
    [original] = services.validate_folders([PLAN])
    services.load_folders(empty_store, [PLAN])
    stored = services.programme_data(empty_store, "xx-plan")
    assert sorted(stored.contributions, key=lambda c: (c.project, c.indicator)) == sorted(
        original.contributions, key=lambda c: (c.project, c.indicator)
    )
    assert sorted(stored.appraisals, key=lambda a: a.project) == sorted(original.appraisals, key=lambda a: a.project)
    r1 = next(a for a in stored.appraisals if a.project == "R1")
    assert r1.capital.values == {0: Decimal(100), 1: Decimal(100)}


def test_reloading_replaces_the_planning_data(empty_store: Store) -> None:
    services.load_folders(empty_store, [PLAN])
    services.load_folders(empty_store, [PLAN], replace=True)
    assert len(services.programme_data(empty_store, "xx-plan").contributions) == 6


def test_contribution_errors(folder: Path) -> None:
    csv = folder / "contributions.csv"
    base = csv.read_text()
    csv.write_text(base + "ZZ,I1,1,0,made for tests,false\n")
    with pytest.raises(MissingReference) as caught:
        read(folder)
    assert (
        caught.value.field == "project"
        and caught.value.record == "row 8"
        and "contributions.csv" in str(caught.value.file)
    )
    csv.write_text(base + "R1,I9,1,0,made for tests,false\n")
    with pytest.raises(MissingReference, match="no indicator 'I9'"):
        read(folder)
    csv.write_text(base + "R1,I1,1,0,made for tests,false\n")
    with pytest.raises(DuplicateIdentifier, match="R1 → I1 appears twice"):
        read(folder)
    csv.write_text(base + "R1,I2,1,-2,made for tests,false\n")
    with pytest.raises(DataError) as negative:
        read(folder)
    assert negative.value.field == "lag_years"
    csv.write_text(base + "R1,I2,1,0,,false\n")
    with pytest.raises(DataError, match="source, or illustrative"):
        read(folder)


def test_appraisal_file_errors(folder: Path) -> None:
    bad = folder / "appraisal" / "r2.yaml"
    bad.write_text(
        "project: R2\nbase_year: 2028\ncapital: {values: {0: 10}}\nbenefits:\n  - {kind: tidal, name: x}\nsource: t\n"
    )
    with pytest.raises(DataError) as caught:
        read(folder)
    assert "appraisal/r2.yaml" in str(caught.value.file)
    assert caught.value.record == "benefit #1 (line 5)" and "'kind'" in caught.value.message
    bad.write_text("project: ZZ\nbase_year: 2028\ncapital: {values: {0: 10}}\n" + GENERIC)
    with pytest.raises(MissingReference, match="project ZZ"):
        read(folder)
    bad.write_text("project: R1\nbase_year: 2028\ncapital: {values: {0: 10}}\n" + GENERIC)
    with pytest.raises(DuplicateIdentifier, match="already appraised"):
        read(folder)
    bad.write_text("project: R2\nbase_year: 2028\ncapital: {amount: 5, start: 3}\n" + GENERIC)
    with pytest.raises(DataError) as flow:
        read(folder)
    assert flow.value.field == "capital" and "amount, start and end" in flow.value.message
