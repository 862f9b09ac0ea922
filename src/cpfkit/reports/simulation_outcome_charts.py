"""Plotly figures of what a simulation says about results and operations.

The chances of meeting each target and of each objective's rating, the
drivers of an output (tornado), and when each operation completes.
"""

from __future__ import annotations

import plotly.graph_objects as go

from cpfkit.reports.language import _
from cpfkit.reports.simulation import SimulationReport
from cpfkit.reports.simulation_chart_style import BASE, LAYOUT, scenario_colour
from cpfkit.reports.simulation_tornado import TornadoChart

__all__ = ["completion_ranges", "objective_probabilities", "target_probabilities", "tornado"]


def target_probabilities(report: SimulationReport) -> go.Figure:
    """The probability that each indicator meets its target by its date (baseline, then each scenario)."""
    rows = [i for i in report.indicators if i.p_target_met is not None]
    labels = [i.indicator for i in rows]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=[i.p_target_met for i in rows],
        orientation="h",
        name=_("baseline"),
        marker_color=BASE,
        customdata=[[i.name, i.target, str(i.target_date)] for i in rows],
        hovertemplate="%{customdata[0]}<br>"
        + _("target %(target)s by %(day)s") % {"target": "%{customdata[1]:,}", "day": "%{customdata[2]}"}
        + "<br>"
        + _("P(met)")
        + " %{x:.0%}<extra></extra>",
    )
    for k, s in enumerate(report.scenarios):
        by_code = {i.indicator: i.p_target_met for i in s.indicators}
        fig.add_bar(
            y=labels,
            x=[by_code.get(code) for code in labels],
            orientation="h",
            name=s.name,
            marker_color=scenario_colour(k),
            hovertemplate=f"{s.name}: " + "%{x:.0%}<extra></extra>",
        )
    fig.update_layout(
        **{**LAYOUT, "margin": {"l": 70, "r": 20, "t": 30, "b": 50}},
        barmode="group",
        height=max(360, 26 * len(labels) * (1 + len(report.scenarios)) ** 0.6),
        xaxis={"title": {"text": _("probability the target is met by its date")}, "tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
    )
    return fig


def objective_probabilities(report: SimulationReport) -> go.Figure:
    """The probability that each objective is rated Achieved or Mostly Achieved."""
    labels = [o.objective for o in report.objectives]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=[o.p_achieved_or_mostly for o in report.objectives],
        orientation="h",
        name=_("baseline"),
        marker_color=BASE,
        customdata=[[o.title] for o in report.objectives],
        hovertemplate="%{customdata[0]}<br>%{x:.0%}<extra></extra>",
    )
    for k, s in enumerate(report.scenarios):
        fig.add_bar(
            y=labels,
            x=[o.p_achieved_or_mostly for o in s.objectives],
            orientation="h",
            name=s.name,
            marker_color=scenario_colour(k),
        )
    fig.update_layout(
        **{**LAYOUT, "margin": {"l": 60, "r": 20, "t": 30, "b": 50}},
        barmode="group",
        height=max(320, 28 * len(labels) * (1 + len(report.scenarios)) ** 0.6),
        xaxis={"title": {"text": _("P(Achieved or Mostly Achieved)")}, "tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
    )
    return fig


def tornado(chart: TornadoChart) -> go.Figure:
    """The drivers of one output: its mean when each driver is in its worst and best tenth of runs."""
    scale = 1_000_000 if chart.unit == "USD" else 1
    unit = _("US$ millions") if chart.unit == "USD" else chart.unit
    drivers = list(reversed(chart.drivers))
    mean = chart.mean / scale
    low = [min(d.low, d.high) / scale - mean for d in drivers]
    high = [max(d.low, d.high) / scale - mean for d in drivers]
    names = [d.driver for d in drivers]
    fig = go.Figure()
    fig.add_bar(y=names, x=low, base=mean, orientation="h", name=_("worst tenth of the driver"), marker_color="#b42318")
    fig.add_bar(y=names, x=high, base=mean, orientation="h", name=_("best tenth of the driver"), marker_color="#2e7d32")
    fig.add_vline(x=mean, line={"color": "#52606d", "dash": "dot"})
    fig.update_layout(
        **{**LAYOUT, "margin": {"l": 230, "r": 20, "t": 30, "b": 60}},
        barmode="overlay",
        height=max(300, 30 * len(names) + 110),
        xaxis={"title": {"text": f"{chart.output[:70]} ({unit})"}},
        hovermode="y unified",
    )
    return fig


def completion_ranges(report: SimulationReport) -> go.Figure:
    """Each operation's completion: the P10–P90 range, the P50 and the planned date, against the period's end."""
    rows = [p for p in report.projects if p.p50_completion is not None]
    names = [p.project for p in rows]
    fig = go.Figure()
    for p in rows:
        fig.add_scatter(
            x=[p.p10_completion, p.p90_completion],
            y=[p.project, p.project],
            mode="lines",
            line={"color": "rgba(31,95,139,0.45)", "width": 8},
            showlegend=False,
            hoverinfo="skip",
        )
    fig.add_scatter(
        x=[p.p50_completion for p in rows], y=names, mode="markers", marker={"color": BASE, "size": 10}, name="P50"
    )
    fig.add_scatter(
        x=[p.planned_completion for p in rows],
        y=names,
        mode="markers",
        marker={"color": "#b42318", "symbol": "line-ns-open", "size": 14, "line": {"width": 2}},
        name=_("planned"),
    )
    fig.add_vline(x=report.period_end.isoformat(), line={"color": "#52606d", "dash": "dash"})
    fig.update_layout(
        **{**LAYOUT, "margin": {"l": 190, "r": 20, "t": 30, "b": 50}},
        height=max(320, 26 * len(names) + 100),
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": _("completion (closing) date; band P10–P90")}},
    )
    return fig
