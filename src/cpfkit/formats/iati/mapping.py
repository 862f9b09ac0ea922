"""From an IATI activity to the core of cpfkit: the :class:`~cpfkit.model.Project` it becomes.

The rules (``docs/iati.md`` lists them field by field) come from the data
files ``iati_organisations.csv`` (World Bank Group organisation identifiers
and the institution each stands for) and ``iati_mapping.csv`` (activity
status, location class and instrument), not from code:

- identifier: the ``iati-identifier``; name: the English title;
- country: the recipient country with the largest percentage (the first on
  a tie; transaction-level countries when the activity names none);
- institution: when the reporting organisation is a World Bank Group member,
  the first funding participating organisation (or commitment provider) that
  is one, else the reporting organisation's; anyone else is ``other``;
- instrument: MIGA → guarantee; IFC → equity for equity finance types, else
  loan; a guarantee finance type → guarantee; else by default aid type;
- status by ActivityStatus; approval = actual (else planned) start; original
  closing = planned end; revised closing = actual end;
- sectors: the shares of each vocabulary whose percentages add up to 100
  (a lone sector without percentage is 100%); the rest stay IATI-only;
- locations with their names, kind (location class) and coordinates;
- implementing agency: the first implementing participating organisation.

An activity the core model cannot hold (no recipient country, dates out of
order) raises :class:`UnsupportedActivity`; the importer skips it and says why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import ValidationError

from cpfkit.errors import DataError
from cpfkit.formats.sources import first_error
from cpfkit.formats.unsupported import Unsupported
from cpfkit.model import (
    Institution,
    Instrument,
    LocationKind,
    Project,
    ProjectStatus,
    TransactionType,
)
from cpfkit.model.iati import IatiActivity, IatiOrg, IatiShare, english
from cpfkit.reference import load_catalogue, load_codelist

__all__ = [
    "IatiRules",
    "UnsupportedActivity",
    "iati_rules",
    "to_project",
]

_HUNDRED = Decimal(100)
_TOLERANCE = Decimal("0.5")
_FUNDING = "1"
_IMPLEMENTING = "4"
_COMMITMENT = "2"


UnsupportedActivity = Unsupported
"""A well-formed IATI activity that cpfkit's core model cannot hold (it is skipped, with the reason)."""


@dataclass(frozen=True)
class IatiRules:
    """The mapping tables, loaded once from ``reference/codelists/cpfkit``."""

    institution_of_org: dict[str, Institution]
    status: dict[str, ProjectStatus]
    location_kind: dict[str, LocationKind]
    institution_instrument: dict[str, Instrument]
    finance_type_instrument: dict[str, Instrument]
    aid_type_instrument: dict[str, Instrument]
    transaction_type: dict[str, TransactionType]
    iati_code_of: dict[TransactionType, str]
    sector_names: dict[str, dict[str, str]]


@cache
def iati_rules() -> IatiRules:
    """Load the mapping tables."""
    mapping: dict[str, dict[str, str]] = defaultdict(dict)
    for row in load_catalogue("iati_mapping"):
        mapping[row["mapping"]][row["from"]] = row["to"]
    transaction_type: dict[str, TransactionType] = {}
    iati_code_of: dict[TransactionType, str] = {}
    for row in load_catalogue("transaction_types"):
        if row["iati_code"]:
            transaction_type[row["iati_code"]] = TransactionType(row["code"])
            iati_code_of[TransactionType(row["code"])] = row["iati_code"]
    return IatiRules(
        institution_of_org={r["ref"]: Institution(r["institution"]) for r in load_catalogue("iati_organisations")},
        status={k: ProjectStatus(v) for k, v in mapping["activity-status"].items()},
        location_kind={k: LocationKind(v) for k, v in mapping["location-class"].items()},
        institution_instrument={k: Instrument(v) for k, v in mapping["institution-instrument"].items()},
        finance_type_instrument={k: Instrument(v) for k, v in mapping["finance-type-instrument"].items()},
        aid_type_instrument={k: Instrument(v) for k, v in mapping["aid-type-instrument"].items()},
        transaction_type=transaction_type,
        iati_code_of=iati_code_of,
        sector_names={"1": load_codelist("Sector").names, "2": load_codelist("SectorCategory").names},
    )


def _unsupported(activity: IatiActivity, message: str, field: str) -> UnsupportedActivity:
    return UnsupportedActivity(message, record=f"activity {activity.identifier}", field=field)


def country_of(activity: IatiActivity) -> str | None:
    """The recipient country an activity is stored under (largest percentage; first on a tie).

    Examples:
        >>> a = IatiActivity("X-1", IatiOrg("X", "10"), recipient_countries=(
        ...     IatiShare("KZ", percentage=Decimal(30)), IatiShare("UZ", percentage=Decimal(70))))
        >>> country_of(a)
        'UZ'
    """
    best: IatiShare | None = None
    for share in activity.recipient_countries:
        if best is None or (share.percentage or _HUNDRED) > (best.percentage or _HUNDRED):
            best = share
    if best is not None:
        return best.code
    for tx in activity.transactions:
        if tx.recipient_country is not None:
            return tx.recipient_country.code
    return None


