"""The command line answers at once: ``cpfkit --help`` loads none of the heavy libraries, and progress
shows only to a person at a terminal (docs/performance.md, "Start-up")."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cpfkit.cli import app, choices, common
from cpfkit.cli.progress import working
from cpfkit.services import programmes as services
from cpfkit.store import Store
from tests.conftest import DEMO

HEAVY = ("numpy", "scipy", "duckdb", "weasyprint", "plotly", "openpyxl", "lxml", "alembic", "sqlalchemy")
"""What no command's help may load: each costs tenths of a second of CPU to import."""

runner = CliRunner()


ENGINES = ("numpy", "scipy", "duckdb", "weasyprint", "openpyxl")
"""What listing the programmes does without: the engines of the portfolio, the appraisal and the reports."""

LISTING_LEAVES_OUT = (
    "sqlalchemy.orm",
    "cpfkit.store.db",
    "cpfkit.store.tables_programme",
    "cpfkit.store.repository",
    "cpfkit.services.programmes",
    "cpfkit.services.loading",
    "cpfkit.model.bundle",
    "cpfkit.model.programme",
    "cpfkit.model.project",
    "cpfkit.model.appraisal",
    "cpfkit.reference.codelists",
    "cpfkit.reference.scales",
)
"""What ``cpfkit programmes`` does without on a database that needs no preparing: the ORM, its tables, the
loading of a whole programme, the domain's records beyond money, rates and the calendar, the codelists."""

LOADED_WHEN_USED = ("numpy", "scipy", "duckdb", "openpyxl", "weasyprint", "zxcvbn")
"""What the web application loads on the first request that needs it, not when it starts: its response models
(the appraisal, the plan, the simulation and the portfolio review) are declared without the engines."""


