"""An IATI activity and its core project as rows ready for bulk insertion.

Importing a whole-registry file means millions of rows, so the importer
builds plain tuples in the column order of :data:`COLUMNS` — values already
in the form the database keeps (ISO dates, decimal text, JSON text) — and the
writer sends them with one ``executemany`` per table.  The tuples are cheap
to build in worker processes and to pass between them.

Transactions go to the core ``transactions`` table (origin ``iati``), with
their US-dollar value at the rate of the value date (the IATI date for
currency conversion) and, in ``extra``, what only IATI has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, NamedTuple

from cpfkit.model import FxRates, Project, TransactionType
from cpfkit.model.iati import IatiActivity, IatiOrg, IatiShare, IatiTransaction, IatiValue, Narrative, english

__all__ = [
    "COLUMNS",
    "IATI_ORIGIN",
    "ActivityRows",
    "FxCache",
    "TxStats",
    "activity_rows",
    "decimal_text",
    "TRANSACTION_EXTRA",
    "transaction_extra_json",
    "values_json",
]

IATI_ORIGIN = "iati"
_CENT = Decimal("0.01")
_ISO: dict[date, str] = {}  # ISO text of the dates seen
_ISO_MAX = 100_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "projects": (
        "id",
        "name",
        "country",
        "institution",
        "instrument",
        "status",
        "approval_date",
        "original_closing_date",
        "revised_closing_date",
        "implementing_agency",
        "description",
        "source",
        "illustrative",
        "illustrative_fields",
        "version",
    ),
    "iati_activities": (
        "project_id",
        "content_hash",
        "source_file",
        "file_version",
        "lang",
        "default_currency",
        "hierarchy",
        "last_updated",
        "humanitarian",
        "reporting_org_ref",
        "reporting_org_type",
        "reporting_org_secondary",
        "reporting_org_names",
        "titles",
        "descriptions",
        "status",
        "dates",
        "scope",
        "collaboration_type",
        "default_flow_type",
        "default_finance_type",
        "default_aid_types",
        "default_tied_status",
        "related",
    ),
    "iati_participating_orgs": (
        "project_id",
        "position",
        "role",
        "ref",
        "type",
        "activity_id",
        "crs_channel_code",
        "names",
    ),
    "iati_recipients": (
        "project_id",
        "kind",
        "position",
        "code",
        "vocabulary",
        "vocabulary_uri",
        "percentage",
        "names",
    ),
    "iati_sectors": ("project_id", "position", "code", "vocabulary", "vocabulary_uri", "percentage", "names"),
    "iati_locations": (
        "project_id",
        "position",
        "ref",
        "reach",
        "ids",
        "names",
        "descriptions",
        "activity_descriptions",
        "administrative",
        "lat",
        "lon",
        "exactness",
        "location_class",
        "feature_designation",
    ),
    "iati_budgets": (
        "project_id",
        "position",
        "type",
        "status",
        "period_start",
        "period_end",
        "value",
        "currency",
        "value_date",
    ),
    "iati_results": ("project_id", "result_pos", "type", "aggregation_status", "titles", "descriptions"),
    "iati_indicators": (
        "project_id",
        "result_pos",
        "indicator_pos",
        "measure",
        "ascending",
        "aggregation_status",
        "titles",
        "descriptions",
        "references",
        "baselines",
        "baseline_value",
        "baseline_date",
    ),
    "iati_periods": (
        "project_id",
        "result_pos",
        "indicator_pos",
        "period_pos",
        "period_start",
        "period_end",
        "target_value",
        "actual_value",
        "targets",
        "actuals",
    ),
    "project_sectors": ("project_id", "code", "vocabulary", "name", "percentage"),
    "project_locations": ("project_id", "name", "kind", "region", "lat", "lon"),
    "transactions": (
        "project_id",
        "type",
        "date",
        "amount",
        "currency",
        "amount_usd",
        "fx_rate",
        "fx_period",
        "note",
        "extra",
        "origin",
        "source",
        "illustrative",
        "illustrative_fields",
        "version",
    ),
}
"""The columns each row tuple fills, by table (the writer inserts them in this order)."""

_CHILD_TABLES = (
    "iati_participating_orgs",
    "iati_recipients",
    "iati_sectors",
    "iati_locations",
    "iati_budgets",
    "iati_results",
    "iati_indicators",
    "iati_periods",
    "project_sectors",
    "project_locations",
    "transactions",
)

TxStats = dict[tuple[str, str], tuple[int, Decimal]]
"""Count and exact sum of an activity's transactions by (IATI type code, currency)."""


