"""Plotly figures of the dashboard, built from engine results and sent to the page as JSON.

Figures are written as plain Plotly specifications (``{"data": [...], "layout": {...}}``) with plotly's
default template included once: building them through ``plotly.graph_objects`` validated every property
and cost far more than the page around them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from functools import cache
from typing import Any

import plotly.graph_objects as go

from cpfkit.metrics.envelope import EnvelopeReport
from cpfkit.services.programmes import ProjectSummary
from cpfkit.web.i18n import _
from cpfkit.web.templating import fy, plotly_separators, usd_m_unit

__all__ = ["INSTITUTION_COLOURS", "Figure", "area_commitments", "envelope_by_fy", "to_json"]

INSTITUTION_COLOURS = {
    "IBRD": "#1f5f8b",
    "IDA": "#4f8fba",
    "IFC": "#d08c2f",
    "MIGA": "#6a8d3a",
    "TF": "#8c6bb1",
    "other": "#7b8794",
}
_MILLION = Decimal(1_000_000)
_LAYOUT: dict[str, Any] = {
    "margin": {"l": 56, "r": 16, "t": 36, "b": 40},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": "#1f2933"},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "y": -0.18},
    "hovermode": "x unified",
}


def _m(value: Decimal | None) -> float | None:
    return None if value is None else float(value / _MILLION)


Figure = dict[str, Any]
"""A Plotly figure specification: ``{"data": [...], "layout": {...}}``."""


@cache
def _template() -> dict[str, Any]:
    """Plotly's default template, as ``graph_objects`` would put it in every figure."""
    import plotly.io as pio  # plotly's templates and JSON encoder load with the first chart, not with the app

    template: dict[str, Any] = pio.templates[pio.templates.default].to_plotly_json()
    return template


def _figure(data: list[dict[str, Any]], **layout: Any) -> Figure:
    """A figure in the current locale: its number separators (``1 234,5`` in Russian) and Plotly's own."""
    return {"data": data, "layout": {"template": _template(), "separators": plotly_separators(), **layout}}


def _hover(axis: str) -> str:
    """A hover label of an amount in US$ millions, as the pages write it (``US$1,234.5M``)."""
    return usd_m_unit("%{" + axis + ":,.1f}")


def envelope_by_fy(report: EnvelopeReport) -> Figure:
    """Committed by institution (stacked), pipeline, and the envelope, per fiscal year, in US$ millions."""
    labels = [fy(y.fy) for y in report.fiscal_years]
    institutions = sorted(
        {i for y in report.fiscal_years for i in y.by_institution}, key=list(INSTITUTION_COLOURS).index
    )
    data: list[dict[str, Any]] = []
    for inst in institutions:
        data.append(
            {
                "type": "bar",
                "name": _("%(institution)s committed") % {"institution": inst},
                "x": labels,
                "y": [
                    _m(y.by_institution[inst].committed_usd) if inst in y.by_institution else 0
                    for y in report.fiscal_years
                ],
                "marker": {"color": INSTITUTION_COLOURS.get(inst, "#777")},
                "hovertemplate": _hover("y"),
            }
        )
    if any(y.pipeline_usd for y in report.fiscal_years):
        data.append(
            {
                "type": "bar",
                "name": _("pipeline (planned)"),
                "x": labels,
                "y": [_m(y.pipeline_usd) for y in report.fiscal_years],
                "marker": {
                    "color": "rgba(120,120,120,0.25)",
                    "line": {"color": "#888", "width": 1},
                    "pattern": {"shape": "/"},
                },
                "hovertemplate": _hover("y"),
            }
        )
    if any(y.envelope_usd is not None for y in report.fiscal_years):
        data.append(
            {
                "type": "scatter",
                "name": _("envelope"),
                "x": labels,
                "y": [_m(y.envelope_usd) for y in report.fiscal_years],
                "mode": "lines+markers",
                "line": {"color": "#b42318", "width": 2, "dash": "dash"},
                "hovertemplate": _hover("y"),
            }
        )
    return _figure(data, **_LAYOUT, barmode="stack", yaxis={"title": {"text": _("US$ millions")}})


def area_commitments(rows: list[ProjectSummary], areas: dict[str, str]) -> Figure:
    """Commitments by priority area (an operation serving several areas is split equally)."""
    committed: dict[str, float] = defaultdict(float)
    planned: dict[str, float] = defaultdict(float)
    for row in rows:
        if not row.priority_areas:
            continue
        share = float(row.commitment_usd / _MILLION) / len(row.priority_areas)
        for code in row.priority_areas:
            (planned if row.status == "pipeline" else committed)[code] += share
    codes = [c for c in areas if committed.get(c) or planned.get(c)] or list(areas)
    names = [_wrap(areas[c]) for c in codes]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": _("approved"),
            "y": names,
            "x": [committed.get(c, 0) for c in codes],
            "orientation": "h",
            "marker": {"color": "#1f5f8b"},
            "hovertemplate": _hover("x"),
        }
    ]
    if any(planned.values()):
        data.append(
            {
                "type": "bar",
                "name": _("pipeline"),
                "y": names,
                "x": [planned.get(c, 0) for c in codes],
                "orientation": "h",
                "marker": {"color": "rgba(120,120,120,0.35)"},
                "hovertemplate": _hover("x"),
            }
        )
    return _figure(
        data,
        **{**_LAYOUT, "margin": {"l": 8, "r": 16, "t": 36, "b": 40}, "hovermode": "y unified"},
        height=_room_for(names),
        barmode="stack",
        xaxis={"title": {"text": _("US$ millions")}, "tickangle": 0, "nticks": 5},
        yaxis={"autorange": "reversed", "automargin": True},
    )


def _room_for(labels: list[str]) -> int:
    """The height (px) a horizontal bar chart needs so its wrapped labels do not overlap: 340 at least."""
    lines = sum(label.count("<br>") + 1 for label in labels)
    return max(340, 150 + 16 * lines + 8 * len(labels))


def _wrap(text: str, width: int = 28) -> str:
    """Break a long label into lines for the chart."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def to_json(fig: Figure | go.Figure) -> str:
    """The figure as JSON for ``Plotly.newPlot`` (safe to embed in a ``<script type=application/json>``)."""
    from plotly.utils import PlotlyJSONEncoder

    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    return json.dumps(spec, cls=PlotlyJSONEncoder).replace("</", "<\\/")
