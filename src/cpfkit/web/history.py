"""The history of a record on the pages: each change as ``label: old → new``, in the reader's language.

:mod:`cpfkit.workplace.history` reads the audit trail into changes with their kinds; this module writes
them for the current locale: money as money (``123 450 000 EUR``), dates and times as dates, coded values
by their translated labels, ``yes``/``no``, a password never.  Templates use the ``history`` filter:
``{% for e in audit | history %}…{% for c in e.changes %}{{ c.label }}: {{ c.old }} → {{ c.new }}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cpfkit.language import formatting
from cpfkit.web.i18n import N_, current_locale
from cpfkit.web.i18n import gettext as _
from cpfkit.workplace.editing import AuditEntry
from cpfkit.workplace.field_labels import field_label
from cpfkit.workplace.history import entry_of
from cpfkit.workplace.history_changes import Change
from cpfkit.workplace.value_labels import value_label

__all__ = ["ACTIONS", "ENTITIES", "Line", "Row", "readable"]

ACTIONS = (N_("create"), N_("update"), N_("delete"), N_("restore"), N_("revoke"), N_("load"), N_("reload"))
"""What an entry did, as the trail names it."""
ENTITIES = (
    N_("project"),
    N_("transaction"),
    N_("rating"),
    N_("sort_rating"),
    N_("risk"),
    N_("measurement"),
    N_("indicator"),
    N_("objective"),
    N_("priority_area"),
    N_("programme"),
    N_("period"),
    N_("user"),
    N_("token"),
)
"""The kinds of record the trail names."""

_EXACT = 10  # every digit a stored amount has (ten after the point at most), grouped


@dataclass(frozen=True)
class Line:
    """One change, written for the reader: the field's label and the values before and after."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Row:
    """One entry of the history, written for the reader."""

    at: datetime
    actor: str
    via: str
    action: str
    entity: str
    entity_id: str
    version: int | None
    created: bool
    changes: tuple[Line, ...]


def _number(value: Any) -> str:
    return formatting.number(Decimal(str(value)), current_locale.get(), _EXACT)


def _day(text: str) -> str:
    return formatting.day(date.fromisoformat(text), current_locale.get())


def _time(text: str) -> str:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return formatting.moment(moment, current_locale.get()) + " UTC"


def _value(field: str, kind: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if kind == "secret":
        return _("hidden") if value == "(hidden)" else _("changed")
    if kind == "money" and isinstance(value, Mapping):
        return formatting.exact_money(Decimal(str(value["amount"])), str(value["currency"]), current_locale.get())
    if kind == "usd":
        return formatting.exact_money(Decimal(str(value)), "USD", current_locale.get())
    if kind == "flag":
        return _("yes") if value else _("no")
    if kind == "number":
        return _number(value)
    if kind == "date" and isinstance(value, str):
        return _day(value)
    if kind == "time" and isinstance(value, str):
        return _time(value)
    if kind in ("list", "items") and isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(_item(field, v) for v in value)
    if isinstance(value, str):
        label = value_label(field, value)
        return _(label) if label else value
    return str(value)


def _item(field: str, value: Any) -> str:
    from cpfkit.workplace.history_changes import changes_of  # the same reading of a nested record as the trail's

    if isinstance(value, Mapping) and set(value) != {"amount", "currency"}:
        parts = []
        for change in changes_of("create", None, dict(value)):
            text = _value(f"{field}.{change.field}", change.kind, change.new)
            parts.append(f"{_(field_label(change.field)).lower()} {text}")
        return ", ".join(parts)
    return _value(field, "money" if isinstance(value, Mapping) else "text", value)


def _line(change: Change) -> Line:
    return Line(
        field=change.field,
        label=_(change.label),
        old=_value(change.field, change.kind, change.old),
        new=_value(change.field, change.kind, change.new),
    )


def readable(entries: Iterable[AuditEntry]) -> list[Row]:
    """Audit entries written for the reader, in the current locale."""
    rows = []
    for entry in entries:
        readable_entry = entry_of(entry)
        rows.append(
            Row(
                at=readable_entry.at,
                actor=readable_entry.actor,
                via=readable_entry.via,
                action=_(readable_entry.action),
                entity=_(readable_entry.entity),
                entity_id=readable_entry.entity_id,
                version=readable_entry.version,
                created=readable_entry.created,
                changes=tuple(_line(c) for c in readable_entry.changes),
            )
        )
    return rows
