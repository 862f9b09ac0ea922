"""The economic-analysis report of one or several operations (standalone HTML)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from cpfkit import clock
from cpfkit.appraise.hydropower import COMPONENTS as HYDROPOWER_COMPONENTS
from cpfkit.appraise.parameters import LABELS
from cpfkit.appraise.project import ProjectAppraisal
from cpfkit.appraise.transport import COMPONENTS as TRANSPORT_COMPONENTS
from cpfkit.language.message import Message
from cpfkit.language.message import render as render_message
from cpfkit.model.appraisal_scope import AppraisalScope
from cpfkit.reference.appraisal import load_appraisal_parameters
from cpfkit.reports.charts_plotly import separators
from cpfkit.reports.formatting import fixed, number
from cpfkit.reports.html import render
from cpfkit.reports.language import N_, _, current_language, speaking, translations

__all__ = ["appraisal_html"]

_LAYOUT: dict[str, Any] = {
    "margin": {"l": 60, "r": 16, "t": 30, "b": 40},
    "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12, "color": "#1f2933"},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "y": -0.2},
}


def _percent(share: float) -> str:
    return fixed(share * 100, 1) + "%"


_ENGINE_COMPONENTS = frozenset(TRANSPORT_COMPONENTS + HYDROPOWER_COMPONENTS)

# the inputs an appraisal marks illustrative (cpfkit.appraise.provenance), by their names in the reports
_INPUTS = {
    "capital": N_("capital"),
    "operation_maintenance": N_("operation & maintenance"),
    "residual": N_("residual value"),
    "benefits": N_("benefits"),
    "discount_rate": N_("discount rate"),
    "commitment": N_("commitment"),
}
_APPRAISED = {"operation": N_("operation"), "whole investment": N_("whole investment")}
_STANCE = {"national": N_("national"), "regional": N_("regional")}


def _component(name: str) -> str:
    """A benefit component in the report's language.

    The engine's components (travel time, energy…) come from the catalogs; a module's own name arrives
    in the reader's language with the appraisal's texts; ``module: component`` when two modules share one.
    """
    module, joined, component = name.rpartition(": ")
    if joined and component in _ENGINE_COMPONENTS:
        return f"{module}: {_engine_word(component)}"
    return _engine_word(name) if name in _ENGINE_COMPONENTS else name


def _engine_word(component: str) -> str:
    """An engine's component in the report's language; a word other texts use otherwise (energy) in its context."""
    if component == "energy":  # the energy a plant sells, not the sector
        return translations(current_language.get()).pgettext("benefit of a hydropower plant", "energy")
    return _(component)


def _components(names: Sequence[str]) -> str:
    return ", ".join(_component(n) for n in names)


def _scope(scope: AppraisalScope) -> str:
    """What is appraised and whose costs and benefits count, in a few words: ``whole investment, national (KZ)``."""
    return _("%(appraised)s, %(stance)s (%(countries)s)") % {
        "appraised": _(_APPRAISED[scope.appraised]),
        "stance": _(_STANCE[scope.stance]),
        "countries": ", ".join(scope.countries),
    }


def _inputs(names: Sequence[str]) -> str:
    return ", ".join(_(_INPUTS[n]) if n in _INPUTS else n for n in names)


def _origin(origin: str) -> str:
    """Where the discount rate comes from: the default, or the programme (``programme kz-2026-2031``)."""
    if origin == "cpfkit default":
        return _("cpfkit default")
    if origin.startswith("programme "):
        return _("programme %(programme)s") % {"programme": origin.removeprefix("programme ")}
    return origin


def _value(value: object) -> str:
    """A parameter's value in the report's language: a number, or several (the delays) one after the other."""
    if isinstance(value, list | tuple):
        return "; ".join(_value(v) for v in value)
    if isinstance(value, int | float):
        return number(value, 2)
    return str(value)


def _said(message: Message | None, english: str) -> str:
    """A sensitivity test's name or description in the report's language (its English text without a message)."""
    return english if message is None else render_message(message, current_language.get())


_PALETTE = ["#1f5f8b", "#d08c2f", "#6a8d3a", "#8c6bb1", "#2a9d8f", "#e76f51", "#577590", "#f4a261"]


def _cash_flow_figure(a: ProjectAppraisal) -> dict[str, Any]:
    years = [f.year for f in a.flows]
    fig = go.Figure()
    fig.add_bar(name=_("capital"), x=years, y=[-float(f.capital_usd) / 1e6 for f in a.flows], marker_color="#b42318")
    fig.add_bar(
        name=_("operation & maintenance"), x=years, y=[-float(f.om_usd) / 1e6 for f in a.flows], marker_color="#f79009"
    )
    for i, name in enumerate(a.components):
        fig.add_bar(
            name=_component(name),
            x=years,
            y=[float(f.benefits_usd.get(name, 0)) / 1e6 for f in a.flows],
            marker_color=_PALETTE[i % len(_PALETTE)],
        )
    if any(f.residual_usd for f in a.flows):
        fig.add_bar(
            name=_("residual value (a negative cost)"),
            x=years,
            y=[float(f.residual_usd) / 1e6 for f in a.flows],
            marker_color="#98a2b3",
        )
    fig.add_scatter(
        name=_("net benefit"),
        x=years,
        y=[float(f.net_usd) / 1e6 for f in a.flows],
        mode="lines",
        line={"color": "#102a43", "width": 2},
    )
    fig.update_layout(
        **_LAYOUT,
        separators=separators(current_language.get()),
        barmode="relative",
        yaxis_title=_("US$ millions (constant prices)"),
    )
    return fig.to_plotly_json()


def _npv_curve_figure(a: ProjectAppraisal) -> dict[str, Any]:
    rates = [r / 200 for r in range(0, 41)]
    net = [float(f.net_usd) for f in a.flows]
    values = [sum(x / (1 + r) ** t for t, x in enumerate(net)) / 1e6 for r in rates]
    fig = go.Figure()
    fig.add_scatter(
        x=[r * 100 for r in rates], y=values, mode="lines", name="NPV", line={"color": "#1f5f8b", "width": 2}
    )
    fig.add_hline(y=0, line={"color": "#98a2b3", "width": 1})
    rate = float(a.discount_rate.rate)
    fig.add_vline(
        x=rate * 100,
        line={"color": "#b42318", "dash": "dash"},
        annotation_text=_("discount rate %(rate)s") % {"rate": _percent(rate)},
    )
    for root in a.rate_of_return.roots:
        fig.add_scatter(
            x=[float(root) * 100],
            y=[0],
            mode="markers",
            name=_("EIRR %(rate)s") % {"rate": _percent(float(root))},
            marker={"size": 10, "color": "#05603a"},
        )
    fig.update_layout(
        **_LAYOUT,
        separators=separators(current_language.get()),
        xaxis_title=_("discount rate (%)"),
        yaxis_title=_("NPV, US$ millions"),
    )
    return fig.to_plotly_json()


def _sensitivity_figure(a: ProjectAppraisal) -> dict[str, Any]:
    names = [_said(s.name_message, s.name) for s in a.sensitivities]
    values = [float(s.npv_usd) / 1e6 for s in a.sensitivities]
    fig = go.Figure()
    fig.add_bar(
        x=values,
        y=names,
        orientation="h",
        marker_color=["#1f5f8b" if v >= 0 else "#b42318" for v in values],
        text=[fixed(v, 0) for v in values],
        textposition="auto",
    )
    fig.update_layout(
        **_LAYOUT,
        separators=separators(current_language.get()),
        xaxis_title=_("NPV, US$ millions"),
        yaxis={"autorange": "reversed"},
        showlegend=False,
    )
    return fig.to_plotly_json()


def appraisal_html(
    appraisals: Sequence[ProjectAppraisal],
    *,
    heading: str | None = None,
    programme: str | None = None,
    lang: str | None = None,
) -> str:
    """A standalone HTML report of one or several appraisals, with charts, in a language (English by default).

    The heading is ``heading`` if given, else that of the programme's appraisals (``programme``), else the
    operation's title.
    """
    with speaking(lang):
        if heading is None and programme is not None:
            heading = _("Economic analysis — %(programme)s") % {"programme": programme}
        return _html(appraisals, heading)


def _html(appraisals: Sequence[ProjectAppraisal], heading: str | None) -> str:
    figures: dict[str, Any] = {}
    for i, a in enumerate(appraisals):
        figures[f"cash{i}"] = _cash_flow_figure(a)
        figures[f"curve{i}"] = _npv_curve_figure(a)
        figures[f"sens{i}"] = _sensitivity_figure(a)
    params = load_appraisal_parameters()
    return render(
        "appraisal.html",
        appraisals=list(appraisals),
        heading=heading
        or (appraisals[0].title or appraisals[0].project if len(appraisals) == 1 else _("Economic analysis")),
        parameters=[params[name] for name in params.parameters],
        labels=LABELS,
        today=clock.today(),
        component=_component,
        components=_components,
        scope=_scope,
        inputs=_inputs,
        origin=_origin,
        said=_said,
        value=_value,
        figures=figures,
    )
