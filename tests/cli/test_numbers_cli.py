"""Numbers given to the command line: read in the locale's language (or ``--lang``), refused when doubtful."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from cpfkit.cli import app
from cpfkit.cli.common import number_language
from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.helpers import snapshot

PLAN = Path(__file__).parent.parent / "data" / "programmes" / "xx-plan"

runner = CliRunner()


def locale_env(lang: str) -> dict[str, str | None]:
    """An environment whose locale is ``lang`` alone (the test process's own LC_ALL must not win)."""
    return {"LC_ALL": None, "LC_NUMERIC": None, "LANG": lang}


def run(store: Store, *args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", store.url, *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def record(store: Store, value: str, *extra: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    return run(
        store,
        "results",
        "record",
        "I1",
        "--project",
        "P1",
        "--value",
        value,
        "--date",
        "2027-12-31",
        "--source",
        "ISR 7",
        "--json",
        *extra,
        env=env,
    )


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LC_ALL": None, "LC_NUMERIC": None, "LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LC_ALL": None, "LC_NUMERIC": "kk_KZ.UTF-8", "LANG": "en_US.UTF-8"}, "kk"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_NUMERIC": "ru_RU.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LC_ALL": None, "LC_NUMERIC": None, "LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": None, "LC_NUMERIC": None, "LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": None, "LC_NUMERIC": None, "LANG": None}, "en"),
    ],
)
def test_the_language_of_numbers_is_the_locales(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str | None], language: str
) -> None:
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert number_language() == language
    assert number_language("kk") == "kk"


@pytest.mark.parametrize("lang", ["ru_RU.UTF-8", "kk_KZ.UTF-8"])
def test_a_decimal_comma_at_a_russian_or_kazakh_command_line(demo_store: Store, lang: str) -> None:
    code, out, err = record(demo_store, "220,5", env=locale_env(lang))
    assert code == 0, err
    assert json.loads(out)["measurement"]["value"] == "220.5"


def test_a_decimal_comma_at_an_english_command_line_is_refused_and_nothing_is_stored(demo_store: Store) -> None:
    before = snapshot(demo_store)
    code, _, err = record(demo_store, "220,5", env=locale_env("en_US.UTF-8"))
    assert code == 1 and "field value" in err
    assert "the value '220,5' uses a decimal comma (write 220.5)" in err
    assert snapshot(demo_store) == before
    code, out, err = record(demo_store, "220,5", "--lang", "ru", env=locale_env("en_US.UTF-8"))
    assert code == 0, err
    assert json.loads(out)["measurement"]["value"] == "220.5"


@pytest.mark.parametrize(("value", "words"), [("1e20", "exponent"), ("20000000000000", "ceiling")])
def test_a_huge_value_is_refused(demo_store: Store, value: str, words: str) -> None:
    before = snapshot(demo_store)
    code, _, err = record(demo_store, value, env=locale_env("en_US.UTF-8"))
    assert code == 1 and words in err
    assert snapshot(demo_store) == before


def test_a_results_sheet_in_csv_follows_lang(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text('indicator,project,date,value,source\nI1,P1,2027-12-31,"1 220,5",ISR 7\n', encoding="utf-8")
    before = snapshot(demo_store)
    code, _, err = run(demo_store, "results", "load", str(path), env=locale_env("en_US.UTF-8"))
    assert code == 1 and "write 1220.5" in err
    assert snapshot(demo_store) == before
    code, out, err = run(demo_store, "results", "load", str(path), "--lang", "kk", "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == 1
    with demo_store.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT value FROM measurements WHERE project_id = 'P1' AND date = '2027-12-31'")
        ).scalar_one()
    assert Decimal(str(stored)) == Decimal("1220.5")


@pytest.mark.usefixtures("frozen_clock")
def test_the_plan_envelope_in_millions(plan_store: Store) -> None:
    args = ("plan", "xx-plan", "--as-of", "2026-11-01", "--envelope-per-fy")
    code, out, err = run(plan_store, *args, "450,5", "--json", env=locale_env("ru_RU.UTF-8"))
    assert code == 0, err
    assert {y["envelope_usd"] for y in json.loads(out)["fiscal_years"]} == {"450500000"}
    code, _, err = run(plan_store, *args, "450,5", "--json", env=locale_env("en_US.UTF-8"))
    assert code != 0 and "450.5" in err
    code, _, err = run(plan_store, *args, "20000000", "--json", env=locale_env("en_US.UTF-8"))
    assert code != 0 and "ceiling" in err


@pytest.fixture
def plan_store(empty_store: Store) -> Store:
    services.load_folders(empty_store, [PLAN])
    return empty_store


def test_decimal_is_exact_in_json(demo_store: Store) -> None:
    code, out, err = record(demo_store, "220.0000000001", env=locale_env("en_US.UTF-8"))
    assert code == 0, err
    assert json.loads(out)["measurement"]["value"] == "220.0000000001"
    assert Decimal(json.loads(out)["measurement"]["value"]) == Decimal("220.0000000001")