class ActivityRows(NamedTuple):
    """Everything one activity adds to the store, as row tuples by table."""

    project_id: str
    content_hash: str
    project: tuple[Any, ...]
    activity: tuple[Any, ...]
    children: dict[str, list[tuple[Any, ...]]]
    tx_stats: TxStats
    indicators: int
    periods: int
    line: int = 0
    warnings: tuple[tuple[int, str, str], ...] = ()


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal as the exact text the store keeps (``format(value, 'f')``).

    Examples:
        >>> decimal_text(Decimal("1E+3")), decimal_text(Decimal("-0.50"))
        ('1000', '-0.50')
    """
    if value is None:
        return None
    text = str(value)  # the same digits as format "f" unless in exponent form, and three times cheaper
    return text if "E" not in text else format(value, "f")


def _iso(value: date) -> str:
    """A date's ISO text, from a cache (``date.isoformat`` is slow, and a file repeats its dates)."""
    text = _ISO.get(value)
    if text is None:
        if len(_ISO) >= _ISO_MAX:
            _ISO.clear()
        text = _ISO[value] = value.isoformat()
    return text


def _day(value: date | None) -> str | None:
    return None if value is None else _iso(value)


_string = json.encoder.encode_basestring
_DQ = '"'


def _not_json(value: Any) -> Any:
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# the C encoder, built once (json.dumps builds one per call, which costs more than the encoding)
_make = getattr(json.encoder, "c_make_encoder", None)
_c_encode = (
    _make(None, _not_json, json.encoder.encode_basestring, None, ":", ",", False, False, True) if _make else None
)


def _fast(value: Any) -> str:
    """Compact JSON text (UTF-8 kept as is) of lists, tuples, dicts, strings, numbers and None."""
    if _c_encode is None:  # pragma: no cover - CPython always has the C encoder
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_not_json)
    return "".join(_c_encode(value, 0))


_encode = _fast


def _json(value: Any) -> str:
    return _encode(value) if value else "[]"


def _jnarr(narratives: tuple[Narrative, ...]) -> str:
    """Narratives as JSON text, ``[[lang, text], ...]`` (the most frequent column)."""
    if not narratives:
        return "[]"
    if len(narratives) == 1:  # the most frequent case, written by hand; else the C encoder is quicker
        lang, text = narratives[0]
        return "[[" + ("null" if lang is None else _string(lang)) + "," + _string(text) + "]]"
    return _fast(narratives)


def _narr(narratives: Iterable[Narrative]) -> list[list[str | None]]:
    return [[lang, text] for lang, text in narratives]


TRANSACTION_EXTRA = (
    "type",
    "value_date",
    "ref",
    "humanitarian",
    "descriptions",
    "provider",
    "receiver",
    "disbursement_channel",
    "sectors",
    "recipient_country",
    "recipient_region",
    "flow_type",
    "finance_type",
    "aid_types",
    "tied_status",
    "position",
)
"""What ``extra["iati"]`` of an imported transaction holds, in order: an array, not an object, because
hundreds of thousands are written per file.  Organisations are ``[ref, type, names, role, activity_id,
crs_channel_code, secondary_reporter]``, shares ``[code, vocabulary, vocabulary_uri, percentage, names]``,
narratives ``[[lang, text], …]``, aid types ``[[vocabulary, code], …]``, the value date ISO text, and
``position`` the transaction's place in its activity."""


def _share_row(share: IatiShare | None) -> tuple[Any, ...] | None:
    if share is None:
        return None
    return (share.code, share.vocabulary, share.vocabulary_uri, decimal_text(share.percentage), share.names)


_ORG_JSON: dict[IatiOrg, str] = {}
"""JSON text of the provider and receiver organisations seen (they repeat across a file's transactions)."""
_ORG_JSON_MAX = 20_000


def _org_json(org: IatiOrg | None) -> str:
    if org is None:
        return "null"
    text = _ORG_JSON.get(org)
    if text is None:
        if len(_ORG_JSON) >= _ORG_JSON_MAX:
            _ORG_JSON.clear()
        text = _ORG_JSON[org] = _fast(org)
    return text


def _opt(text: str | None) -> str:
    return "null" if text is None else _string(text)


