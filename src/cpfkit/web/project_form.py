"""The operation page's edit form read: what the editor changed, and which changes are large enough to confirm.

The commitment is typed in millions and read in the page's language
(:mod:`cpfkit.web.number_input`).  A change to more than twice or less than
half the current amount is confirmed before it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from cpfkit.errors import DataError
from cpfkit.language import formatting
from cpfkit.web.i18n import current_locale
from cpfkit.web.i18n import gettext as _
from cpfkit.web.number_input import form_amount

__all__ = ["CONFIRM", "LargeChange", "described", "form_changes", "large_changes", "reason"]

_EDITABLE_DATES = ("approval", "effectiveness", "original_closing", "revised_closing")
_MILLION = Decimal(1_000_000)
CONFIRM = "confirm"


@dataclass(frozen=True)
class LargeChange:
    """A money field changed to more than twice or less than half its current value."""

    field: str
    old: Decimal
    old_currency: str
    new: Decimal
    new_currency: str

    @property
    def token(self) -> str:
        """What the confirmation must carry: the field and the new amount, so a different amount asks again."""
        return f"{self.field}={self.new.normalize():f} {self.new_currency}"


def large_changes(changes: dict[str, Any], current: Any) -> list[LargeChange]:
    """The money fields of a change that move to more than twice or less than half their current value."""
    out: list[LargeChange] = []
    new = changes.get("commitment")
    before = current.commitment
    if new is not None and before is not None and before.amount > 0:
        amount = Decimal(new["amount"])
        if amount > 2 * before.amount or amount * 2 < before.amount:
            out.append(LargeChange("commitment.amount", before.amount, before.currency, amount, new["currency"]))
    return out


def form_changes(form: dict[str, str], current: Any) -> dict[str, Any]:
    """The fields of the form that differ from the record, as a ``PATCH`` body."""
    out: dict[str, Any] = {}
    for name in ("name", "status", "implementing_agency"):
        if name in form:
            value = form[name].strip() or None
            if value != getattr(current, name):
                out[name] = value
    dates: dict[str, Any] = {}
    for name in _EDITABLE_DATES:
        key = f"dates.{name}"
        if key in form:
            text = form[key].strip()
            try:
                day = date.fromisoformat(text) if text else None
            except ValueError:
                raise DataError(_("not a date (YYYY-MM-DD)"), field=key) from None
            if day != current.dates.get(name):
                dates[name] = day
    if dates:
        out["dates"] = dates
    if "commitment.amount" in form:
        currency = form.get("commitment.currency", "").strip().upper()
        amount = form_amount(form["commitment.amount"], "commitment.amount", _MILLION)
        if amount is not None and not currency:
            raise DataError(
                _("give the currency of the commitment (no currency is assumed)"), field="commitment.currency"
            )
        before = current.commitment
        if amount is None:
            if before is not None:
                out["commitment"] = None
        elif before is None or before.amount != amount or before.currency != currency:
            out["commitment"] = {"amount": amount, "currency": currency}
    return out


def _money_text(amount: Decimal, currency: str) -> str:
    return _("%(amount)s million %(currency)s") % {
        "amount": formatting.number(amount / _MILLION, current_locale.get(), 10),
        "currency": currency,
    }


def described(change: LargeChange) -> str:
    """One large change in words: the field, the old and the new amount, and how far apart they are."""
    values = {
        "field": _("Commitment"),
        "old": _money_text(change.old, change.old_currency),
        "new": _money_text(change.new, change.new_currency),
    }
    if change.new > change.old:
        return _("%(field)s: %(old)s → %(new)s, more than twice the current amount.") % values
    return _("%(field)s: %(old)s → %(new)s, less than half the current amount.") % values


def reason(exc: Exception) -> str:
    """Why a change was refused, in a line: the field and the message of the first error."""
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"{where}: {err.get('msg', '')}"
    return str(exc)
