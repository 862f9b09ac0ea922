"""Ordered rating scales (outcome HS…HU, SORT Low…High, CPF objective ratings)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["Level", "Scale", "load_scale"]

_HERE = Path(__file__).parent / "scales"


@dataclass(frozen=True)
class Level:
    """One level of a scale."""

    code: str
    label: str
    score: int | None


@dataclass(frozen=True)
class Scale:
    """An ordered scale, best (or highest) first, as its data file lists it."""

    name: str
    levels: tuple[Level, ...]
    source: str

    def level(self, code: str) -> Level:
        """The level with this code.

        Raises:
            KeyError: the code is not on the scale.
        """
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(f"{code!r} is not on the {self.name} scale")

    def score(self, code: str) -> int | None:
        """The numeric score of a code."""
        return self.level(code).score

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, in the file's order."""
        return tuple(level.code for level in self.levels)


@cache
def load_scale(name: str) -> Scale:
    """Load a scale from ``reference/scales/<name>.yaml``."""
    data = yaml.safe_load((_HERE / f"{name}.yaml").read_text(encoding="utf-8"))
    levels = tuple(Level(str(x["code"]), str(x["label"]), x.get("score")) for x in data["levels"])
    return Scale(str(data["name"]), levels, str(data.get("source", "")))
