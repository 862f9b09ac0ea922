"""Charts of the results and planning pages: progress by objective, envelope against plan by fiscal year.

Plain Plotly specifications, like :mod:`cpfkit.web.charts`; labels come translated from the page.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from cpfkit.metrics.framework import FrameworkResults
from cpfkit.plan.report import PlanReport
from cpfkit.web.charts import INSTITUTION_COLOURS, Figure, _figure
from cpfkit.web.templating import percent_unit, usd_m_unit

__all__ = ["STATUS_COLOURS", "plan_envelope", "progress_by_objective", "progress_height"]

_MILLION = Decimal(1_000_000)
_FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13, "color": "#1f2933"}
_BASE: dict[str, Any] = {
    "font": _FONT,
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "y": -0.22},
}
STATUS_COLOURS = {
    "achieved": "#1b7f3b",
    "on track": "#4f8fba",
    "off track": "#b42318",
    "not started": "#98a2b3",
    "no data": "#d0d5dd",
}


def _m(value: Decimal | None) -> float | None:
    return None if value is None else float(value / _MILLION)


def progress_height(fw: FrameworkResults) -> int:
    """The height in pixels that gives each objective of the progress chart a readable bar."""
    return max(240, 24 * len(list(fw.objectives())) + 100)


def progress_by_objective(fw: FrameworkResults, _: Callable[[str], str]) -> Figure:
    """Mean progress of each objective's indicators (bars) against the progress expected by now (ticks)."""
    objectives = list(fw.objectives())
    codes = [o.code for o in objectives]
    titles = [o.title for o in objectives]
    data: list[dict[str, Any]] = [
        {  # one trace per status, so that the legend names every colour the bars take
            "type": "bar",
            "orientation": "h",
            "name": _(status),
            "legendgroup": status,
            "y": codes,
            "x": [
                None if o.mean_progress is None or o.status.value != status else float(o.mean_progress) * 100
                for o in objectives
            ],
            "customdata": titles,
            "marker": {"color": colour},
            "hovertemplate": "%{customdata}: " + percent_unit("%{x:.0f}") + "<extra></extra>",
        }
        for status, colour in STATUS_COLOURS.items()
        if any(o.status.value == status and o.mean_progress is not None for o in objectives)
    ]
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("expected by now"),
            "y": codes,
            "x": [None if o.mean_expected is None else float(o.mean_expected) * 100 for o in objectives],
            "marker": {"symbol": "line-ns-open", "size": 18, "color": "#1f2933", "line": {"width": 3}},
            "hovertemplate": _("expected") + ": " + percent_unit("%{x:.0f}") + "<extra></extra>",
        }
    )
    return _figure(
        data,
        barmode="overlay",  # one bar per objective: the traces never share a row
        **{**_BASE, "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}},
        margin={"l": 48, "r": 16, "t": 30, "b": 44},
        xaxis={
            "title": {"text": _("Share of the way from baseline to target")},
            "range": [0, 105],
            "ticksuffix": percent_unit(""),
        },
        yaxis={"autorange": "reversed", "automargin": True},
    )


def plan_envelope(report: PlanReport, _: Callable[[str], str]) -> Figure:
    """Commitments already approved, the plan by institution (stacked) and the envelope, by fiscal year."""
    labels = [y.label for y in report.fiscal_years]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": _("already approved"),
            "x": labels,
            "y": [_m(y.existing_usd) for y in report.fiscal_years],
            "marker": {"color": "#98a2b3"},
            "hovertemplate": usd_m_unit("%{y:,.0f}"),
        }
    ]
    institutions = sorted(
        {p.institution for p in report.selected},
        key=lambda i: list(INSTITUTION_COLOURS).index(i) if i in INSTITUTION_COLOURS else 99,
    )
    for inst in institutions:
        data.append(
            {
                "type": "bar",
                "name": _("planned") + f" {inst}",
                "x": labels,
                "y": [
                    _m(sum((p.cost_usd for p in report.selected if p.fy == y.fy and p.institution == inst), Decimal(0)))
                    for y in report.fiscal_years
                ],
                "marker": {"color": INSTITUTION_COLOURS.get(inst, "#777")},
                "hovertemplate": usd_m_unit("%{y:,.0f}"),
            }
        )
    if any(y.envelope_usd is not None for y in report.fiscal_years):
        data.append(
            {
                "type": "scatter",
                "name": _("envelope"),
                "x": labels,
                "y": [_m(y.envelope_usd) for y in report.fiscal_years],
                # a level for each year, not a trend between years: a flat tick across the year's bar
                "mode": "markers",
                "marker": {"symbol": "line-ew-open", "size": 44, "color": "#b42318", "line": {"width": 3}},
                "hovertemplate": usd_m_unit("%{y:,.0f}"),
            }
        )
    return _figure(
        data,
        **_BASE,
        margin={"l": 56, "r": 16, "t": 12, "b": 40},
        hovermode="x unified",
        barmode="stack",
        yaxis={"title": {"text": _("US$ millions")}, "rangemode": "tozero"},
    )
