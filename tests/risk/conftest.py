"""Fixtures of the risk tests: the embedded programme's simulation inputs, built once for the session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cpfkit.model import ProgrammeData
from cpfkit.reference import load_fx
from cpfkit.reference.simulation import load_simulation_reference
from cpfkit.risk.inputs import simulation_inputs
from cpfkit.risk.plan import SimulationInputs
from cpfkit.services import programmes as services
from cpfkit.store import Store

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="session")
def kz_data(tmp_path_factory: pytest.TempPathFactory, embedded_copy: Callable[[Path], Store]) -> ProgrammeData:
    """kz-2026-2031 read from a SQLite store loaded once (carried-over operations included)."""
    store = embedded_copy(tmp_path_factory.mktemp("risk"))
    data = services.programme_data(store, "kz-2026-2031")
    store.dispose()
    return data


@pytest.fixture(scope="session")
def kz_inputs(kz_data: ProgrammeData) -> SimulationInputs:
    """kz-2026-2031 as of 2026-11-25, as the simulation sees it."""
    return simulation_inputs(kz_data, load_fx(), load_simulation_reference(), AS_OF)
