"""The history of a record, readable: each change as ``field: old → new``, with the values' kinds known.

The audit trail (:mod:`cpfkit.store.audit`) keeps each change as the record's
values before and after, as JSON.  Here an entry becomes a list of
:class:`Change`: one per field that changed (nested fields such as
``dates.approval`` on their own), with the field's label, the kind of its
value (money, a date, a coded value with its label, ...) and the values as
stored, so that each interface writes them its own way: the command line in
English (:func:`as_text`), the pages in the reader's language
(``cpfkit.web.history``).

The labels here are the English originals; ``babel.cfg`` extracts them (the
calls of :func:`N_`) into the pages' catalogs, where they are translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from cpfkit.store import Store
from cpfkit.store.audit import AuditQuery
from cpfkit.workplace.editing import AuditEntry, audit_entries

__all__ = [
    "FACTOR_LABELS",
    "FIELD_LABELS",
    "SORT_LABELS",
    "VALUE_LABELS",
    "Change",
    "HistoryEntry",
    "N_",
    "as_text",
    "changes_of",
    "field_label",
    "history",
    "value_label",
]


def N_(message: str) -> str:  # noqa: N802 - the catalogs' marker, as in cpfkit.web.i18n
    """Mark an English label for the catalogs; it is translated where it is shown."""
    return message


FIELD_LABELS: dict[str, str] = {
    "id": N_("Identifier"),
    "code": N_("Code"),
    "name": N_("Name"),
    "full_name": N_("Full name"),
    "title": N_("Title"),
    "description": N_("Description"),
    "programme": N_("Programme"),
    "programmes": N_("Programmes"),
    "project": N_("Operation"),
    "country": N_("Country"),
    "institution": N_("Institution"),
    "instrument": N_("Instrument"),
    "status": N_("Status"),
    "dates.concept": N_("Concept"),
    "dates.approval": N_("Approval"),
    "dates.effectiveness": N_("Effectiveness"),
    "dates.original_closing": N_("Original closing"),
    "dates.revised_closing": N_("Revised closing"),
    "commitment": N_("Commitment"),
    "commitment_usd": N_("Commitment in US$"),
    "financing": N_("Co-financing"),
    "sectors": N_("Sectors"),
    "locations": N_("Places"),
    "links": N_("Programmes counting it"),
    "priority_areas": N_("Priority areas"),
    "objectives": N_("Objectives"),
    "objective": N_("Objective"),
    "priority_area": N_("Priority area"),
    "implementing_agency": N_("Implementing agency"),
    "borrower": N_("Borrower"),
    "reference_class": N_("Reference class"),
    "type": N_("Type"),
    "date": N_("Date"),
    "amount": N_("Amount"),
    "amount_usd": N_("Amount in US$"),
    "fx_rate": N_("Exchange rate (US$ per unit)"),
    "fx_period": N_("Rate period"),
    "note": N_("Note"),
    "source": N_("Source"),
    "illustrative": N_("Illustrative"),
    "illustrative_fields": N_("Illustrative fields"),
    "kind": N_("Kind"),
    "rating": N_("Rating"),
    "category": N_("SORT category"),
    "factors": N_("Lens"),
    "mitigation": N_("Mitigation"),
    "owner": N_("Owner"),
    "opened": N_("Opened"),
    "closed": N_("Closed"),
    "closing_note": N_("Closing note"),
    "indicator": N_("Indicator"),
    "value": N_("Value"),
    "weight": N_("Weight"),
    "verified": N_("Verified"),
    "qualifier": N_("Bound"),
    "quote": N_("Quoted sentence"),
    "unit": N_("Unit"),
    "direction": N_("Direction"),
    "aggregation": N_("Aggregation"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "headline": N_("Headline"),
    "published": N_("Published value"),
    "overlaps": N_("Overlaps"),
    "position": N_("Position"),
    "cross_cutting": N_("Cross-cutting"),
    "period_start": N_("Period start"),
    "period_end": N_("Period end"),
    "fy_start_month": N_("First month of the fiscal year"),
    "envelope": N_("Envelope"),
    "ibrd_exposure_limit": N_("IBRD exposure limit"),
    "discount_rate": N_("Discount rate"),
    "mobilisation_attribution": N_("Attribution of mobilisation"),
    "role": N_("Role"),
    "active": N_("Active"),
    "demo": N_("Demo account"),
    "locale": N_("Language"),
    "password": N_("Password"),
    "user": N_("User"),
    "prefix": N_("Starts with"),
    "parent": N_("Made with token"),
    "created_at": N_("Created"),
    "expires_at": N_("Expires"),
    "last_used_at": N_("Last used"),
    "revoked_at": N_("Revoked"),
    "revoked_with": N_("Revoked with token"),
    "deleted_at": N_("Deleted"),
    "folder": N_("Folder"),
    "projects": N_("Operations"),
    "carried_over": N_("Operations carried over"),
    "transactions": N_("Transactions"),
    "measurements": N_("Measurements"),
    "ratings": N_("Ratings"),
    "sort_ratings": N_("SORT ratings"),
    "origin": N_("Origin"),
    "vocabulary": N_("Vocabulary"),
    "percentage": N_("Share, %"),
    "financier": N_("Financier"),
    "mechanism": N_("Mechanism"),
    "mobilised_by": N_("Mobilised by"),
    "co_mobilisers": N_("Co-mobilisers"),
    "region": N_("Region"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "fy": N_("Fiscal year"),
    "total": N_("Total"),
    "by_institution": N_("By institution"),
    "carried_from": N_("Carried over from"),
}
"""The label of each field the trail records (by its path; a nested field not listed takes its last part's)."""

SORT_LABELS = {
    "political-governance": N_("Political and governance"),
    "macroeconomic": N_("Macroeconomic"),
    "sector-strategies": N_("Sector strategies and policies"),
    "technical-design": N_("Technical design"),
    "institutional-capacity": N_("Institutional capacity"),
    "fiduciary": N_("Fiduciary"),
    "environment-social": N_("Environment and social"),
    "stakeholders": N_("Stakeholders"),
    "other": N_("Other"),
    "overall": N_("Overall"),
}
"""The names of the SORT categories (the history's and the risk pages', translated where shown)."""

FACTOR_LABELS = {
    "resilience": N_("Climate and disaster resilience"),
    "supply-chain": N_("Supply chain"),
    "macroeconomic": N_("Macroeconomic"),
    "regional-spillover": N_("Regional spillover"),
}
"""The names of the framework's risk lenses (register factors)."""

VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {
        "draft": N_("draft"),
        "active": N_("active"),
        "completed": N_("completed"),
        "pipeline": N_("pipeline"),
        "closed": N_("closed"),
        "dropped": N_("dropped"),
        "open": N_("open"),
    },
    "category": SORT_LABELS,
    "factors": FACTOR_LABELS,
    "rating": {
        "Low": N_("Low"),
        "Moderate": N_("Moderate"),
        "Substantial": N_("Substantial"),
        "High": N_("High"),
        "HS": N_("Highly Satisfactory"),
        "S": N_("Satisfactory"),
        "MS": N_("Moderately Satisfactory"),
        "MU": N_("Moderately Unsatisfactory"),
        "U": N_("Unsatisfactory"),
        "HU": N_("Highly Unsatisfactory"),
    },
    "type": {
        "commitment": N_("Commitment"),
        "disbursement": N_("Disbursement"),
        "cancellation": N_("Cancellation"),
        "incoming-funds": N_("Incoming funds"),
        "expenditure": N_("Expenditure"),
        "interest-payment": N_("Interest payment"),
        "loan-repayment": N_("Loan repayment"),
        "reimbursement": N_("Reimbursement"),
        "purchase-of-equity": N_("Purchase of equity"),
        "sale-of-equity": N_("Sale of equity"),
        "credit-guarantee": N_("Credit guarantee"),
        "incoming-commitment": N_("Incoming commitment"),
        "outgoing-pledge": N_("Outgoing pledge"),
        "incoming-pledge": N_("Incoming pledge"),
    },
    "kind": {
        "DO": N_("Development objective"),
        "IP": N_("Implementation progress"),
        "FM": N_("Financial management"),
        "procurement": N_("Procurement"),
        "M&E": N_("Monitoring and evaluation"),
        "PM": N_("Project management"),
        "E&S": N_("Environment and social"),
        "objective": N_("objective indicator"),
        "supplementary": N_("supplementary indicator"),
        "country": N_("country"),
        "region": N_("region"),
        "city": N_("city"),
        "site": N_("site"),
        "public": N_("public"),
        "private-direct": N_("private-direct"),
        "private-indirect": N_("private-indirect"),
    },
    "role": {"viewer": N_("viewer"), "editor": N_("editor"), "admin": N_("admin")},
    "direction": {"increase": N_("increase"), "decrease": N_("decrease"), "maintain": N_("maintain")},
    "aggregation": {
        "sum": N_("sum"),
        "max": N_("largest value"),
        "weighted_mean": N_("weighted mean"),
        "harmonic_mean": N_("harmonic mean"),
    },
    "qualifier": {"at_least": N_("at least"), "at_most": N_("at most")},
    "locale": {"en": N_("English"), "ru": N_("Russian"), "kk": N_("Kazakh")},
}
"""Labels of coded values, by the field (its last part) that holds them."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_DECIMAL_FIELDS = frozenset({"value", "weight", "percentage", "lat", "lon", "fx_rate", "discount_rate", "amount"})
"""Fields whose values are exact decimals, which JSON (and so the audit trail) holds as strings of their digits."""
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_SECRETS = frozenset({"password"})
_BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})  # the entry itself says these
_NEW = frozenset({"create", "load", "reload"})  # entries that say what came in, with nothing before


@dataclass(frozen=True)
class Change:
    """One field of a record, before and after a change.

    ``kind`` says how to read the values: ``money`` (``{"amount", "currency"}``), ``usd`` (a number of US
    dollars), ``date``, ``time`` (ISO text), ``label`` (a code with a label in :data:`VALUE_LABELS`), ``flag``
    (true or false), ``number``, ``text``, ``list`` (of any of these), ``items`` (a list of nested records),
    ``secret`` (never shown).  ``old`` and ``new`` are the values as the trail keeps them (None: empty).
    """

    field: str
    label: str
    kind: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    """One entry of a record's history: who, when, through which door, what, and the changes."""

    id: int
    at: datetime
    actor: str
    via: str
    action: str
    entity: str
    entity_id: str
    version: int | None
    changes: tuple[Change, ...]

    @property
    def created(self) -> bool:
        """Whether the entry brought the record in (its changes have only new values)."""
        return self.action in _NEW


