"""Where a World Bank project record is: an ISO country, or an IATI region for a regional operation.

The Projects API gives a two-character ``countrycode``: mostly ISO 3166-1,
but also the World Bank's own codes for a few countries (``GZ`` West Bank and
Gaza, ``KV`` Kosovo…) and for regions and groups of countries (``3A`` Africa,
``1W`` World…).  :func:`place_of` reads, in order:

1. the code, when it is an ISO code of the IATI Country codelist;
2. the code in ``wb_countries.csv`` (the World Bank's and withdrawn ISO codes → ISO);
3. the code in ``wb_regions.csv`` (regional codes → IATI Region code or ``multi-country``);
4. the country name (``countryshortname``, then ``countryname``) in the Country
   codelist, then in either file;
5. the World Bank region the record names (``regionname``) in ``wb_regions.csv``,
   with a warning: the operation is stored under its region, less precisely than
   its country;
6. otherwise region 998 (Developing countries, unspecified), with a warning.

The first three and a name found in step 4 are the rule and give no warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from cpfkit.model.project import MULTI_COUNTRY
from cpfkit.reference import load_catalogue, load_codelist

__all__ = ["UNSPECIFIED_REGION", "Place", "place_of"]

UNSPECIFIED_REGION = "998"
"""IATI Region (OECD DAC) 998, Developing countries, unspecified: where a record names no place cpfkit knows."""


@dataclass(frozen=True)
class Place:
    """Where an operation is: a country or a region (exactly one), and a warning when it was not plain."""

    country: str | None
    region: str | None
    warning: tuple[str, str] | None = None  # (field, message)


@dataclass(frozen=True)
class _Tables:
    countries: frozenset[str]
    country_by_name: dict[str, str]
    legacy: dict[str, str]
    legacy_by_name: dict[str, str]
    regions: dict[str, str]
    region_by_name: dict[str, str]


@cache
def _tables() -> _Tables:
    countries = load_codelist("Country")
    legacy = {row["code"]: row["iso"] for row in load_catalogue("wb_countries")}
    legacy_names = {row["name"].lower(): row["iso"] for row in load_catalogue("wb_countries")}
    regions = {row["code"]: row["iati_region"] for row in load_catalogue("wb_regions") if row["code"]}
    region_names = {row["name"].lower(): row["iati_region"] for row in load_catalogue("wb_regions")}
    return _Tables(
        countries=countries.codes,
        country_by_name={name.lower(): code for code, name in countries.names.items()},
        legacy=legacy,
        legacy_by_name=legacy_names,
        regions=regions,
        region_by_name=region_names,
    )


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or not str(value).strip():
        return None
    return str(value).strip()


def _region_name(code: str) -> str:
    if code == MULTI_COUNTRY:
        return MULTI_COUNTRY
    return f"{code} ({load_codelist('Region').name_of(code)})"


def _shown(value: str | None) -> str:
    return repr(value if value is None or len(value) <= 200 else value[:200] + "…")


def place_of(record: dict[str, Any]) -> Place:
    """The country or region of a Projects API record (see the module's docstring for the order).

    Examples:
        >>> place_of({"countrycode": "KZ"})
        Place(country='KZ', region=None, warning=None)
        >>> place_of({"countrycode": "GZ"}).country, place_of({"countrycode": "3A"}).region
        ('PS', '298')
    """
    t = _tables()
    code = (_text(record, "countrycode") or "").upper()
    if code in t.countries:
        return Place(code, None)
    if code in t.legacy:
        return Place(t.legacy[code], None)
    if code in t.regions:
        return Place(None, t.regions[code])
    names = [n for n in (_text(record, "countryshortname"), _text(record, "countryname")) if n]
    for name in names:
        key = name.lower()
        if key in t.country_by_name:
            return Place(t.country_by_name[key], None)
        if key in t.legacy_by_name:
            return Place(t.legacy_by_name[key], None)
        if key in t.region_by_name:
            return Place(None, t.region_by_name[key])
    given = [f"country code {_shown(code)}"] if code else []
    given += [f"country name {_shown(names[-1])}"] if names else []
    unknown = f"cpfkit knows no country or region for {' and '.join(given)}" if given else "names no country"
    region_name = _text(record, "regionname")
    region = t.region_by_name.get((region_name or "").lower())
    if region is not None:
        message = (
            f"{unknown}; stored under its World Bank region {_shown(region_name)}: IATI region {_region_name(region)}"
        )
        return Place(None, region, ("countrycode", message))
    also = f" nor for its region {_shown(region_name)}" if region_name else ""
    message = f"{unknown}{also}; stored under IATI region {_region_name(UNSPECIFIED_REGION)}"
    return Place(None, UNSPECIFIED_REGION, ("countrycode", message))
