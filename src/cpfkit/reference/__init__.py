"""Reference data: codelists, rating scales, exchange rates and geography, loaded once.

Python holds the meaning; the files under this package hold the values. Importing the package loads none of
its modules: each name below loads its module when first used, so reading the exchange rates does not load
the codelists and the scales (docs/performance.md, "Start-up").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpfkit import lazy

if TYPE_CHECKING:
    from cpfkit.reference.codelists import Codelist, load_catalogue, load_codelist, sector_names
    from cpfkit.reference.fx import load_fx
    from cpfkit.reference.geo import Place, Regions, load_regions
    from cpfkit.reference.scales import Level, Scale, load_scale

_HOMES = {
    "Codelist": "codelists",
    "Level": "scales",
    "Place": "geo",
    "Regions": "geo",
    "Scale": "scales",
    "load_catalogue": "codelists",
    "load_codelist": "codelists",
    "load_fx": "fx",
    "load_regions": "geo",
    "load_scale": "scales",
    "sector_names": "codelists",
}
"""The module of each name the package exports."""

__all__ = [
    "Codelist",
    "Level",
    "Place",
    "Regions",
    "Scale",
    "load_catalogue",
    "load_codelist",
    "load_fx",
    "load_regions",
    "sector_names",
    "load_scale",
]


__getattr__ = lazy.exports(__name__, _HOMES)
