"""The programme's map: its operations on the regions of the country, and markers for the cities where they work.

A choropleth drawn from the shipped GeoJSON (no tile server); a region's colour is
the commitments of the active and closed operations working in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from cpfkit.model import Project, ProjectStatus
from cpfkit.reference.geo import load_regions, regions_map_geojson
from cpfkit.services.programmes import ProjectSummary
from cpfkit.services.translations import place_name
from cpfkit.web.charts import _LAYOUT, Figure, _figure
from cpfkit.web.i18n import gettext as _
from cpfkit.web.map_geometry import DARK_LABEL, LIGHT_LABEL, bounds, label_positions, on_dark
from cpfkit.web.templating import usd_m, usd_m_unit

__all__ = ["region_map"]

_MILLION = Decimal(1_000_000)


_COMMITTED = {ProjectStatus.ACTIVE.value, ProjectStatus.CLOSED.value}


@cache
def _geojson(country: str) -> dict[str, Any] | None:
    return regions_map_geojson(country)


def region_map(
    country: str, rows: Sequence[ProjectSummary], projects: Iterable[Project], language: str = "en"
) -> Figure | None:
    """Approved commitments by region (an operation in several regions split equally), cities as markers.

    Regions and cities are named in ``language`` (the regions reference's names; a city the reference
    does not hold keeps the name its operation gives it).
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
        "text": [place_name(country, p.name, language) for p in regions.places],
        "customdata": ["<br>".join(hover.get(i, [_("no operation")])) for i in ids],
        "hovertemplate": "<b>%{text}</b><br>"
        + _("Committed")
        + " "
        + usd_m_unit("%{z:,.0f}")
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
            names.setdefault(key, place_name(country, loc.name, language))
            cities[key].append(project.name)
    markers = {
        "type": "scattergeo",
        "lat": [k[0] for k in cities],
        "lon": [k[1] for k in cities],
        "text": [names[k] for k in cities],
        "customdata": ["<br>".join(dict.fromkeys(v)) for v in cities.values()],
        "mode": "markers+text",
        "textposition": label_positions(list(cities)),
        # dark on the light regions, white on the dark ones: a label must read on the colour under it
        "textfont": {
            "size": 11,
            "color": [LIGHT_LABEL if on_dark(geo, key, committed) else DARK_LABEL for key in cities],
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
            "lonaxis": {"range": bounds(geo, 0)},
            "lataxis": {"range": bounds(geo, 1)},
            "bgcolor": "rgba(0,0,0,0)",
        },
        meta={"nationwide": nationwide},
    )
