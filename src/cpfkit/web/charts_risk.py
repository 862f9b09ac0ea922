"""The SORT heat map of a portfolio: the share of active net commitment at each risk level of each category."""

from __future__ import annotations

from decimal import Decimal

from cpfkit.model.ratings import RiskLevel
from cpfkit.risk.sort_tables import SortView
from cpfkit.web.charts import _LAYOUT, Figure, _figure
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import percent, usd_m
from cpfkit.workplace.value_labels import SORT_LABELS

__all__ = ["RISK_LEVELS", "sort_heatmap"]

RISK_LEVELS = [r.value for r in RiskLevel]
"""Low … High: score 1 … 4."""


_TICKS = [0, 0.25, 0.5, 0.75, 1]
"""The shares the colour bar marks."""


def sort_heatmap(view: SortView) -> Figure:
    """Share of active net commitment at each risk level of each SORT category (counts and US$ in the cells)."""
    rows = list(view.heat_map)
    categories = [r.category for r in rows]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for row in rows:
        shares = [row.cells[lv].share if lv in row.cells else None for lv in RISK_LEVELS]
        z.append([0.0 if share is None else float(share) for share in shares])
        text.append(
            [
                f"{row.cells[lv].operations} · {usd_m(row.cells[lv].net_commitment_usd or Decimal(0))}"
                if lv in row.cells and row.cells[lv].operations
                else ""
                for lv in RISK_LEVELS
            ]
        )
    heat = {
        "type": "heatmap",
        "x": [_(lv) for lv in RISK_LEVELS],
        "y": [_(SORT_LABELS.get(c, c)) for c in categories],
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 11},
        "colorscale": [[0, "#f7f8fa"], [0.25, "#fde7c2"], [0.6, "#f0a35a"], [1, "#b42318"]],
        "zmin": 0,
        "zmax": 1,
        "xgap": 2,
        "ygap": 2,
        "customdata": [[percent(Decimal(str(share))) for share in shares] for shares in z],  # as the page writes it
        "colorbar": {
            "title": {"text": _("share")},
            "tickvals": _TICKS,
            "ticktext": [percent(Decimal(str(t))) for t in _TICKS],
            "thickness": 12,
        },
        "hovertemplate": "%{y} · %{x}<br>%{customdata} " + _("of active net commitment") + "<br>%{text}<extra></extra>",
    }
    return _figure(
        [heat],
        **{**_LAYOUT, "margin": {"l": 170, "r": 20, "t": 10, "b": 40}, "hovermode": "closest"},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "bottom"},
    )
