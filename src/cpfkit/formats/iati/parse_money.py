"""The money of the IATI activity parser: budgets and transactions, each amount checked and within bounds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpfkit.formats.iati.limits import shown
from cpfkit.formats.iati.parse_base import Element, new_record, parse_decimal
from cpfkit.formats.iati.parse_places import PlacesParser
from cpfkit.model.iati import (
    IatiBudget,
    IatiShare,
    IatiTransaction,
    Narrative,
)
from cpfkit.model.money import MAX_AMOUNT

__all__ = ["MoneyParser"]

_new = new_record


class MoneyParser(PlacesParser):
    """Reads the budgets, transactions and aid types of an activity (a part of the activity parser)."""

    def _aid_type(self, e: Element, path: str) -> tuple[str | None, str] | None:
        vocabulary = self._opt_code("aid-type/@vocabulary", e.get("vocabulary"), e, f"{path}/@vocabulary")
        code = self._element_code("aid-type/@code", e.get("code"), e, f"{path}/@code", vocabulary)
        return None if code is None else (vocabulary, code)

    def _budget(self, e: Element, acc: dict[str, Any]) -> None:
        start = end = value = value_date = None
        currency = acc["default_currency"]
        value_el = e
        for c in e:
            tag = c.tag
            if tag == "period-start":
                start = self._date(c.get("iso-date"), c, "budget/period-start/@iso-date")
            elif tag == "period-end":
                end = self._date(c.get("iso-date"), c, "budget/period-end/@iso-date")
            elif tag == "value":
                value_el = c
                value = self._amount(self._number(c.text, c, "budget/value"), c, "budget/value")
                currency = c.get("currency") or currency
                value_date = self._opt_date(c.get("value-date"), c, "budget/value/@value-date")
        if start is None or end is None:
            self._fail("needs period-start and period-end", e, "budget")
        if value is None:
            self._fail("has no value", e, "budget/value")
        acc["budgets"].append(
            IatiBudget(
                type=self._opt_code("budget/@type", e.get("type"), e, "budget/@type"),
                status=self._opt_code("budget/@status", e.get("status"), e, "budget/@status"),
                period_start=start,
                period_end=end,
                value=value,
                currency=self._currency(currency, value_el, "budget/value/@currency"),
                value_date=value_date,
            )
        )

    def _transaction(self, e: Element, acc: dict[str, Any]) -> None:
        kind_el = date_el = value_el = None
        descriptions: tuple[Narrative, ...] = ()
        provider = receiver = None
        rest: list[Element] | None = None
        for c in e:  # one pass over the children, the frequent ones first
            tag = c.tag
            if tag == "value":
                value_el = c
            elif tag == "transaction-date":
                date_el = c
            elif tag == "transaction-type":
                kind_el = c
            elif tag == "description":
                descriptions = self._narratives(c, "transaction/description")
            elif tag == "provider-org":
                provider = self._org(c, "transaction/provider-org", "provider-activity-id")
            elif tag == "receiver-org":
                receiver = self._org(c, "transaction/receiver-org", "receiver-activity-id")
            elif isinstance(tag, str):
                if rest is None:
                    rest = []
                rest.append(c)
        if kind_el is None:
            self._fail("has no transaction-type", e, "transaction/transaction-type")
        kind = kind_el.get("code")
        if kind not in self._tx_types:
            kind = self._code("transaction-type/@code", kind, kind_el, "transaction/transaction-type/@code")
        if date_el is None:
            self._fail("has no transaction-date", e, "transaction/transaction-date")
        text = date_el.get("iso-date")
        on = self._dates.get(text) if text is not None else None
        if on is None:
            on = self._date(text, date_el, "transaction/transaction-date/@iso-date")
        if value_el is None:
            self._fail("has no value", e, "transaction/value")
        amount = parse_decimal(value_el.text)
        if amount is None:
            amount = self._number(value_el.text, value_el, "transaction/value")
        if not -MAX_AMOUNT <= amount <= MAX_AMOUNT:
            self._amount(amount, value_el, "transaction/value")
        currency = value_el.get("currency") or acc["default_currency"]
        if currency not in self._currencies:
            currency = self._currency(currency, value_el, "transaction/value/@currency")
        text = value_el.get("value-date")
        value_date = None
        if text is not None:
            value_date = self._dates.get(text) or self._opt_date(text, value_el, "transaction/value/@value-date")
        channel = flow = finance = tied = country = region = None
        sectors: list[IatiShare] = []
        aid_types: list[tuple[str | None, str]] = []
        for c in rest or ():  # the classifications, present in few transactions
            tag = c.tag
            if tag == "finance-type":
                finance = self._child_code(c, "finance-type/@code", "transaction")
            elif tag == "aid-type":
                aid = self._aid_type(c, "transaction/aid-type")
                if aid is not None:
                    aid_types.append(aid)
            elif tag == "flow-type":
                flow = self._child_code(c, "flow-type/@code", "transaction")
            elif tag == "tied-status":
                tied = self._child_code(c, "tied-status/@code", "transaction")
            elif tag == "disbursement-channel":
                channel = self._child_code(c, "disbursement-channel/@code", "transaction")
            elif tag == "sector":
                sector = self._share(c, "transaction/sector", "sector/@code", "sector/@vocabulary")
                if sector is not None:
                    sectors.append(sector)
            elif tag == "recipient-country":
                country = self._share(c, "transaction/recipient-country", "recipient-country/@code", None, needed=True)
            elif tag == "recipient-region":
                region = self._share(
                    c, "transaction/recipient-region", "recipient-region/@code", "recipient-region/@vocabulary"
                )
        acc["transactions"].append(
            _new(
                IatiTransaction,
                (
                    kind,
                    on,
                    amount,
                    currency,
                    value_date,
                    e.get("ref"),
                    e.get("humanitarian"),
                    descriptions,
                    provider,
                    receiver,
                    channel,
                    tuple(sectors),
                    country,
                    region,
                    flow,
                    finance,
                    tuple(aid_types),
                    tied,
                ),
            )
        )

    def _child_code(self, node: Element, field: str, parent: str) -> str | None:
        code = node.get("code")
        if code in self.codes.codes[field]:
            return str(code)
        return self._element_code(field, code, node, f"{parent}/{node.tag}/@code")

    def _amount(self, value: Decimal, element: Element, path: str) -> Decimal:
        """An amount within the ceiling of a single amount, which every input to cpfkit shares."""
        if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
            self._fail(
                f"{shown(format(value, 'f'))} is beyond the largest single amount cpfkit accepts "
                f"({MAX_AMOUNT:,} in its currency, either sign)",
                element,
                path,
            )
        return value
