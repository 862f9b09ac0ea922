"""An operation's ratings over time: DO and IP on the six-point scale, and the SORT overall rating beside them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from cpfkit.model.ratings import OutcomeRating
from cpfkit.services.project_view import ProjectView
from cpfkit.web.charts import _LAYOUT, Figure, _figure
from cpfkit.web.charts_risk import RISK_LEVELS
from cpfkit.web.i18n import gettext as _

__all__ = ["ratings_history"]

_OUTCOME = [r.value for r in reversed(list(OutcomeRating))]  # HU … HS: score 1 … 6

_ONE_DAY_SPAN = timedelta(days=90)
"""How far either side of its only date a time axis reaches (enough for Plotly to mark months, not milliseconds)."""


def _around_one_day(days: Sequence[date]) -> dict[str, Any]:
    """A date axis's range when every point falls on one day: months either side of it; else Plotly's own."""
    distinct = set(days)
    if len(distinct) != 1:
        return {}
    (day,) = distinct
    return {"range": [(day - _ONE_DAY_SPAN).isoformat(), (day + _ONE_DAY_SPAN).isoformat()]}


def ratings_history(view: ProjectView) -> Figure:
    """DO and IP ratings over time (HU = 1 … HS = 6) and, on the right axis, the SORT overall rating."""
    data: list[dict[str, Any]] = []
    styles = {"DO": ("#1f5f8b", "solid", "circle"), "IP": ("#d08c2f", "dot", "square")}
    for kind, (colour, dash, symbol) in styles.items():
        points = [r for r in view.ratings if r.kind.value == kind]
        if not points:
            continue
        data.append(
            {
                "type": "scatter",
                "name": kind,
                "x": [r.date.isoformat() for r in points],
                "y": [_OUTCOME.index(r.rating.value) + 1 for r in points],
                "text": [r.rating.value for r in points],
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2.5, "shape": "hv", "dash": dash},
                "marker": {"size": 8, "symbol": symbol},
                "hovertemplate": f"{kind} " + "%{text}<extra></extra>",
            }
        )
    overall = [r for r in view.sort_ratings if r.category.value == "overall"]
    layout: dict[str, Any] = {
        "yaxis": {
            "title": {"text": _("DO / IP rating")},
            "range": [0.5, 6.5],
            "tickvals": list(range(1, 7)),
            "ticktext": _OUTCOME,
            "zeroline": False,
        },
        "xaxis": {"type": "date", **_around_one_day([r.date for r in view.ratings] + [r.date for r in overall])},
    }
    if overall:
        data.append(
            {
                "type": "scatter",
                "name": _("SORT overall"),
                "x": [r.date.isoformat() for r in overall],
                "y": [RISK_LEVELS.index(r.rating.value) + 1 for r in overall],
                "text": [r.rating.value for r in overall],
                "yaxis": "y2",
                "mode": "lines+markers",
                "line": {"color": "#b42318", "width": 2, "dash": "dash", "shape": "hv"},
                "marker": {"symbol": "diamond", "size": 9},
                "hovertemplate": _("SORT overall") + " %{text}<extra></extra>",
            }
        )
        layout["yaxis2"] = {
            "title": {"text": _("SORT overall risk")},
            "overlaying": "y",
            "side": "right",
            "range": [0.5, 4.5],
            "tickvals": [1, 2, 3, 4],
            "ticktext": [_(lv) for lv in RISK_LEVELS],
            "showgrid": False,
        }
    return _figure(
        data, **{**_LAYOUT, "margin": {"l": 70, "r": 90, "t": 20, "b": 40}, "hovermode": "x unified"}, **layout
    )