def _imported(
    args: list[str], *, code: str | None = None, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m cpfkit ARGS`` (or ``-c CODE``) and return it with the top-level packages it
    imported."""
    proc, modules = _imported_modules(args, code=code, env=env)
    return proc, {name.split(".")[0] for name in modules}


def _imported_modules(
    args: list[str], *, code: str | None = None, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m cpfkit ARGS`` (or ``-c CODE``) and return it with every module it imported."""
    command = ["-c", code] if code is not None else ["-m", "cpfkit", *args]
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return proc, names


@pytest.mark.parametrize(
    "args",
    [["--help"], ["report", "--help"], ["risk", "add", "--help"], ["simulate", "--help"], ["user", "add", "--help"]],
    ids=" ".join,
)
def test_help_imports_none_of_the_heavy_libraries(args: list[str]) -> None:
    proc, names = _imported(args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Usage" in proc.stdout
    assert "typer" in names and "cpfkit" in names  # the import log was read
    assert sorted(names.intersection(HEAVY)) == []


def test_a_command_that_reads_the_database_loads_what_it_needs(tmp_path: Path) -> None:
    """The lazy imports are still made when the command runs (the check above cannot pass by reading nothing)."""
    proc, names = _imported(["--db", f"sqlite:///{tmp_path / 'c.db'}", "programmes", "--json"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "sqlalchemy" in names


def test_listing_the_programmes_loads_none_of_the_engines(demo_sqlite: Store) -> None:
    proc, names = _imported(["--db", demo_sqlite.url, "programmes", "--json"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '"xx-demo"' in proc.stdout  # the listing itself ran
    assert sorted(names.intersection(ENGINES)) == []


def test_listing_the_programmes_reads_without_the_orm(demo_sqlite: Store) -> None:
    """A database that needs no preparing is listed on a plain connection: no ORM, no tables, no loading."""
    proc, modules = _imported_modules(["--db", demo_sqlite.url, "programmes", "--json"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '"xx-demo"' in proc.stdout
    assert "cpfkit.store.listing" in modules  # the import log was read, and the listing read the database
    assert sorted(modules.intersection(LISTING_LEAVES_OUT)) == []


def test_the_web_application_starts_without_what_its_handlers_load_when_asked(sqlite_store: Store) -> None:
    code = "from cpfkit.api.app import create_app; create_app()"
    proc, names = _imported([], code=code, env={"CPFKIT_DB": sqlite_store.url})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "fastapi" in names and "sqlalchemy" in names  # the application was built
    assert sorted(names.intersection(LOADED_WHEN_USED)) == []


@pytest.mark.parametrize(
    "module",
    [
        "cpfkit.appraise.result",
        "cpfkit.plan.report",
        "cpfkit.reports.simulation",
        "cpfkit.reports.portfolio",
        "cpfkit.services.scenarios",
        "cpfkit.services.simulation_limits",
    ],
)
def test_the_records_of_an_answer_are_declared_without_the_engines(module: str) -> None:
    """The modules whose records the routers name as response models load no NumPy or SciPy."""
    proc, names = _imported([], code=f"import {module}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert module.split(".")[0] in names
    assert sorted(names.intersection(("numpy", "scipy", "duckdb"))) == []


def test_the_engines_load_when_a_report_is_computed() -> None:
    """The portfolio package names its engine's functions when asked for them, and nothing it does not export."""
    from cpfkit.metrics import portfolio

    assert portfolio.review.__module__ == "cpfkit.metrics.portfolio.engine"
    assert portfolio.ReviewRules.__module__ == "cpfkit.metrics.portfolio.rules"
    with pytest.raises(AttributeError):
        portfolio.no_such_name  # noqa: B018


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def test_the_option_choices_are_exactly_the_programs_values() -> None:
    from typing import get_args

    from cpfkit.model import Institution, Instrument, MobilisationAttribution, RiskFactor, RiskLevel, SortCategory
    from cpfkit.reports.render import FORMATS
    from cpfkit.services import simulation as sim
    from cpfkit.workplace.accounts import LocaleCode
    from cpfkit.workplace.roles import Role

    assert _values(choices.RoleChoice) == _values(Role)
    assert _values(choices.LocaleChoice) == list(get_args(LocaleCode))
    assert _values(choices.RiskLevelChoice) == _values(RiskLevel)
    assert _values(choices.InstitutionChoice) == _values(Institution)
    assert _values(choices.InstrumentChoice) == _values(Instrument)
    assert _values(choices.AttributionChoice) == _values(MobilisationAttribution)
    assert _values(choices.RiskFactorChoice) == _values(RiskFactor)
    assert _values(choices.SortCategoryChoice) == _values(SortCategory)
    assert choices.REPORT_FORMATS == FORMATS
    assert (choices.DEFAULT_RUNS, choices.MAX_RUNS) == (sim.DEFAULT_RUNS, sim.MAX_RUNS)
    assert (services.DEFAULT_RUNS, services.MAX_RUNS) == (sim.DEFAULT_RUNS, sim.MAX_RUNS)
    assert (choices.DEFAULT_SEED, choices.MAX_SEED, choices.RANDOM_SEED) == (
        sim.DEFAULT_SEED,
        sim.MAX_SEED,
        sim.RANDOM_SEED,
    )


def test_the_spinner_shows_on_a_terminal_and_nowhere_else() -> None:
    screen, pipe = io.StringIO(), io.StringIO()
    with working("rendering clr.pdf", console=Console(file=screen, force_terminal=True, width=80)):
        pass
    with working("rendering clr.pdf", console=Console(file=pipe, width=80)):
        pass
    with working("rendering clr.pdf", enabled=False, console=Console(file=io.StringIO(), force_terminal=True)):
        pass
    assert "rendering clr.pdf" in screen.getvalue()
    assert pipe.getvalue() == ""


@pytest.fixture
def demo_sqlite(sqlite_store: Store) -> Store:
    services.load_folders(sqlite_store, [DEMO])
    return sqlite_store


def test_long_work_shows_progress_on_a_terminal_and_nothing_when_piped(
    demo_sqlite: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--db", demo_sqlite.url, "results", "template", "xx-demo", "-o"]
    piped = runner.invoke(app, [*args, str(tmp_path / "piped.csv")])
    assert piped.exit_code == 0, piped.output
    assert piped.stderr == ""  # stderr is not a terminal: nothing extra
    assert piped.stdout.startswith("wrote ")

    screen = io.StringIO()
    monkeypatch.setattr(common, "err", Console(file=screen, force_terminal=True, width=120))
    shown = runner.invoke(app, [*args, str(tmp_path / "shown.csv")])
    assert shown.exit_code == 0, shown.output
    assert "writing the results template of xx-demo to shown.csv" in screen.getvalue()
    assert shown.stdout == piped.stdout.replace("piped.csv", "shown.csv")  # the output itself is the same


def test_the_head_revision_a_command_checks_is_the_newest_migration() -> None:
    """A command compares the database's revision with a constant, not loading Alembic: it is the scripts' head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from cpfkit.store import db

    config = Config()
    config.set_main_option("script_location", str(db._MIGRATIONS))
    assert db.HEAD_REVISION == ScriptDirectory.from_config(config).get_current_head()
