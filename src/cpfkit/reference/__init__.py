"""Reference data: codelists, rating scales, exchange rates and geography, loaded once.

Python holds the meaning; the files under this package hold the values.
"""

from cpfkit.reference.codelists import Codelist, load_catalogue, load_codelist, sector_names
from cpfkit.reference.fx import load_fx
from cpfkit.reference.geo import Place, Regions, load_regions
from cpfkit.reference.scales import Level, Scale, load_scale

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
