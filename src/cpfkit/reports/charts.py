"""The charts of the reports, described once and drawn twice: Plotly for HTML, matplotlib SVG for PDF.

WeasyPrint runs no JavaScript, so the PDF gets static SVG drawn by matplotlib
from the same :class:`Chart` the HTML page hands to Plotly.  Every chart is a
horizontal bar chart (long labels stay readable on A4), grouped or stacked,
with optional markers (expected progress) and a reference line (the target).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cpfkit.metrics.areas import PortfolioByArea
from cpfkit.metrics.framework import FrameworkResults
from cpfkit.metrics.progress import Status

__all__ = [
    "STATUS_COLOURS",
    "Chart",
    "Series",
    "area_money_chart",
    "headline_chart",
    "indicators_chart",
    "objective_progress_chart",
    "status_chart",
    "to_plotly",
    "to_svg",
]

STATUS_COLOURS = {
    Status.ACHIEVED.value: "#1a7f5a",
    Status.ON_TRACK.value: "#4f8fba",
    Status.OFF_TRACK.value: "#d9822b",
    Status.NOT_STARTED.value: "#c5ccd3",
    Status.NO_DATA.value: "#eceff2",
}
_INK = "#1f2933"
_MUTED = "#616e7c"
_GRID = "#e4e7eb"
_FONT = "DejaVu Sans, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
_MILLION = Decimal(1_000_000)


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


def _short(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def headline_chart(results: Any) -> Chart:
    """Each headline result as a share of its target (100% = target reached)."""
    rows = [r for r in results if r.progress is not None]
    return Chart(
        id="headline",
        title="Headline results against their targets",
        categories=tuple(_short(r.indicator) for r in rows),
        series=(
            Series(
                "result as % of target",
                tuple(_f(r.progress) for r in rows),
                "#1f5f8b",
                labels=tuple(f"{float(r.progress):.0%}" for r in rows),
            ),
        ),
        x_title="share of target reached",
        percent=True,
        reference=1.0,
        reference_label="target",
        extra={"colours": [STATUS_COLOURS[r.status.value] for r in rows]},
    )


def indicators_chart(framework: FrameworkResults) -> Chart:
    """Every indicator with a value as a share of its target, coloured by status (100% = target reached)."""
    rows = [i for _, _, i in framework.indicators() if i.progress is not None]
    return Chart(
        id="indicators",
        title="Every indicator against its target",
        categories=tuple(_short(f"{i.code} {i.name}", 50) for i in rows),
        series=(
            Series(
                "share of the way from baseline to target",
                tuple(_f(i.progress) for i in rows),
                "#1f5f8b",
                labels=tuple(f"{float(i.progress):.0%}" for i in rows if i.progress is not None),
            ),
        ),
        x_title="share of the way from baseline to target",
        percent=True,
        reference=1.0,
        reference_label="target",
        note="Bars are coloured by status: green achieved, blue on track, orange off track or not met.",
        extra={"colours": [STATUS_COLOURS[i.status.value] for i in rows]},
    )


def objective_progress_chart(framework: FrameworkResults) -> Chart:
    """Each objective's mean progress (capped) against the progress expected by the date."""
    objectives = list(framework.objectives())
    return Chart(
        id="objective-progress",
        title="Progress of each objective against the expected path",
        categories=tuple(_short(f"{o.code} {o.title}", 50) for o in objectives),
        series=(
            Series(
                "mean progress of its indicators",
                tuple(_f(o.mean_progress) for o in objectives),
                "#1f5f8b",
                labels=tuple("" if o.mean_progress is None else f"{float(o.mean_progress):.0%}" for o in objectives),
            ),
            Series("expected by now", tuple(_f(o.mean_expected) for o in objectives), "#b42318", kind="marker"),
        ),
        x_title="share of the way from baseline to target",
        percent=True,
        reference=1.0,
        reference_label="target",
        note="Bars are coloured by the objective's status; the red tick is the progress expected by the date.",
        extra={"colours": [STATUS_COLOURS[o.status.value] for o in objectives]},
    )