def field_label(path: str) -> str:
    """The English label of a field (``dates.approval`` → ``Approval``).

    Examples:
        >>> field_label("dates.approval"), field_label("commitment_usd"), field_label("envelope.2027.total")
        ('Approval', 'Commitment in US$', 'Envelope 2027 total')
    """
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    head, _, rest = path.partition(".")
    if head in FIELD_LABELS and rest:
        return f"{FIELD_LABELS[head]} {rest.replace('.', ' ').replace('_', ' ')}"
    return path.replace(".", " ").replace("_", " ").capitalize()


def value_label(field: str, value: str) -> str | None:
    """The English label of a coded value of a field, if it has one (``rating`` ``MS`` → Moderately Satisfactory)."""
    return VALUE_LABELS.get(field.rsplit(".", 1)[-1], {}).get(value)


def _is_money(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"amount", "currency"}


def _kind(path: str, value: Any) -> str:
    last = path.rsplit(".", 1)[-1]
    if last in _SECRETS:
        return "secret"
    if _is_money(value):
        return "money"
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, (int, float, Decimal)) or (
        isinstance(value, str) and _DECIMAL_TEXT.match(value) and (last.endswith("_usd") or last in _DECIMAL_FIELDS)
    ):
        return "usd" if last.endswith("_usd") else "number"
    if isinstance(value, list):
        return "items" if any(isinstance(v, Mapping) for v in value) else "list"
    if isinstance(value, str):
        if last in VALUE_LABELS:
            return "label"
        if _DATE.match(value):
            return "date"
        if _TIME.match(value):
            return "time"
    return "text"


