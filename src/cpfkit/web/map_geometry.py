"""Where a map's labels go and how they read: inside which region a city lies, and the map's extent."""

from __future__ import annotations

from typing import Any

__all__ = ["DARK_LABEL", "LIGHT_LABEL", "bounds", "label_positions", "on_dark"]

DARK_LABEL, LIGHT_LABEL = "#102a43", "#ffffff"

_DARK_SHARE = 0.5
"""A region whose commitments are at least this share of the largest is drawn dark (its labels white)."""


def bounds(geo: dict[str, Any], axis: int) -> list[float]:
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


def label_positions(points: list[tuple[float, float]]) -> list[str]:
    """Labels above the markers, except beside one that has a close neighbour just north of it.

    Beside, not below: a label below its marker sits under the dot and collides with it.
    """
    return [
        "middle right" if any(0 < lat2 - lat < 2.0 and abs(lon2 - lon) < 3 for lat2, lon2 in points) else "top center"
        for lat, lon in points
    ]


def _inside(ring: list[list[float]], lon: float, lat: float) -> bool:
    """Whether a point lies inside a polygon ring (ray casting)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def on_dark(geo: dict[str, Any], point: tuple[float, float], committed: dict[str, float]) -> bool:
    """Whether the region under a city (lat, lon) is drawn in the dark half of the colour scale."""
    top = max(committed.values(), default=0.0)
    lat, lon = point
    for feature in geo["features"]:
        polygons = feature["geometry"]["coordinates"]
        if any(_inside(polygon[0], lon, lat) for polygon in polygons):
            return top > 0 and committed.get(str(feature["id"]), 0.0) >= _DARK_SHARE * top
    return False
