"""The portfolio files of a programme folder: events, country flags, disbursement plans, risk register."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpfkit.errors import DataError
from cpfkit.formats.programme_folder.folder import read_programme_folder
from cpfkit.reference import load_fx
from tests.conftest import DATA
from tests.helpers import copy_folder, replace_in

FLAGS = DATA / "programmes" / "xx-flags"

BAD = [
    (
        "events.csv",
        "F-CP,counterpart-shortfall",
        "F-XX,counterpart-shortfall",
        ["events.csv", "row 2", "field project"],
    ),
    ("events.csv", "F-CP,counterpart-shortfall", "F-CP,earthquake", ["events.csv", "row 2", "field kind"]),
    ("events.csv", "2025-05-15,,2026-12-31", "2025-05-15,,", ["events.csv", "row 4", "needs new_closing"]),
    ("events.csv", "2026-03-01,,,audit", "2026-03-01,2026-01-01,,audit", ["events.csv", "row 3", "before the date"]),
    ("country_flags.csv", ",0.35,", ",1.35,", ["country_flags.csv", "row 3", "field value"]),
    ("country_flags.csv", "country-record,", "country-mood,", ["country_flags.csv", "row 3", "field kind"]),
]


@pytest.mark.parametrize(("file", "old", "new", "pieces"), BAD)
def test_bad_portfolio_rows_fail_with_one_line(
    tmp_path: Path, file: str, old: str, new: str, pieces: list[str]
) -> None:
    folder = copy_folder(FLAGS, tmp_path / "xx-flags")
    replace_in(folder / file, old, new)
    with pytest.raises(DataError) as caught:
        read_programme_folder(folder, fx=load_fx())
    message = caught.value.one_line()
    for piece in pieces:
        assert piece in message, message


def test_plans_and_risks_are_checked(tmp_path: Path) -> None:
    folder = copy_folder(FLAGS, tmp_path / "xx-flags")
    (folder / "disbursement_plan.csv").write_text(
        "project,date,cumulative,currency,source,illustrative\nF-LAG,2025-06-30,-5,USD,t,\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="disbursement_plan.csv: row 2: field cumulative"):
        read_programme_folder(folder, fx=load_fx())
    (folder / "disbursement_plan.csv").write_text(
        "project,date,cumulative,currency,source,illustrative\nF-LAG,2025-06-30,5,USD,t,\n", encoding="utf-8"
    )
    risks = "code,title,factors,rating,opened,source,illustrative\n"
    (folder / "risks.csv").write_text(risks + "R1,Floods,resilience|floods,High,2026-01-01,t,\n", encoding="utf-8")
    with pytest.raises(DataError, match="risks.csv: row 2: field factors"):
        read_programme_folder(folder, fx=load_fx())
    (folder / "risks.csv").write_text(
        risks + "R1,Floods,resilience,High,2026-01-01,t,\nR1,Drought,resilience,High,2026-01-01,t,\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="risk R1 appears twice"):
        read_programme_folder(folder, fx=load_fx())
    (folder / "risks.csv").write_text(
        risks + "R1,Floods,resilience|supply-chain,High,2026-01-01,t,\n", encoding="utf-8"
    )
    data = read_programme_folder(folder, fx=load_fx())
    assert [r.factors for r in data.risks] == [("resilience", "supply-chain")]
    assert data.planned_disbursements[0].cumulative.amount == 5
