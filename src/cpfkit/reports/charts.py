"""The charts of the reports, described once and drawn twice: Plotly for HTML, matplotlib SVG for PDF.

WeasyPrint runs no JavaScript, so the PDF gets static SVG drawn by matplotlib
(:mod:`cpfkit.reports.charts_svg`) from the same :class:`Chart` the HTML page
hands to Plotly (:mod:`cpfkit.reports.charts_plotly`).  Every chart is a
horizontal bar chart (long labels stay readable on A4), grouped or stacked,
with optional markers (expected progress) and a reference line (the target).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cpfkit.metrics.progress import Status

__all__ = ["FONT", "GRID", "INK", "MUTED", "STATUS_COLOURS", "Chart", "Series", "as_float", "short"]

STATUS_COLOURS = {
    Status.ACHIEVED.value: "#1a7f5a",
    Status.ON_TRACK.value: "#4f8fba",
    Status.OFF_TRACK.value: "#d9822b",
    Status.NOT_STARTED.value: "#c5ccd3",
    Status.NO_DATA.value: "#eceff2",
}
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
FONT = "DejaVu Sans, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    """One set of bars (or markers) over the chart's categories."""

    name: str
    values: tuple[float | None, ...]
    colour: str
    kind: str = "bar"  # or "marker"
    hatch: bool = False
    labels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart: categories top to bottom, values along the x axis."""

    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_title: str
    percent: bool = False
    stacked: bool = False
    reference: float | None = None
    reference_label: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def short(text: str, width: int = 46) -> str:
    """The text cut to ``width`` characters, with an ellipsis when it is longer."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def as_float(value: Decimal | None) -> float | None:
    """A decimal as a float for drawing (None stays None)."""
    return None if value is None else float(value)
