"""The charts of the reports, described once and drawn twice: Plotly for HTML, static SVG for PDF.

WeasyPrint runs no JavaScript, so the PDF gets static SVG
(:mod:`cpfkit.reports.charts_svg`) from the same :class:`Chart` the HTML page
hands to Plotly (:mod:`cpfkit.reports.charts_plotly`).  Every chart is a
horizontal bar chart (long labels stay readable on A4), grouped or stacked,
with optional markers (expected progress) and a reference line (the target).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from cpfkit.metrics.progress import Status

__all__ = ["FONT", "GRID", "INK", "MUTED", "STATUS_COLOURS", "Chart", "Series", "as_float", "wrap"]

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
    """A horizontal bar chart: categories top to bottom, values along the x axis.

    A chart drawn in several parts (one per priority area, or one per page) has
    the same ``title`` in each and says which part it is in ``part``; ``x_max``
    then gives every part the same scale.
    """

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
    part: str = ""
    x_max: float | None = None

    def top(self) -> float:
        """The largest value the x axis must show: the longest bar, stack, marker or the reference line."""
        ends = [self.x_max or 0.0, self.reference or 0.0]
        if self.stacked:
            ends += [sum(s.values[i] or 0.0 for s in self.series) for i in range(len(self.categories))]
        else:
            ends += [v for s in self.series for v in s.values if v is not None]
        return max(ends)

    def rows(self, start: int, stop: int, part: str) -> Chart:
        """The categories ``start:stop`` as a chart of their own, on the scale of the whole chart."""
        colours = self.extra.get("colours")
        return replace(
            self,
            categories=self.categories[start:stop],
            series=tuple(
                replace(s, values=s.values[start:stop], labels=s.labels[start:stop] if s.labels else None)
                for s in self.series
            ),
            extra={**self.extra, "colours": colours[start:stop]} if colours is not None else self.extra,
            part=part,
            x_max=self.top(),
        )


def wrap(label: str, width: int) -> list[str]:
    """A label as lines of at most ``width`` characters, broken between words: nothing is left out.

    Examples:
        >>> wrap("I1.1.1 People with improved transport connectivity along upgraded corridors", 44)
        ['I1.1.1 People with improved transport', 'connectivity along upgraded corridors']
    """
    return textwrap.wrap(label, width, break_on_hyphens=False) or [""]


def as_float(value: Decimal | None) -> float | None:
    """A decimal as a float for drawing (None stays None)."""
    return None if value is None else float(value)
