"""An IATI activity and its core project as rows ready for bulk insertion.

Importing a whole-registry file means millions of rows, so the importer
builds plain tuples in the column order of :data:`~cpfkit.store.iati.columns.COLUMNS` — values already
in the form the database keeps (ISO dates, decimal text, JSON text) — and the
writer sends them with one ``executemany`` per table.  The tuples are cheap
to build in worker processes and to pass between them.

Transactions go to the core ``transactions`` table (origin ``iati``), with
their US-dollar value at the rate of the value date (the IATI date for
currency conversion) and, in ``extra``, what only IATI has.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, NamedTuple

from cpfkit.model import FxRates, Project, TransactionType
from cpfkit.model.iati import IatiActivity, english
from cpfkit.store.iati.columns import CHILD_TABLES, IATI_ORIGIN
from cpfkit.store.iati.json_text import (
    ISO_TEXT,
    day_text,
    decimal_text,
    iso_text,
    json_list,
    narrative_pairs,
    narratives_json,
    total_text,
    transaction_extra_json,
    values_json_text,
)

__all__ = ["ActivityRows", "FxCache", "TxStats", "activity_rows"]

_CENT = Decimal("0.01")

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
        day_text(d.approval),
        day_text(d.original_closing),
        day_text(d.revised_closing),
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
        narratives_json(rep.names),
        narratives_json(activity.titles),
        json_list([[kind, narrative_pairs(n)] for kind, n in activity.descriptions]),
        activity.status,
        json_list([[kind, iso_text(on)] for kind, on in activity.dates]),
        activity.scope,
        activity.collaboration_type,
        activity.default_flow_type,
        activity.default_finance_type,
        json_list([list(a) for a in activity.default_aid_types]),
        activity.default_tied_status,
        json_list([list(r) for r in activity.related]),
    )
    children: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CHILD_TABLES}
    children["iati_participating_orgs"] = [
        (pid, i, o.role, o.ref, o.type, o.activity_id, o.crs_channel_code, narratives_json(o.names))
        for i, o in enumerate(activity.participating_orgs)
    ]
    recipients = children["iati_recipients"]
    for kind, shares in (("country", activity.recipient_countries), ("region", activity.recipient_regions)):
        for i, s in enumerate(shares):
            recipients.append(
                (
                    pid,
                    kind,
                    i,
                    s.code,
                    s.vocabulary,
                    s.vocabulary_uri,
                    decimal_text(s.percentage),
                    narratives_json(s.names),
                )
            )
    children["iati_sectors"] = [
        (pid, i, s.code, s.vocabulary, s.vocabulary_uri, decimal_text(s.percentage), narratives_json(s.names))
        for i, s in enumerate(activity.sectors)
    ]
    children["iati_locations"] = [
        (
            pid,
            i,
            loc.ref,
            loc.reach,
            json_list([list(x) for x in loc.ids]),
            narratives_json(loc.names),
            narratives_json(loc.descriptions),
            narratives_json(loc.activity_descriptions),
            json_list([list(x) for x in loc.administrative]),
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
            iso_text(b.period_start),
            iso_text(b.period_end),
            decimal_text(b.value),
            b.currency,
            day_text(b.value_date),
        )
        for i, b in enumerate(activity.budgets)
    ]
    n_indicators = n_periods = 0
    for r, result in enumerate(activity.results):
        children["iati_results"].append(
            (
                pid,
                r,
                result.type,
                result.aggregation_status,
                narratives_json(result.titles),
                narratives_json(result.descriptions),
            )
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
                    narratives_json(ind.titles),
                    narratives_json(ind.descriptions),
                    json_list([list(x) for x in ind.references]),
                    values_json_text(ind.baselines),
                    decimal_text(first.number) if first is not None else None,
                    day_text(first.iso_date) if first is not None else None,
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
                        iso_text(period.start),
                        iso_text(period.end),
                        total_text(period.targets),
                        total_text(period.actuals),
                        values_json_text(period.targets),
                        values_json_text(period.actuals),
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
    iso = ISO_TEXT
    type_values = {code: kind.value for code, kind in types.items()}
    for position, tx in enumerate(activity.transactions):
        on = tx.date
        day = iso.get(on)
        if day is None:
            day = iso_text(on)
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
