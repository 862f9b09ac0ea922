"""A report chart as static SVG drawn by matplotlib, for the PDF (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from cpfkit.reports.charts import GRID, INK, MUTED, Chart

__all__ = ["to_svg"]


def to_svg(chart: Chart, width_in: float = 6.7) -> str:
    """The chart as a standalone SVG document (text kept as text), for the PDF."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

    rc: Any = {
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
    n = len(chart.categories)
    bars = [s for s in chart.series if s.kind == "bar"]
    grouped = not chart.stacked and len(bars) > 1
    height_in = 0.8 + n * (0.22 if not grouped else 0.16 * len(bars) + 0.1)
    with matplotlib.rc_context(rc):
        fig, ax = plt.subplots(figsize=(width_in, max(height_in, 1.6)))
        ys = [float(y) for y in range(n)]
        labels = [textwrap.fill(c, 52) if len(c) > 60 else c for c in chart.categories]
        band = 0.72
        left = [0.0] * n
        for i, s in enumerate(bars):
            values = [v if v is not None else 0.0 for v in s.values]
            if grouped:
                h = band / len(bars)
                pos = [y - band / 2 + h * (i + 0.5) for y in ys]
            else:
                h, pos = band, ys
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
        if chart.reference is not None:
            ax.axvline(chart.reference, color=INK, linewidth=0.8, linestyle=(0, (2, 2)))
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlabel(chart.x_title)
        ax.set_axisbelow(True)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if chart.percent:
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            top = max([v for s in chart.series for v in s.values if v is not None] + [1.0])
            ax.set_xlim(0, top * 1.12)
        else:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
            ax.set_xlim(left=0)
            if chart.stacked:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(chart.series) > 1:
            ax.legend(
                loc="upper center",
                bbox_to_anchor=(0.5, -0.5 / max(height_in, 1.6) - 0.08),
                ncol=len(chart.series),
                frameon=False,
                fontsize=7.5,
            )
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.15)
        plt.close(fig)
    return out.getvalue()