def transaction_extra_json(tx: IatiTransaction, position: int) -> str:
    """``{"iati": [...]}`` (see :data:`TRANSACTION_EXTRA`) as JSON text, for one transaction.

    Written piece by piece (the organisations' text cached), the same text as ``_fast`` of the array.
    """
    value_date = tx.value_date
    head = (
        f'{{"iati":[{_string(tx.type)},{"null" if value_date is None else _DQ + _iso(value_date) + _DQ},'
        f"{_opt(tx.ref)},{_opt(tx.humanitarian)},{_jnarr(tx.descriptions)},"
        f"{_org_json(tx.provider)},{_org_json(tx.receiver)},{_opt(tx.disbursement_channel)},"
    )
    if tx.sectors or tx.recipient_country is not None or tx.recipient_region is not None:
        shares = _fast(
            (
                [_share_row(x) for x in tx.sectors],
                _share_row(tx.recipient_country),
                _share_row(tx.recipient_region),
            )
        )[1:-1]
    else:
        shares = "[],null,null"
    aid = _fast(tx.aid_types) if tx.aid_types else "[]"
    return f"{head}{shares},{_opt(tx.flow_type)},{_opt(tx.finance_type)},{aid},{_opt(tx.tied_status)},{position}]}}"


def _jvalues(values: Sequence[IatiValue]) -> str:
    """Targets, actuals or baselines as JSON text: ``[{value, year, iso_date, comments, dimensions, locations}]``."""
    if not values:
        return "[]"
    out = []
    for v in values:
        parts = []
        if v.value is not None:
            parts.append('"value":' + _string(v.value))
        if v.year is not None:
            parts.append('"year":' + _string(v.year))
        if v.iso_date is not None:
            parts.append('"iso_date":"' + _iso(v.iso_date) + '"')
        if v.comments:
            parts.append('"comments":' + _jnarr(v.comments))
        if v.dimensions:
            parts.append('"dimensions":' + _encode(v.dimensions))
        if v.locations:
            parts.append('"locations":' + _encode(v.locations))
        out.append("{" + ",".join(parts) + "}")
    return "[" + ",".join(out) + "]"


def values_json(values: Sequence[IatiValue]) -> list[dict[str, Any]]:
    """Targets, actuals or baselines as the JSON data :func:`_jvalues` writes (for tests and readers)."""
    return [_value(v) for v in values]


def _value(value: IatiValue) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if value.value is not None:
        out["value"] = value.value
    if value.year is not None:
        out["year"] = value.year
    if value.iso_date is not None:
        out["iso_date"] = value.iso_date.isoformat()
    if value.comments:
        out["comments"] = _narr(value.comments)
    if value.dimensions:
        out["dimensions"] = [list(d) for d in value.dimensions]
    if value.locations:
        out["locations"] = list(value.locations)
    return out


def _total(values: Sequence[IatiValue]) -> str | None:
    """The number of the undisaggregated value (or of the only one)."""
    chosen = values[0] if len(values) == 1 else next((v for v in values if not v.dimensions), None)
    return decimal_text(chosen.number) if chosen is not None else None


class FxCache:
    """Exchange rates by (currency, year, month), looked up once each."""

    def __init__(self, fx: FxRates) -> None:
        self.fx = fx
        self._rates: dict[tuple[str, date], tuple[Decimal, str, str]] = {}

    def rate(self, currency: str, on: date) -> tuple[Decimal, str, str]:
        """US dollars per unit, the same as text, and the month of the rate used.

        Raises:
            FxRateMissing: no rate close enough (see ``docs/definitions.md``).
        """
        found = self._rates.get((currency, on))
        if found is None:
            used = self.fx.rate(currency, on)
            found = (used.usd_per_unit, format(used.usd_per_unit, "f"), used.period)
            self._rates[(currency, on)] = found
        return found


