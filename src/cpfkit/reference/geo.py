"""Regions and cities of a country, with former and variant names."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Place", "Regions", "load_regions", "regions_geojson_path", "regions_map_geojson"]

_HERE = Path(__file__).parent / "geo"


@dataclass(frozen=True)
class Place:
    """A first-level administrative unit (region, or city of republican significance)."""

    name: str
    name_ru: str
    name_kk: str
    kind: str
    osm_id: str
    lat: Decimal
    lon: Decimal


def _key(name: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    text = re.sub(r"\boblast\b|\boblysy\b", "region", folded.lower())
    text = re.sub(r"\bcity\b|\bg\.", " ", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@dataclass(frozen=True)
class Regions:
    """The regions of one country, looked up by any of their names."""

    country: str
    places: tuple[Place, ...]
    index: dict[str, Place]

    def find(self, name: str) -> Place | None:
        """The region named ``name`` (English, Russian, Kazakh or a former name), if any."""
        return self.index.get(_key(name)) or self.index.get(name.strip().lower())


@cache
def load_regions(country: str) -> Regions | None:
    """The regions of a country, or None when cpfkit has no geography for it."""
    path = _HERE / country / "regions.csv"
    if not path.exists():
        return None
    places: list[Place] = []
    index: dict[str, Place] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            place = Place(
                row["name"],
                row["name_ru"],
                row["name_kk"],
                row["kind"],
                row["osm_id"],
                Decimal(row["lat"]),
                Decimal(row["lon"]),
            )
            places.append(place)
            names = [row["name"], row["name_ru"], row["name_kk"], *filter(None, row["aliases"].split("|"))]
            for name in names:
                index[_key(name)] = place
                index[name.strip().lower()] = place
    return Regions(country, tuple(places), index)


def regions_geojson_path(country: str) -> Path | None:
    """The GeoJSON of a country's regions shipped with cpfkit, if any."""
    path = _HERE / country / "regions.geojson"
    return path if path.exists() else None


def regions_map_geojson(country: str) -> dict[str, Any] | None:
    """The simplified GeoJSON of a country's regions for maps (each feature's ``id`` is its OSM id), if any.

    ``regions-simplified.geojson`` keeps the outlines of ``regions.geojson`` to about a kilometre, small enough
    to send with a page.
    """
    path = _HERE / country / "regions-simplified.geojson"
    if not path.exists():
        return None
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found
