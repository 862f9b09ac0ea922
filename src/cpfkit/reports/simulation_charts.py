"""Plotly figures of a risk simulation, for the HTML report and the dashboard.

Each builder takes a :class:`~cpfkit.reports.simulation.SimulationReport`
(or one of its parts) and returns a ``plotly.graph_objects.Figure``; the
caller decides how to embed it (``fig.to_plotly_json()``).  The money by
fiscal year is drawn here; the chances of results and the completion of
operations in :mod:`cpfkit.reports.simulation_outcome_charts`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from cpfkit.reports.formatting import fiscal_years
from cpfkit.reports.language import _
from cpfkit.reports.simulation import SimulationReport
from cpfkit.reports.simulation_chart_style import BASE, LAYOUT, PLAN, SCENARIO_COLOURS, millions, scenario_colour
from cpfkit.reports.simulation_outcome_charts import (
    completion_ranges,
    objective_probabilities,
    target_probabilities,
    tornado,
)

__all__ = [
    "SCENARIO_COLOURS",
    "completion_ranges",
    "envelope_use",
    "fan_chart",
    "objective_probabilities",
    "target_probabilities",
    "tornado",
]


def fan_chart(report: SimulationReport) -> go.Figure:
    """Disbursements by fiscal year: the P10–P90 band, the P50 and the plan (US$ millions), scenarios' P50 dashed."""
    years = report.disbursements_by_fy
    x = [fiscal_years(y.label) for y in years]
    fig = go.Figure()
    fig.add_scatter(
        x=x, y=[millions(y.p90) for y in years], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
    )
    fig.add_scatter(
        x=x,
        y=[millions(y.p10) for y in years],
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor="rgba(31,95,139,0.18)",
        name="P10–P90",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=x,
        y=[millions(y.p50) for y in years],
        mode="lines+markers",
        line={"color": BASE, "width": 3},
        name=_("P50 (baseline)"),
        customdata=[[millions(y.p10), millions(y.p90)] for y in years],
        hovertemplate=_("P50 %(p50)sM<br>P10 %(p10)sM · P90 %(p90)sM")
        % {"p50": "%{y:,.0f}", "p10": "%{customdata[0]:,.0f}", "p90": "%{customdata[1]:,.0f}"}
        + "<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=[millions(y.planned) for y in years],
        mode="lines+markers",
        line={"color": PLAN, "width": 2, "dash": "dot"},
        name=_("plan"),
        hovertemplate=_("plan %(amount)sM") % {"amount": "%{y:,.0f}"} + "<extra></extra>",
    )
    for k, s in enumerate(report.scenarios):
        fig.add_scatter(
            x=x,
            y=[millions(y.p50) for y in s.disbursements_by_fy],
            mode="lines+markers",
            line={"color": scenario_colour(k), "width": 2, "dash": "dash"},
            name=f"P50 — {s.name}",
            hovertemplate=f"{s.name} " + _("P50 %(p50)sM") % {"p50": "%{y:,.0f}"} + "<extra></extra>",
        )
    fig.update_layout(
        **{**LAYOUT, "legend": {"orientation": "h", "y": -0.15, "font": {"size": 11}}},
        height=420 + 20 * len(report.scenarios),
        yaxis_title=_("US$ millions"),
        hovermode="x unified",
    )
    return fig


def envelope_use(report: SimulationReport) -> go.Figure:
    """Commitments counted against the envelope by fiscal year: P50 with P10–P90 whiskers, plan and envelope."""
    years = report.envelope_by_fy
    x = [fiscal_years(y.label) for y in years]
    fig = go.Figure()
    fig.add_bar(
        x=x,
        y=[millions(y.p50) for y in years],
        name=_("committed, P50"),
        marker_color=BASE,
        error_y={
            "type": "data",
            "symmetric": False,
            "array": [(millions(y.p90) or 0) - (millions(y.p50) or 0) for y in years],
            "arrayminus": [(millions(y.p50) or 0) - (millions(y.p10) or 0) for y in years],
            "color": "#52606d",
        },
        hovertemplate=_("P50 %(p50)sM") % {"p50": "%{y:,.0f}"} + "<extra></extra>",
    )
    fig.add_scatter(
        x=x,
        y=[millions(y.planned) for y in years],
        mode="markers",
        marker={"color": "#b42318", "symbol": "diamond", "size": 10},
        name=_("plan"),
    )
    if any(y.envelope is not None for y in years):
        fig.add_scatter(
            x=x,
            y=[millions(y.envelope) for y in years],
            mode="lines",
            line={"color": "#102a43", "dash": "dash"},
            name=_("envelope"),
        )
    fig.update_layout(**LAYOUT, yaxis_title=_("US$ millions"), hovermode="x unified")
    return fig
