"""The checks a programme folder's records pass at load time, applied to records written through the API.

The model checks each record on its own (types, ranges, dates in order);
these add what needs reference data: codelists, the rates table, the
geography.  Each failure names the record and the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cpfkit import clock
from cpfkit.errors import DataError, FxRateMissing, UnknownCode
from cpfkit.model import Money, Project, to_usd
from cpfkit.model.project import MULTI_COUNTRY
from cpfkit.reference import load_codelist, load_fx, load_regions

__all__ = ["check_country", "check_money", "check_project", "check_region", "usd"]

_SECTOR_CODELISTS = {"1": "Sector", "2": "SectorCategory"}


def check_country(code: str, record: str, field: str = "country") -> None:
    """The code must be an ISO 3166-1 alpha-2 country."""
    if code not in load_codelist("Country"):
        raise UnknownCode(f"{code!r} is not an ISO 3166-1 country code", record=record, field=field)


def check_money(money: Money, on: date, record: str, field: str, *, negative: bool = False) -> None:
    """Not negative (unless allowed), an ISO 4217 currency, and a rate in the table for the date."""
    if money.amount < 0 and not negative:
        raise DataError("must not be negative", record=record, field=field)
    if money.currency not in load_codelist("Currency"):
        raise UnknownCode(f"{money.currency!r} is not an ISO 4217 currency", record=record, field=f"{field}.currency")
    try:
        load_fx().rate(money.currency, on)
    except FxRateMissing as exc:
        raise DataError(str(exc), record=record, field=f"{field}.currency") from exc


def usd(money: Money, on: date) -> tuple[Decimal, Decimal, str]:
    """The amount in US dollars at the rate of the date, with the rate and its period."""
    value, used = to_usd(money, load_fx(), on)
    return value.amount, used.usd_per_unit, used.period


def check_region(code: str, record: str, field: str = "region") -> None:
    """The code must be an IATI Region code (OECD DAC vocabulary) or ``multi-country``."""
    if code != MULTI_COUNTRY and code not in load_codelist("Region"):
        raise UnknownCode(
            f"{code!r} is not a code of the IATI Region codelist (nor {MULTI_COUNTRY})", record=record, field=field
        )


def check_project(project: Project, record: str) -> None:
    """The checks of an operation that need reference data (as the folder loader applies them)."""
    if project.country is not None:
        check_country(project.country, record)
    if project.region is not None:
        check_region(project.region, record)
    on = project.dates.approval or project.dates.concept or clock.today()
    if project.commitment is not None:
        check_money(project.commitment, on, record, "commitment")
    for i, financing in enumerate(project.financing):
        check_money(financing.amount, on, record, f"financing.{i}.amount")
    for i, share in enumerate(project.sectors):
        codelist = _SECTOR_CODELISTS.get(share.vocabulary)
        if codelist and share.code not in load_codelist(codelist):
            raise UnknownCode(
                f"{share.code!r} is not in the IATI {codelist} codelist", record=record, field=f"sectors.{i}.code"
            )
    regions = load_regions(project.country) if project.country else None
    for i, location in enumerate(project.locations):
        if regions and location.region and regions.find(location.region) is None:
            raise UnknownCode(
                f"{location.region!r} is not a region of {project.country}",
                record=record,
                field=f"locations.{i}.region",
            )