def activity_rows(
    activity: IatiActivity,
    project: Project,
    *,
    content_hash: str,
    source: str,
    file_version: str,
    fx: FxCache,
    types: dict[str, TransactionType],
) -> ActivityRows:
    """The rows of one activity (the project row, the IATI rows and the ledger).

    Raises:
        FxRateMissing: a transaction's currency cannot be converted at its value date.
    """
    pid = activity.identifier
    d = project.dates
    project_row = (
        pid,
        project.name,
        project.country,
        project.institution.value,
        project.instrument.value,
        project.status.value,
        _day(d.approval),
        _day(d.original_closing),
        _day(d.revised_closing),
        project.implementing_agency,
        project.description,
        source,
        False,
        "[]",
        1,
    )
    rep = activity.reporting_org
    activity_row = (
        pid,
        content_hash,
        source,
        file_version,
        activity.lang,
        activity.default_currency,
        activity.hierarchy,
        activity.last_updated,
        activity.humanitarian,
        rep.ref,
        rep.type,
        rep.secondary_reporter,
        _jnarr(rep.names),
        _jnarr(activity.titles),
        _json([[kind, _narr(n)] for kind, n in activity.descriptions]),
        activity.status,
        _json([[kind, _iso(on)] for kind, on in activity.dates]),
        activity.scope,
        activity.collaboration_type,
        activity.default_flow_type,
        activity.default_finance_type,
        _json([list(a) for a in activity.default_aid_types]),
        activity.default_tied_status,
        _json([list(r) for r in activity.related]),
    )
    children: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _CHILD_TABLES}
    children["iati_participating_orgs"] = [
        (pid, i, o.role, o.ref, o.type, o.activity_id, o.crs_channel_code, _jnarr(o.names))
        for i, o in enumerate(activity.participating_orgs)
    ]
    recipients = children["iati_recipients"]
    for kind, shares in (("country", activity.recipient_countries), ("region", activity.recipient_regions)):
        for i, s in enumerate(shares):
            recipients.append(
                (pid, kind, i, s.code, s.vocabulary, s.vocabulary_uri, decimal_text(s.percentage), _jnarr(s.names))
            )
    children["iati_sectors"] = [
        (pid, i, s.code, s.vocabulary, s.vocabulary_uri, decimal_text(s.percentage), _jnarr(s.names))
        for i, s in enumerate(activity.sectors)
    ]
    children["iati_locations"] = [
        (
            pid,
            i,
            loc.ref,
            loc.reach,
            _json([list(x) for x in loc.ids]),
            _jnarr(loc.names),
            _jnarr(loc.descriptions),
            _jnarr(loc.activity_descriptions),
            _json([list(x) for x in loc.administrative]),
            decimal_text(loc.lat),
            decimal_text(loc.lon),
            loc.exactness,
            loc.location_class,
            loc.feature_designation,
        )
        for i, loc in enumerate(activity.locations)
    ]
    children["iati_budgets"] = [
        (
            pid,
            i,
            b.type,
            b.status,
            _iso(b.period_start),
            _iso(b.period_end),
            decimal_text(b.value),
            b.currency,
            _day(b.value_date),
        )
        for i, b in enumerate(activity.budgets)
    ]
    n_indicators = n_periods = 0
    for r, result in enumerate(activity.results):
        children["iati_results"].append(
            (pid, r, result.type, result.aggregation_status, _jnarr(result.titles), _jnarr(result.descriptions))
        )
        for i, ind in enumerate(result.indicators):
            n_indicators += 1
            first = ind.baselines[0] if ind.baselines else None
            children["iati_indicators"].append(
                (
                    pid,
                    r,
                    i,
                    ind.measure,
                    ind.ascending,
                    ind.aggregation_status,
                    _jnarr(ind.titles),
                    _jnarr(ind.descriptions),
                    _json([list(x) for x in ind.references]),
                    _jvalues(ind.baselines),
                    decimal_text(first.number) if first is not None else None,
                    _day(first.iso_date) if first is not None else None,
                )
            )
            for p, period in enumerate(ind.periods):
                n_periods += 1
                children["iati_periods"].append(
                    (
                        pid,
                        r,
                        i,
                        p,
                        _iso(period.start),
                        _iso(period.end),
                        _total(period.targets),
                        _total(period.actuals),
                        _jvalues(period.targets),
                        _jvalues(period.actuals),
                    )
                )
    children["project_sectors"] = [
        (pid, s.code, s.vocabulary, s.name, decimal_text(s.percentage)) for s in project.sectors
    ]
    children["project_locations"] = [
        (pid, loc.name, loc.kind.value, loc.region, decimal_text(loc.lat), decimal_text(loc.lon))
        for loc in project.locations
    ]
    totals: dict[tuple[str, str], list[Any]] = {}
    ledger = children["transactions"]
    lang = activity.lang
    iso = _ISO
    type_values = {code: kind.value for code, kind in types.items()}
    for position, tx in enumerate(activity.transactions):
        on = tx.date
        day = iso.get(on)
        if day is None:
            day = _iso(on)
        value = tx.value
        amount = str(value)  # as decimal_text, inlined: this loop runs for every transaction of a file
        if "E" in amount:
            amount = format(value, "f")
        rate, rate_text, rate_month = fx.rate(tx.currency, tx.value_date or on)
        ledger.append(
            (
                pid,
                type_values[tx.type],
                day,
                amount,
                tx.currency,
                str((value * rate).quantize(_CENT, ROUND_HALF_EVEN)),  # two places: never in exponent form
                rate_text,
                rate_month,
                english(tx.descriptions, lang) if tx.descriptions else None,
                transaction_extra_json(tx, position),
                IATI_ORIGIN,
                source,
                False,
                "[]",
                1,
            )
        )
        key = (tx.type, tx.currency)
        entry = totals.get(key)
        if entry is None:
            totals[key] = [1, value]
        else:
            entry[0] += 1
            entry[1] += value
    stats: TxStats = {key: (count, total) for key, (count, total) in totals.items()}
    return ActivityRows(pid, content_hash, project_row, activity_row, children, stats, n_indicators, n_periods)
