"""IATI activities as cpfkit keeps them: every element it imports and exports, as plain typed values.

An IATI activity becomes a :class:`~cpfkit.model.Project` (its core) plus this
record, which holds what the core model has no place for: titles in every
language, the reporting and participating organisations, recipient countries
and regions with percentages, sectors with their vocabularies, locations,
budgets, transaction details (IATI type, value date, provider and receiver)
and results with indicators and periods.  ``docs/iati.md`` maps each field.

These are named tuples rather than validated records: an importer builds
hundreds of thousands of them (a named tuple is several times cheaper to
create than a frozen dataclass), and the reader has already checked every
value against the IATI codelists and formats.  Codes stay as
the strings the standard defines; amounts are exact decimals; narratives are
``(language, text)`` pairs with ``None`` for "the activity's language".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

Day = date  # the field ``date`` of a transaction hides the type inside its class

__all__ = [
    "IatiActivity",
    "IatiBudget",
    "IatiIndicator",
    "IatiLocation",
    "IatiOrg",
    "IatiPeriod",
    "IatiResult",
    "IatiShare",
    "IatiTransaction",
    "IatiValue",
    "Narrative",
    "english",
]

Narrative = tuple[str | None, str]
"""One ``<narrative>``: its ``xml:lang`` (None when it takes the activity's language) and its text."""


def english(narratives: tuple[Narrative, ...], default_lang: str | None = "en") -> str | None:
    """The English text of a list of narratives, else the first one (None when there is none).

    A narrative without ``xml:lang`` is in the activity's language (``default_lang``).

    Examples:
        >>> english((("fr", "Titre"), (None, "Title")))
        'Title'
        >>> english((("fr", "Titre"),))
        'Titre'
        >>> english(((None, "Titre"), ("en", "Title")), default_lang="fr")
        'Title'
    """
    for lang, text in narratives:
        if (lang or default_lang or "en").lower() == "en":
            return text
    return narratives[0][1] if narratives else None


class IatiOrg(NamedTuple):
    """An organisation as IATI names it: reporting-org, participating-org, provider-org or receiver-org.

    ``role`` is set for participating organisations (OrganisationRole code),
    ``activity_id`` is the organisation's own activity identifier (the
    ``activity-id``, ``provider-activity-id`` or ``receiver-activity-id``
    attribute), ``secondary_reporter`` is kept as written for reporting-org.
    """

    ref: str | None
    type: str | None
    names: tuple[Narrative, ...] = ()
    role: str | None = None
    activity_id: str | None = None
    crs_channel_code: str | None = None
    secondary_reporter: str | None = None


class IatiShare(NamedTuple):
    """A coded share of an activity: a recipient country, a recipient region or a sector."""

    code: str
    vocabulary: str | None = None
    vocabulary_uri: str | None = None
    percentage: Decimal | None = None
    names: tuple[Narrative, ...] = ()


class IatiLocation(NamedTuple):
    """A ``<location>``: names, gazetteer and administrative codes, and a point (latitude, longitude)."""

    ref: str | None = None
    reach: str | None = None
    ids: tuple[tuple[str | None, str | None], ...] = ()  # location-id (vocabulary, code)
    names: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    activity_descriptions: tuple[Narrative, ...] = ()
    administrative: tuple[tuple[str | None, str | None, str | None], ...] = ()  # (vocabulary, level, code)
    lat: Decimal | None = None
    lon: Decimal | None = None
    exactness: str | None = None
    location_class: str | None = None
    feature_designation: str | None = None


class IatiBudget(NamedTuple):
    """A ``<budget>``: an amount for a period, original or revised, indicative or committed."""

    type: str | None
    status: str | None
    period_start: date
    period_end: date
    value: Decimal
    currency: str
    value_date: date | None = None


class IatiTransaction(NamedTuple):
    """A ``<transaction>`` with its IATI type code, value date, organisations and classifications.

    ``currency`` is the value's own currency or, when it has none, the
    activity's default currency.  ``aid_types`` are ``(vocabulary, code)`` pairs.
    """

    type: str
    date: Day
    value: Decimal
    currency: str
    value_date: Day | None = None
    ref: str | None = None
    humanitarian: str | None = None
    descriptions: tuple[Narrative, ...] = ()
    provider: IatiOrg | None = None
    receiver: IatiOrg | None = None
    disbursement_channel: str | None = None
    sectors: tuple[IatiShare, ...] = ()
    recipient_country: IatiShare | None = None
    recipient_region: IatiShare | None = None
    flow_type: str | None = None
    finance_type: str | None = None
    aid_types: tuple[tuple[str | None, str], ...] = ()
    tied_status: str | None = None


class IatiValue(NamedTuple):
    """A baseline, target or actual of an indicator.

    ``value`` is kept as written (the standard makes it a string: qualitative
    measures may omit it); :attr:`number` is its exact value when it is one.
    ``year`` and ``iso_date`` are set for baselines only.
    """

    value: str | None = None
    comments: tuple[Narrative, ...] = ()
    dimensions: tuple[tuple[str, str], ...] = ()
    locations: tuple[str, ...] = ()
    year: str | None = None
    iso_date: date | None = None

    @property
    def number(self) -> Decimal | None:
        """The value as an exact decimal, or None when it is absent or not a number."""
        if self.value is None:
            return None
        try:
            number = Decimal(self.value)
        except ArithmeticError:
            return None
        return number if number.is_finite() else None


class IatiPeriod(NamedTuple):
    """A reporting period of an indicator with its targets and actuals."""

    start: date
    end: date
    targets: tuple[IatiValue, ...] = ()
    actuals: tuple[IatiValue, ...] = ()


class IatiIndicator(NamedTuple):
    """An indicator of a result: measure, direction, baselines and periods.

    ``references`` are ``(vocabulary, code, indicator_uri)`` triples.
    """

    measure: str
    ascending: str | None = None
    aggregation_status: str | None = None
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    references: tuple[tuple[str | None, str | None, str | None], ...] = ()
    baselines: tuple[IatiValue, ...] = ()
    periods: tuple[IatiPeriod, ...] = ()


class IatiResult(NamedTuple):
    """A ``<result>`` (output, outcome, impact) with its indicators."""

    type: str
    aggregation_status: str | None = None
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[Narrative, ...] = ()
    indicators: tuple[IatiIndicator, ...] = ()


class IatiActivity(NamedTuple):
    """One ``<iati-activity>`` as cpfkit keeps it.

    ``dates`` are ``(ActivityDateType code, date)`` pairs in file order;
    ``descriptions`` are ``(DescriptionType code, narratives)``;
    ``related`` are ``(RelatedActivityType code, identifier)``.
    """

    identifier: str
    reporting_org: IatiOrg
    lang: str | None = None
    default_currency: str | None = None
    hierarchy: str | None = None
    last_updated: str | None = None
    humanitarian: str | None = None
    titles: tuple[Narrative, ...] = ()
    descriptions: tuple[tuple[str | None, tuple[Narrative, ...]], ...] = ()
    participating_orgs: tuple[IatiOrg, ...] = ()
    status: str | None = None
    dates: tuple[tuple[str, date], ...] = ()
    scope: str | None = None
    recipient_countries: tuple[IatiShare, ...] = ()
    recipient_regions: tuple[IatiShare, ...] = ()
    sectors: tuple[IatiShare, ...] = ()
    locations: tuple[IatiLocation, ...] = ()
    collaboration_type: str | None = None
    default_flow_type: str | None = None
    default_finance_type: str | None = None
    default_aid_types: tuple[tuple[str | None, str], ...] = ()
    default_tied_status: str | None = None
    budgets: tuple[IatiBudget, ...] = ()
    transactions: tuple[IatiTransaction, ...] = ()
    related: tuple[tuple[str, str], ...] = ()
    results: tuple[IatiResult, ...] = ()

    @property
    def title(self) -> str | None:
        """The English title (else the first one given)."""
        return english(self.titles, self.lang)

    def date_of(self, kind: str) -> date | None:
        """The activity date of one ActivityDateType code (1 planned start … 4 actual end)."""
        for code, on in self.dates:
            if code == kind:
                return on
        return None
