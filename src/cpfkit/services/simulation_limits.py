"""How many runs a simulation may make and which seed it draws with: the CLI, the API and the pages agree.

Apart from :mod:`cpfkit.services.simulation`, which loads the engine (NumPy, SciPy): an interface declares
its parameters with these when it starts, and loads the engine only to simulate.
"""

from __future__ import annotations

__all__ = ["DEFAULT_RUNS", "DEFAULT_SEED", "MAX_RUNS", "MAX_SEED", "RANDOM_SEED"]

DEFAULT_RUNS = 20_000
MAX_RUNS = 1_000_000
DEFAULT_SEED = 20_260_101
"""The seed of every simulation not given one: the CLI, the API and the pages agree for the same inputs."""
MAX_SEED = 2**32 - 1
RANDOM_SEED = "random"
"""The word that asks for a fresh seed (drawn at random, then reported like any other)."""
