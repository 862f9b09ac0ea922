"""The charts of the plan report: envelope use by fiscal year, value of more room, indicator coverage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from cpfkit.plan.report import PlanReport
from cpfkit.reports.charts_plotly import separators
from cpfkit.reports.formatting import fiscal_years
from cpfkit.reports.language import _, current_language

__all__ = ["coverage_figure", "envelope_figure", "marginal_figure"]

_COLOURS = {"IBRD": "#1f5f8b", "IDA": "#4f8fba", "IFC": "#d08c2f", "MIGA": "#6a8d3a", "TF": "#8c6bb1"}


_LAYOUT: dict[str, Any] = {
    "margin": {"l": 60, "r": 16, "t": 30, "b": 40},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12, "color": "#1f2933"},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "y": -0.2},
}


def _m(value: Decimal | None) -> float | None:
    return None if value is None else float(value) / 1e6


def envelope_figure(report: PlanReport) -> dict[str, Any]:
    """Commitments by fiscal year, already approved and planned by institution, against the envelope."""
    labels = [fiscal_years(y.label) for y in report.fiscal_years]
    fig = go.Figure()
    fig.add_bar(
        name=_("already approved"),
        x=labels,
        y=[_m(y.existing_usd) for y in report.fiscal_years],
        marker_color="#98a2b3",
        hovertemplate="%{y:,.1f}M",
    )
    institutions = sorted(
        {p.institution for p in report.selected}, key=lambda i: list(_COLOURS).index(i) if i in _COLOURS else 9
    )
    for inst in institutions:
        fig.add_bar(
            name=_("planned %(institution)s") % {"institution": inst},
            x=labels,
            y=[
                _m(sum((p.cost_usd for p in report.selected if p.fy == y.fy and p.institution == inst), Decimal(0)))
                for y in report.fiscal_years
            ],
            marker_color=_COLOURS.get(inst, "#777"),
            hovertemplate="%{y:,.1f}M",
        )
    if any(y.envelope_usd is not None for y in report.fiscal_years):
        fig.add_scatter(
            name=_("envelope"),
            x=labels,
            y=[_m(y.envelope_usd) for y in report.fiscal_years],
            mode="lines+markers",
            line={"color": "#b42318", "width": 2, "dash": "dash"},
        )
    fig.update_layout(
        **_LAYOUT, separators=separators(current_language.get()), barmode="stack", yaxis_title=_("US$ millions")
    )
    return fig.to_plotly_json()


def marginal_figure(report: PlanReport) -> dict[str, Any]:
    """What US$100M more room in each fiscal year is worth: the LP's shadow price and the plan re-solved."""
    labels = [fiscal_years(y.label) for y in report.fiscal_years]
    fig = go.Figure()
    fig.add_bar(
        name=_("LP shadow price"),
        x=labels,
        y=[float(y.value_per_100m) if y.value_per_100m is not None else None for y in report.fiscal_years],
        marker_color="#1f5f8b",
    )
    if any(y.resolved_gain_per_100m is not None for y in report.fiscal_years):
        fig.add_bar(
            name=_("plan re-solved"),
            x=labels,
            y=[
                float(y.resolved_gain_per_100m) if y.resolved_gain_per_100m is not None else None
                for y in report.fiscal_years
            ],
            marker_color="#d08c2f",
        )
    fig.update_layout(
        **_LAYOUT,
        separators=separators(current_language.get()),
        barmode="group",
        yaxis_title=_("objective gained per US$100M"),
    )
    return fig.to_plotly_json()


def coverage_figure(report: PlanReport) -> dict[str, Any]:
    """Each indicator's baseline-to-target change covered by approved operations and by the plan."""
    rows = list(report.indicators)
    names = [f"{r.indicator} ({r.priority_area})" for r in rows]
    fig = go.Figure()
    fig.add_bar(
        name=_("approved operations"),
        y=names,
        x=[float(r.existing) * 100 for r in rows],
        orientation="h",
        marker_color="#98a2b3",
    )
    fig.add_bar(
        name=_("this plan"), y=names, x=[float(r.planned) * 100 for r in rows], orientation="h", marker_color="#1f5f8b"
    )
    fig.add_vline(x=100, line={"color": "#b42318", "dash": "dash"})
    fig.update_layout(
        **{**_LAYOUT, "margin": {"l": 110, "r": 16, "t": 30, "b": 40}},
        separators=separators(current_language.get()),
        barmode="stack",
        xaxis_title=_("% of the baseline-to-target change (expected, by the target date)"),
        yaxis={"autorange": "reversed"},
        height=max(320, 22 * len(rows) + 80),
    )
    return fig.to_plotly_json()
