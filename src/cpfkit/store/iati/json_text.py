"""The values of an imported IATI activity's rows as the store keeps them: ISO dates, decimal text, JSON text.

Each encoder is written for speed: a whole-registry file turns into millions of these values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from cpfkit.model.iati import IatiOrg, IatiShare, IatiTransaction, IatiValue, Narrative

__all__ = [
    "ISO_TEXT",
    "day_text",
    "decimal_text",
    "iso_text",
    "json_list",
    "narrative_pairs",
    "narratives_json",
    "total_text",
    "transaction_extra_json",
    "values_json",
    "values_json_text",
]

ISO_TEXT: dict[date, str] = {}  # ISO text of the dates seen
_ISO_MAX = 100_000


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


def iso_text(value: date) -> str:
    """A date's ISO text, from a cache (``date.isoformat`` is slow, and a file repeats its dates)."""
    text = ISO_TEXT.get(value)
    if text is None:
        if len(ISO_TEXT) >= _ISO_MAX:
            ISO_TEXT.clear()
        text = ISO_TEXT[value] = value.isoformat()
    return text


def day_text(value: date | None) -> str | None:
    """A date's ISO text, or None."""
    return None if value is None else iso_text(value)


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


def json_list(value: Any) -> str:
    """Compact JSON text of a list, ``[]`` when empty."""
    return _encode(value) if value else "[]"


def narratives_json(narratives: tuple[Narrative, ...]) -> str:
    """Narratives as JSON text, ``[[lang, text], ...]`` (the most frequent column)."""
    if not narratives:
        return "[]"
    if len(narratives) == 1:  # the most frequent case, written by hand; else the C encoder is quicker
        lang, text = narratives[0]
        return "[[" + ("null" if lang is None else _string(lang)) + "," + _string(text) + "]]"
    return _fast(narratives)


def narrative_pairs(narratives: Iterable[Narrative]) -> list[list[str | None]]:
    """Narratives as ``[[lang, text], ...]`` data."""
    return [[lang, text] for lang, text in narratives]


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
    """``{"iati": [...]}`` (see :data:`~cpfkit.store.iati.columns.TRANSACTION_EXTRA`) as JSON text, for one transaction.

    Written piece by piece (the organisations' text cached), the same text as ``_fast`` of the array.
    """
    value_date = tx.value_date
    head = (
        f'{{"iati":[{_string(tx.type)},{"null" if value_date is None else _DQ + iso_text(value_date) + _DQ},'
        f"{_opt(tx.ref)},{_opt(tx.humanitarian)},{narratives_json(tx.descriptions)},"
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


def values_json_text(values: Sequence[IatiValue]) -> str:
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
            parts.append('"iso_date":"' + iso_text(v.iso_date) + '"')
        if v.comments:
            parts.append('"comments":' + narratives_json(v.comments))
        if v.dimensions:
            parts.append('"dimensions":' + _encode(v.dimensions))
        if v.locations:
            parts.append('"locations":' + _encode(v.locations))
        out.append("{" + ",".join(parts) + "}")
    return "[" + ",".join(out) + "]"


def values_json(values: Sequence[IatiValue]) -> list[dict[str, Any]]:
    """Targets, actuals or baselines as the JSON data :func:`values_json_text` writes (for tests and readers)."""
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
        out["comments"] = narrative_pairs(value.comments)
    if value.dimensions:
        out["dimensions"] = [list(d) for d in value.dimensions]
    if value.locations:
        out["locations"] = list(value.locations)
    return out


def total_text(values: Sequence[IatiValue]) -> str | None:
    """The number of the undisaggregated value (or of the only one)."""
    chosen = values[0] if len(values) == 1 else next((v for v in values if not v.dimensions), None)
    return decimal_text(chosen.number) if chosen is not None else None
