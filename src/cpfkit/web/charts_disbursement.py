"""An operation's cumulative disbursement (from the ledger) against its plan and its commitment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpfkit.services.project_view import ProjectView
from cpfkit.web.charts import _LAYOUT, Figure, _figure
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import usd_m_unit

__all__ = ["disbursement_scurve"]

_MILLION = Decimal(1_000_000)


def _m(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value / _MILLION), 3)


def disbursement_scurve(view: ProjectView) -> Figure:
    """Cumulative disbursement (actual, from the ledger) against the plan and the commitment, US$ millions."""
    data: list[dict[str, Any]] = []
    if view.planned_curve:
        data.append(
            {
                "type": "scatter",
                "name": _("planned"),
                "x": [p.on.isoformat() for p in view.planned_curve],
                "y": [_m(p.cumulative_usd) for p in view.planned_curve],
                "mode": "lines+markers",
                "line": {"color": "#7b8794", "width": 2, "dash": "dot"},
                "hovertemplate": usd_m_unit("%{y:,.1f}"),
            }
        )
    actual = list(view.disbursed_curve)
    data.append(
        {
            "type": "scatter",
            "name": _("disbursed"),
            "x": [p.on.isoformat() for p in actual],
            "y": [_m(p.cumulative_usd) for p in actual],
            "mode": "lines+markers",
            "line": {"color": "#1f5f8b", "width": 3, "shape": "hv"},
            "hovertemplate": usd_m_unit("%{y:,.1f}"),
        }
    )
    dates = view.detail.project.dates
    xs = [p.on for p in (*actual, *view.planned_curve)]
    xs += [d for d in (dates.approval, dates.revised_closing or dates.original_closing) if d is not None]
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if xs and view.detail.net_commitment_usd:
        data.append(
            {
                "type": "scatter",
                "name": _("net commitment"),
                "x": [min(xs).isoformat(), max(xs).isoformat()],
                "y": [_m(view.detail.net_commitment_usd)] * 2,
                "mode": "lines",
                "line": {"color": "#b42318", "width": 1.5, "dash": "dash"},
                "hovertemplate": usd_m_unit("%{y:,.1f}"),
            }
        )
    closing = dates.revised_closing or dates.original_closing
    if closing is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": closing.isoformat(),
                "x1": closing.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": "#616e7c", "width": 1, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "x": closing.isoformat(),
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": _("closing"),
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"size": 11, "color": "#616e7c"},
            }
        )
    return _figure(
        data,
        **_LAYOUT,
        yaxis={"title": {"text": _("US$ millions, cumulative")}, "rangemode": "tozero"},
        xaxis={"type": "date"},
        shapes=shapes,
        annotations=annotations,
    )
