"""A report chart as static SVG drawn by matplotlib, for the PDF (WeasyPrint runs no JavaScript).

The geometry (width, label column, row heights) is :mod:`cpfkit.reports.charts_page`;
the figure is saved at exactly that size, so every chart of a report has the same scale.  The ticks are
written in the report's language (:mod:`cpfkit.reports.formatting`), as the chart's words are.
"""

from __future__ import annotations

import io
from itertools import accumulate
from typing import Any

from cpfkit.reports.charts import GRID, INK, MUTED, Chart
from cpfkit.reports.charts_page import (
    LABEL_IN,
    RIGHT_IN,
    TOP_IN,
    WIDTH_IN,
    band_in,
    bottom_in,
    label_lines,
    row_in,
)
from cpfkit.reports.formatting import number, percent

__all__ = ["to_svg"]

_RC: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "svg.fonttype": "none",
    "axes.edgecolor": "#9aa5b1",
    "axes.labelcolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "hatch.color": "#8895a3",
    "hatch.linewidth": 0.6,
}


def to_svg(chart: Chart) -> str:
    """The chart as a standalone SVG document (text kept as text), for the PDF."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = [row_in(chart, c) for c in chart.categories]
    plot_in = max(sum(rows), 0.4)
    below = bottom_in(chart)
    height_in = TOP_IN + plot_in + below
    ys = [end - row / 2 for end, row in zip(accumulate(rows), rows, strict=True)]  # inches from the top
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, height_in))  # no pyplot: no backend, no figure manager
        FigureCanvasAgg(fig)  # laid out with Agg's text metrics
        axes = (LABEL_IN / WIDTH_IN, below / height_in, 1 - (LABEL_IN + RIGHT_IN) / WIDTH_IN, plot_in / height_in)
        ax = fig.add_axes(axes)
        _bars(ax, chart, ys)
        _markers(ax, chart, ys)
        if chart.reference is not None:
            ax.axvline(chart.reference, color=INK, linewidth=0.8, linestyle=(0, (2, 2)))
        ax.set_ylim(plot_in, 0)
        ax.set_yticks(ys, ["\n".join(label_lines(c)) for c in chart.categories], multialignment="left")
        _x_axis(ax, chart)
        if len(chart.series) > 1:
            fig.legend(
                loc="lower center",
                bbox_to_anchor=(axes[0] + axes[2] / 2, 0.0),
                ncol=len(chart.series),
                frameon=False,
                fontsize=7.5,
            )
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _bars(ax: Any, chart: Chart, ys: list[float]) -> None:
    bars = [s for s in chart.series if s.kind == "bar"]
    band = band_in(chart)
    grouped = not chart.stacked and len(bars) > 1
    left = [0.0] * len(ys)
    for i, s in enumerate(bars):
        values = [v if v is not None else 0.0 for v in s.values]
        h = band / len(bars) if grouped else band
        pos = [y - band / 2 + h * (i + 0.5) for y in ys] if grouped else ys
        colours: Any = chart.extra.get("colours") if i == 0 and "colours" in chart.extra else s.colour
        drawn = ax.barh(
            pos,
            values,
            height=h * 0.92,
            left=left if chart.stacked else None,
            color=colours,
            edgecolor="#8895a3" if s.hatch else "none",
            linewidth=0.5,
            hatch="////" if s.hatch else None,
            label=s.name,
        )
        if s.labels:
            ax.bar_label(drawn, labels=list(s.labels), padding=3, fontsize=7, color=INK)
        if chart.stacked:
            left = [a + b for a, b in zip(left, values, strict=True)]


def _markers(ax: Any, chart: Chart, ys: list[float]) -> None:
    for s in chart.series:
        if s.kind == "marker":
            pts = [(v, y) for v, y in zip(s.values, ys, strict=True) if v is not None]
            ax.plot(
                [p[0] for p in pts],
                [p[1] for p in pts],
                linestyle="none",
                marker="|",
                markersize=13,
                markeredgewidth=2.2,
                color=s.colour,
                label=s.name,
            )


def _x_axis(ax: Any, chart: Chart) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlabel(chart.x_title)
    ax.set_axisbelow(True)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if chart.percent:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: percent(x)))
        ax.set_xlim(0, max(chart.top(), 1.0) * 1.12)
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: number(round(x), 0)))
        ax.set_xlim(0, chart.top() * 1.05 if chart.x_max is not None else None)
        if chart.stacked:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
