"""The look shared by the simulation's figures: the baseline's and the plan's colours, one colour per scenario."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["BASE", "LAYOUT", "PLAN", "SCENARIO_COLOURS", "millions", "scenario_colour"]

BASE = "#1f5f8b"


PLAN = "#102a43"


SCENARIO_COLOURS = ("#d08c2f", "#6a8d3a", "#8c6bb1", "#00897b", "#8d6e63", "#c2185b")


LAYOUT: dict[str, Any] = {
    "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": "#1f2933"},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "y": -0.2},
}


def millions(value: Decimal | float | None) -> float | None:
    """US dollars in millions, for the axes (None stays None)."""
    return None if value is None else float(value) / 1_000_000


def scenario_colour(k: int) -> str:
    """The colour of the k-th scenario (the colours repeat after six)."""
    return SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)]
