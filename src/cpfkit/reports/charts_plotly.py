"""A report chart as a Plotly figure, for the HTML report (Plotly's JavaScript is inlined there).

The numbers of the axes and the hover texts take the decimal and group separators of the report's language.
"""

from __future__ import annotations

from typing import Any

from cpfkit.language.formatting import separators
from cpfkit.reports.charts import FONT, GRID, INK, MUTED, Chart, wrap
from cpfkit.reports.language import current_language

__all__ = ["separators", "to_plotly"]

_LABEL_CHARS = 50  # the longest line of a label: what the 330-pixel margin holds at 12 px


def to_plotly(chart: Chart) -> dict[str, Any]:
    """The chart as a Plotly figure (``data`` and ``layout``) for ``Plotly.newPlot``."""
    data: list[dict[str, Any]] = []
    lines = [wrap(c, _LABEL_CHARS) for c in chart.categories]
    labels = ["<br>".join(label) for label in lines]
    fmt = ".0%" if chart.percent else ",.1f"
    for i, s in enumerate(chart.series):
        if s.kind == "marker":
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": s.name,
                    "y": labels,
                    "x": list(s.values),
                    "marker": {
                        "symbol": "line-ns-open",
                        "size": 18,
                        "color": s.colour,
                        "line": {"width": 3, "color": s.colour},
                    },
                    "hovertemplate": f"%{{x:{fmt}}}<extra>{s.name}</extra>",
                }
            )
            continue
        colours = chart.extra.get("colours") if i == 0 and "colours" in chart.extra else s.colour
        bar: dict[str, Any] = {
            "type": "bar",
            "orientation": "h",
            "name": s.name,
            "y": labels,
            "x": list(s.values),
            "marker": {"color": colours, "line": {"color": "#8895a3" if s.hatch else "rgba(0,0,0,0)", "width": 1}},
            "hovertemplate": f"%{{x:{fmt}}}<extra>{s.name}</extra>",
        }
        if s.hatch:
            bar["marker"]["pattern"] = {"shape": "/", "fgcolor": "#8895a3", "size": 6}
        if s.labels:
            bar["text"] = list(s.labels)
            bar["textposition"] = "outside"
            bar["cliponaxis"] = False
        data.append(bar)
    shapes = []
    if chart.reference is not None:
        shapes.append(
            {
                "type": "line",
                "x0": chart.reference,
                "x1": chart.reference,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": INK, "width": 1, "dash": "dot"},
            }
        )
    row = 34 * (1 if chart.stacked or len(data) == 1 else 1.4)
    height = 90 + sum(max(row, 15 * len(label) + 14) for label in lines)
    layout: dict[str, Any] = {
        "barmode": "stack" if chart.stacked else "group",
        "height": round(max(height, 220)),
        "margin": {"l": 330, "r": 40, "t": 10, "b": 90},
        "font": {"family": FONT, "size": 12, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {
            "title": {"text": chart.x_title, "font": {"size": 11, "color": MUTED}},
            "tickformat": ".0%" if chart.percent else ",",
            "gridcolor": GRID,
            "zeroline": True,
            "zerolinecolor": "#9aa5b1",
            "rangemode": "tozero",
        },
        "yaxis": {"autorange": "reversed", "automargin": True, "ticksuffix": "  "},
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.12 - 0.5 / len(chart.categories),
            "x": 0,
            "traceorder": "normal",
        },
        "showlegend": len(data) > 1,
        "shapes": shapes,
        "bargap": 0.28,
        "separators": separators(current_language.get()),
    }
    if chart.x_max is not None:  # one part of a chart: the scale of the whole
        layout["xaxis"]["range"] = [0, chart.top() * 1.12]
    return {"data": data, "layout": layout}
