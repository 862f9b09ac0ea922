"""Plotly figures of the map, the operation page and the risk pages, as plain specifications.

* :func:`region_map` — the programme's operations on the regions of the country (a choropleth drawn from the
  shipped GeoJSON, no tile server) with markers for the cities where they work;
* :func:`disbursement_scurve` — an operation's cumulative disbursement against its plan;
* :func:`ratings_history` — DO/IP ratings on the six-point scale, and the SORT overall rating;
* :func:`sort_heatmap` — the commitment-weighted SORT heat map of the portfolio.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from cpfkit.model import Project, ProjectStatus
from cpfkit.model.ratings import OutcomeRating, RiskLevel
from cpfkit.reference.geo import load_regions, regions_map_geojson
from cpfkit.risk.sort import SortView
from cpfkit.services.programmes import ProjectSummary
from cpfkit.services.project_view import ProjectView
from cpfkit.web.charts import _LAYOUT, Figure, _figure
from cpfkit.web.i18n import gettext as _
from cpfkit.web.templating import usd_m
from cpfkit.workplace.history import SORT_LABELS

__all__ = ["disbursement_scurve", "ratings_history", "region_map", "sort_heatmap"]

_MILLION = Decimal(1_000_000)
_OUTCOME = [r.value for r in reversed(list(OutcomeRating))]  # HU … HS: score 1 … 6
_RISK = [r.value for r in RiskLevel]  # Low … High: score 1 … 4
_COMMITTED = {ProjectStatus.ACTIVE.value, ProjectStatus.CLOSED.value}


def _m(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value / _MILLION), 3)


@cache
def _geojson(country: str) -> dict[str, Any] | None:
    return regions_map_geojson(country)


def region_map(country: str, rows: Sequence[ProjectSummary], projects: Iterable[Project]) -> Figure | None:
    """Approved commitments by region (an operation in several regions split equally), cities as markers.

    Operations working country-wide are not drawn; their number is given in the figure's ``meta``.
    Returns None when cpfkit ships no geography for the country.
    """
    geo, regions = _geojson(country), load_regions(country)
    if geo is None or regions is None:
        return None
    committed: dict[str, float] = defaultdict(float)
    hover: dict[str, list[str]] = defaultdict(list)
    nationwide = 0
    for row in rows:
        if row.status == ProjectStatus.DROPPED.value:
            continue
        places = [p for p in (regions.find(name) for name in row.regions) if p is not None]
        places = list({p.osm_id: p for p in places}.values())
        if not places:
            nationwide += 1
            continue
        share = float(row.commitment_usd / _MILLION) / len(places)
        for place in places:
            if row.status in _COMMITTED:
                committed[place.osm_id] += share
            status = "" if row.status in _COMMITTED else f" ({_(row.status)})"
            hover[place.osm_id].append(f"{row.name}{status}: {usd_m(row.commitment_usd / len(places))}")
    ids = [p.osm_id for p in regions.places]
    choropleth = {
        "type": "choropleth",
        "geojson": geo,
        "locations": ids,
        "z": [round(committed.get(i, 0.0), 1) for i in ids],
        "text": [p.name for p in regions.places],
        "customdata": ["<br>".join(hover.get(i, [_("no operation")])) for i in ids],
        "hovertemplate": "<b>%{text}</b><br>"
        + _("Committed")
        + " "
        + _("US$%(amount)sM") % {"amount": "%{z:,.0f}"}
        + "<br>%{customdata}<extra></extra>",
        "colorscale": [[0, "#f0f4f8"], [0.001, "#d6e4f0"], [1, "#1f5f8b"]],
        "zmin": 0,
        "marker": {"line": {"color": "#ffffff", "width": 1}},
        "colorbar": {"title": {"text": _("US$ millions")}, "thickness": 12, "len": 0.7},
        "name": _("Regions"),
    }
    cities: dict[tuple[float, float], list[str]] = defaultdict(list)
    names: dict[tuple[float, float], str] = {}
    counted = {r.id: r for r in rows if r.status != ProjectStatus.DROPPED.value}
    for project in projects:
        if project.id not in counted:
            continue
        for loc in project.locations:
            if loc.lat is None or loc.lon is None:
                continue
            key = (float(loc.lat), float(loc.lon))
            names.setdefault(key, loc.name)
            cities[key].append(project.name)
    markers = {
        "type": "scattergeo",
        "lat": [k[0] for k in cities],
        "lon": [k[1] for k in cities],
        "text": [names[k] for k in cities],
        "customdata": ["<br>".join(dict.fromkeys(v)) for v in cities.values()],
        "mode": "markers+text",
        "textposition": _label_positions(list(cities)),
        # dark on the light regions, white on the dark ones: a label must read on the colour under it
        "textfont": {
            "size": 11,
            "color": [_LIGHT_LABEL if _on_dark(geo, key, committed) else _DARK_LABEL for key in cities],
            "shadow": "auto",
        },
        "marker": {
            "size": [8 + 3 * min(len(set(v)), 6) for v in cities.values()],
            "color": "#d08c2f",
            "line": {"color": "#ffffff", "width": 1},
        },
        "hovertemplate": "<b>%{text}</b><br>%{customdata}<extra></extra>",
        "name": _("Cities"),
        "showlegend": False,
    }
    return _figure(
        [choropleth, markers],
        **{**_LAYOUT, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "hovermode": "closest"},
        geo={
            "visible": False,
            "projection": {"type": "mercator"},
            "lonaxis": {"range": _bounds(geo, 0)},
            "lataxis": {"range": _bounds(geo, 1)},
            "bgcolor": "rgba(0,0,0,0)",
        },
        meta={"nationwide": nationwide},
    )


def _bounds(geo: dict[str, Any], axis: int) -> list[float]:
    """The range of longitudes (0) or latitudes (1) of a feature collection, with a small margin."""
    values = [
        point[axis]
        for feature in geo["features"]
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
        for point in ring
    ]
    pad = (max(values) - min(values)) * 0.02
    return [round(min(values) - pad, 2), round(max(values) + pad, 2)]


def _label_positions(points: list[tuple[float, float]]) -> list[str]:
    """Labels above the markers, except beside one that has a close neighbour just north of it.

    Beside, not below: a label below its marker sits under the dot and collides with it.
    """
    return [
        "middle right" if any(0 < lat2 - lat < 2.0 and abs(lon2 - lon) < 3 for lat2, lon2 in points) else "top center"
        for lat, lon in points
    ]


_DARK_LABEL, _LIGHT_LABEL = "#102a43", "#ffffff"
_DARK_SHARE = 0.5
"""A region whose commitments are at least this share of the largest is drawn dark (its labels white)."""


def _inside(ring: list[list[float]], lon: float, lat: float) -> bool:
    """Whether a point lies inside a polygon ring (ray casting)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _on_dark(geo: dict[str, Any], point: tuple[float, float], committed: dict[str, float]) -> bool:
    """Whether the region under a city (lat, lon) is drawn in the dark half of the colour scale."""
    top = max(committed.values(), default=0.0)
    lat, lon = point
    for feature in geo["features"]:
        polygons = feature["geometry"]["coordinates"]
        if any(_inside(polygon[0], lon, lat) for polygon in polygons):
            return top > 0 and committed.get(str(feature["id"]), 0.0) >= _DARK_SHARE * top
    return False


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
                "hovertemplate": _("US$%(amount)sM") % {"amount": "%{y:,.1f}"},
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
            "hovertemplate": _("US$%(amount)sM") % {"amount": "%{y:,.1f}"},
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
                "hovertemplate": _("US$%(amount)sM") % {"amount": "%{y:,.1f}"},
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
                "y": [_RISK.index(r.rating.value) + 1 for r in overall],
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
            "ticktext": [_(lv) for lv in _RISK],
            "showgrid": False,
        }
    return _figure(
        data, **{**_LAYOUT, "margin": {"l": 70, "r": 90, "t": 20, "b": 40}, "hovermode": "x unified"}, **layout
    )


def sort_heatmap(view: SortView) -> Figure:
    """Share of active net commitment at each risk level of each SORT category (counts and US$ in the cells)."""
    rows = list(view.heat_map)
    categories = [r.category for r in rows]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for row in rows:
        shares = [row.cells[lv].share if lv in row.cells else None for lv in _RISK]
        z.append([0.0 if share is None else float(share) for share in shares])
        text.append(
            [
                f"{row.cells[lv].operations} · {usd_m(row.cells[lv].net_commitment_usd or Decimal(0))}"
                if lv in row.cells and row.cells[lv].operations
                else ""
                for lv in _RISK
            ]
        )
    heat = {
        "type": "heatmap",
        "x": [_(lv) for lv in _RISK],
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
        "colorbar": {"title": {"text": _("share")}, "tickformat": ".0%", "thickness": 12},
        "hovertemplate": "%{y} · %{x}<br>%{z:.0%} " + _("of active net commitment") + "<br>%{text}<extra></extra>",
    }
    return _figure(
        [heat],
        **{**_LAYOUT, "margin": {"l": 170, "r": 20, "t": 10, "b": 40}, "hovermode": "closest"},
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "bottom"},
    )