def status_chart(framework: FrameworkResults) -> Chart:
    """How many indicators of each priority area stand where."""
    areas = framework.areas
    series = []
    for status in Status:
        counts = tuple(float(sum(1 for o in a.objectives for i in o.indicators if i.status is status)) for a in areas)
        if any(counts):
            series.append(Series(status.value, counts, STATUS_COLOURS[status.value], hatch=status is Status.NO_DATA))
    return Chart(
        id="status",
        title="Indicators by status and priority area",
        categories=tuple(_short(f"{a.code} {a.title}", 50) for a in areas),
        series=tuple(series),
        x_title="indicators",
        stacked=True,
    )


def area_money_chart(portfolio: PortfolioByArea) -> Chart:
    """Commitments, disbursements and pipeline by priority area, in US$ millions."""
    areas = portfolio.areas

    def m(values: list[Decimal]) -> tuple[float | None, ...]:
        return tuple(float(v / _MILLION) for v in values)

    series = [
        Series("committed (net)", m([a.net_commitments_usd for a in areas]), "#1f5f8b"),
        Series("disbursed", m([a.disbursed_usd for a in areas]), "#7fb2d9"),
    ]
    if any(a.pipeline_usd for a in areas):
        series.append(Series("pipeline (planned)", m([a.pipeline_usd for a in areas]), "#c5ccd3", hatch=True))
    return Chart(
        id="areas",
        title="Commitments and disbursements by priority area",
        categories=tuple(_short(f"{a.code} {a.title}", 50) if a.code != "—" else a.title for a in areas),
        series=tuple(series),
        x_title="US$ millions",
        note="An operation serving several priority areas is split equally between them.",
    )


# -- Plotly ---------------------------------------------------------------------------------


def to_plotly(chart: Chart) -> dict[str, Any]:
    """The chart as a Plotly figure (``data`` and ``layout``) for ``Plotly.newPlot``."""
    data: list[dict[str, Any]] = []
    fmt = ".0%" if chart.percent else ",.1f"
    for i, s in enumerate(chart.series):
        if s.kind == "marker":
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": s.name,
                    "y": list(chart.categories),
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
            "y": list(chart.categories),
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
                "line": {"color": _INK, "width": 1, "dash": "dot"},
            }
        )
    height = 90 + 34 * len(chart.categories) * (1 if chart.stacked or len(data) == 1 else 1.4)
    layout = {
        "barmode": "stack" if chart.stacked else "group",
        "height": round(max(height, 220)),
        "margin": {"l": 330, "r": 40, "t": 10, "b": 90},
        "font": {"family": _FONT, "size": 12, "color": _INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {
            "title": {"text": chart.x_title, "font": {"size": 11, "color": _MUTED}},
            "tickformat": ".0%" if chart.percent else ",",
            "gridcolor": _GRID,
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
    }
    return {"data": data, "layout": layout}


# -- matplotlib SVG -------------------------------------------------------------------------


def to_svg(chart: Chart, width_in: float = 6.7) -> str:
    """The chart as a standalone SVG document (text kept as text), for the PDF."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

    rc: Any = {
        "font.family": "DejaVu Sans",
        "font.size": 7.5,
        "svg.fonttype": "none",
        "axes.edgecolor": "#9aa5b1",
        "axes.labelcolor": _MUTED,
        "xtick.color": _MUTED,
        "ytick.color": _INK,
        "hatch.color": "#8895a3",
        "hatch.linewidth": 0.6,
    }
    n = len(chart.categories)
    bars = [s for s in chart.series if s.kind == "bar"]
    grouped = not chart.stacked and len(bars) > 1
    height_in = 0.8 + n * (0.22 if not grouped else 0.16 * len(bars) + 0.1)
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_in, max(height_in, 1.6)))  # no pyplot: no backend, no figure manager
        FigureCanvasAgg(fig)  # laid out with Agg's text metrics, as the SVG has always been
        ax = fig.subplots()
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
                ax.bar_label(drawn, labels=list(s.labels), padding=3, fontsize=7, color=_INK)
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
            ax.axvline(chart.reference, color=_INK, linewidth=0.8, linestyle=(0, (2, 2)))
        ax.set_yticks(ys, labels)
        ax.invert_yaxis()
        ax.set_xlabel(chart.x_title)
        ax.set_axisbelow(True)
        ax.grid(axis="x", color=_GRID, linewidth=0.6)
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
    return out.getvalue()