def _leaves(value: Any, prefix: str, out: dict[str, Any]) -> None:
    """Nested records as dotted paths; money and lists stay whole."""
    if isinstance(value, Mapping) and not _is_money(value):
        for key, item in value.items():
            _leaves(item, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


def changes_of(action: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[Change]:
    """The changed fields of an audit entry, in the record's order.

    A creation lists what the record was created with (empty fields left out); a deletion or a restoration
    lists only what it changed (the deletion time), not the whole record it kept.

    Examples:
        >>> [(c.field, c.kind, c.old, c.new) for c in changes_of(
        ...     "update",
        ...     {"status": "active", "dates": {"approval": "2025-09-01", "effectiveness": None}},
        ...     {"status": "closed", "dates": {"approval": "2024-01-15", "effectiveness": None}},
        ... )]
        [('status', 'label', 'active', 'closed'), ('dates.approval', 'date', '2025-09-01', '2024-01-15')]
        >>> [(c.field, c.kind) for c in changes_of("update", {"amount_usd": "40", "value": "2.5", "code": "21020"},
        ...                                         {"amount_usd": "60", "value": "3", "code": "21030"})]
        [('amount_usd', 'usd'), ('value', 'number'), ('code', 'text')]
    """
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    _leaves(before or {}, "", old)
    _leaves(after or {}, "", new)
    if action in ("delete", "restore"):
        keys = list(new)
    else:
        keys = list(dict.fromkeys([*new, *old]))
    out = []
    for key in keys:
        if key in _BOOKKEEPING:
            continue
        was, now = old.get(key), new.get(key)
        if was == now or (action in _NEW and now in (None, [], "")):
            continue
        kind = _kind(key, now if now is not None else was)
        out.append(Change(key, field_label(key), kind, was, now))
    return out


def entry_of(entry: AuditEntry) -> HistoryEntry:
    """The readable form of one audit entry."""
    return HistoryEntry(
        id=entry.id,
        at=entry.at,
        actor=entry.actor,
        via=entry.via,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        version=entry.version,
        changes=tuple(changes_of(entry.action, entry.before, entry.after)),
    )


def history(
    store: Store, entity_id: str, *, entity: str | None = None, limit: int | None = None, oldest_first: bool = False
) -> tuple[list[HistoryEntry], int]:
    """The history of one record (newest first), and how many entries it has."""
    entries, total = audit_entries(
        store, AuditQuery(entity=entity, entity_id=entity_id), limit=limit, oldest_first=oldest_first
    )
    return [entry_of(e) for e in entries], total


# -- in English, for the command line ------------------------------------------------------------


def _number(value: Any) -> str:
    """A number with thousands separators, every digit kept (``1234567.891`` → ``1,234,567.891``)."""
    exact = Decimal(str(value))
    text = format(exact, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plain(field: str, kind: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if kind == "secret":
        return "(hidden)" if value == "(hidden)" else "(changed)"
    if kind == "money" and _is_money(value):
        return f"{_number(value['amount'])} {value['currency']}"
    if kind == "usd":
        return f"{_number(value)} USD"
    if kind == "flag":
        return "yes" if value else "no"
    if kind == "number":
        return _number(value)
    if kind == "time" and isinstance(value, str):
        return value[:16].replace("T", " ") + " UTC"
    if kind in ("list", "items") and isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(_item(field, v) for v in value)
    if isinstance(value, str):
        return value_label(field, value) or value
    return str(value)


def _item(field: str, value: Any) -> str:
    if isinstance(value, Mapping) and not _is_money(value):
        parts = []
        for key, item in value.items():
            if item in (None, [], ""):
                continue
            path = f"{field}.{key}"
            parts.append(f"{field_label(key).lower()} {_plain(path, _kind(path, item), item)}")
        return ", ".join(parts)
    return _plain(field, _kind(field, value), value)


def as_text(change: Change) -> tuple[str, str]:
    """The old and new values of a change in English words and figures (``—`` for an empty one).

    Examples:
        >>> as_text(Change("commitment", "Commitment", "money", {"amount": 600, "currency": "USD"},
        ...                {"amount": "123450000.5", "currency": "EUR"}))
        ('600 USD', '123,450,000.5 EUR')
        >>> as_text(Change("rating", "Rating", "label", "MS", "U"))
        ('Moderately Satisfactory', 'Unsatisfactory')
    """
    return _plain(change.field, change.kind, change.old), _plain(change.field, change.kind, change.new)