def recipient_codes(activity: IatiActivity) -> set[str]:
    """Every recipient country an activity names, at activity or transaction level."""
    codes = {share.code for share in activity.recipient_countries}
    if not codes:
        codes = {tx.recipient_country.code for tx in activity.transactions if tx.recipient_country is not None}
    return codes


def institution_of(activity: IatiActivity, rules: IatiRules) -> Institution:
    """The World Bank Group institution of an activity, or ``other`` when its reporter is not a member."""
    known = rules.institution_of_org
    reporter = known.get(activity.reporting_org.ref or "")
    if reporter is None:
        return Institution.OTHER
    for org in activity.participating_orgs:
        if org.role == _FUNDING and org.ref in known:
            return known[org.ref]
    for tx in activity.transactions:
        if tx.type == _COMMITMENT and tx.provider is not None and tx.provider.ref in known:
            return known[tx.provider.ref]
    return reporter


def instrument_of(activity: IatiActivity, institution: Institution, rules: IatiRules) -> Instrument:
    """The instrument of an activity, from its institution, finance type and aid type."""
    finance = activity.default_finance_type
    if finance is None:
        finance = next((tx.finance_type for tx in activity.transactions if tx.finance_type), None)
    by_finance = rules.finance_type_instrument.get(finance or "")
    if institution is Institution.IFC and by_finance is Instrument.IFC_EQUITY:
        return by_finance
    if institution.value in rules.institution_instrument:
        return rules.institution_instrument[institution.value]
    if by_finance is Instrument.GUARANTEE:
        return by_finance
    aid = next((code for vocabulary, code in activity.default_aid_types if vocabulary in (None, "1")), "")
    return rules.aid_type_instrument.get(aid) or rules.aid_type_instrument[""]


def sector_shares(activity: IatiActivity, rules: IatiRules) -> list[dict[str, Any]]:
    """The sectors of each vocabulary whose percentages make shares (adding up to 100%).

    Each is the fields of a :class:`SectorShare`, which the project validates
    (in one pass, cheaper than a model per sector).
    """
    groups: dict[str, list[IatiShare]] = defaultdict(list)
    for sector in activity.sectors:
        groups[sector.vocabulary or "1"].append(sector)
    out: list[dict[str, Any]] = []
    for vocabulary, sectors in groups.items():
        if len(sectors) == 1 and sectors[0].percentage is None:
            percentages = [_HUNDRED]
        elif all(s.percentage is not None for s in sectors):
            percentages = [s.percentage or Decimal(0) for s in sectors]
        else:
            continue
        if abs(sum(percentages, Decimal(0)) - _HUNDRED) > _TOLERANCE:
            continue
        names = rules.sector_names.get(vocabulary, {})
        for sector, percentage in zip(sectors, percentages, strict=True):
            if percentage > 0:
                name = english(sector.names, activity.lang) or names.get(sector.code)
                out.append({"code": sector.code, "vocabulary": vocabulary, "name": name, "percentage": percentage})
    return out


def _org_name(org: IatiOrg, lang: str | None) -> str | None:
    return english(org.names, lang) or org.ref


def to_project(activity: IatiActivity, *, source: str, rules: IatiRules | None = None) -> Project:
    """The core project of an IATI activity.

    Raises:
        DataError: the activity has no activity-status (the standard requires one).
        UnsupportedActivity: the core model cannot hold it (no recipient country, incoherent dates…).
    """
    rules = rules or iati_rules()
    if activity.status is None:
        raise DataError("has no activity-status", record=f"activity {activity.identifier}", field="activity-status")
    country = country_of(activity)
    if country is None:
        raise _unsupported(
            activity, "names no recipient-country (regional activities are not stored)", "recipient-country"
        )
    institution = institution_of(activity, rules)
    lang = activity.lang
    general = next((n for kind, n in activity.descriptions if kind in (None, "1")), None)
    implementing = next((o for o in activity.participating_orgs if o.role == _IMPLEMENTING), None)
    # nested records as plain fields: the project validates them in one call (a model each costs more)
    locations = [
        {
            "name": english(loc.names, lang) or loc.ref or f"location {i + 1}",
            "kind": rules.location_kind.get(loc.location_class or "", LocationKind.SITE),
            "lat": loc.lat,
            "lon": loc.lon,
        }
        for i, loc in enumerate(activity.locations)
    ]
    dates = {
        "approval": activity.date_of("2") or activity.date_of("1"),
        "original_closing": activity.date_of("3"),
        "revised_closing": activity.date_of("4"),
    }
    try:
        return Project(
            id=activity.identifier,
            name=activity.title or activity.identifier,
            country=country,
            institution=institution,
            instrument=instrument_of(activity, institution, rules),
            status=rules.status[activity.status],
            dates=dates,
            sectors=sector_shares(activity, rules),
            locations=locations,
            implementing_agency=_org_name(implementing, lang) if implementing else None,
            description=english(general, lang) if general else None,
            source=source,
        )
    except ValidationError as exc:
        field, message = first_error(exc)
        raise _unsupported(activity, message, field) from None
