"""Turn one parsed ``<iati-activity>`` element into an :class:`~cpfkit.model.iati.IatiActivity`.

The parser checks what the IATI standard makes checkable without a schema:
every coded field against its official codelist (``codes.py``), amounts and
percentages as exact decimal numbers, dates as ISO dates, coordinates, and
the elements cpfkit cannot do without (an identifier, a transaction's type,
date and value, an amount within :data:`~cpfkit.model.money.MAX_AMOUNT`).
What the activity cannot be stored without raises :class:`~cpfkit.errors.DataError`
(or :class:`~cpfkit.errors.UnknownCode`) naming the line, the activity and the
element (the reader adds the file; the importer skips the activity); a slip on
an optional element is a warning, and an error only when ``strict``
(``parse_base.py`` says which is which; ``parse_results.py`` reads results).

This is the hot path of a whole-registry import, so it walks each element's
children once and dispatches on the tag, and caches parsed dates; and it
hands each activity first to the compiled walker (``_walk.pyx``), which builds
the same record for the common case without a Python object per element; the
activities the walker gives back are read here.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from cpfkit.errors import UnknownCode
from cpfkit.formats.iati.codes import FieldCodes
from cpfkit.formats.iati.limits import shown
from cpfkit.formats.iati.parse_base import XML_LANG, Element, new_record, parse_decimal
from cpfkit.formats.iati.parse_results import ResultsParser
from cpfkit.model.iati import (
    IatiActivity,
    IatiBudget,
    IatiLocation,
    IatiShare,
    IatiTransaction,
    Narrative,
)
from cpfkit.model.money import MAX_AMOUNT

try:  # the compiled reader of the common case (``_walk.pyx``), built when cpfkit is installed
    from lxml import etree as _etree

    from cpfkit.formats.iati._walk import LXML_BUILT, Walker

    if LXML_BUILT != _etree.__version__:  # pragma: no cover - built against other lxml headers: not used
        Walker = None  # type: ignore[assignment,misc]
except (ImportError, ValueError):  # pragma: no cover - not built here (or built for another lxml): unused
    Walker = None  # type: ignore[assignment,misc]

__all__ = ["XML_LANG", "ActivityParser", "parse_decimal"]

_new = new_record


class ActivityParser(ResultsParser):
    """Parse activities of one file; reusable across activities (it caches dates).

    With ``compiled`` (the default) an activity is read first by the compiled
    :class:`~cpfkit.formats.iati._walk.Walker`, which builds the same record for
    the common case several times faster; whatever it does not take as is — any
    problem, any warning, any unusual form — this class reads, as it reads
    everything when ``compiled`` is False or the walker is not built.
    """

    def __init__(self, codes: FieldCodes | None = None, *, compiled: bool = True, strict: bool = False) -> None:
        super().__init__(codes, strict=strict)
        self.walker = Walker(self.codes, self._dates) if compiled and Walker is not None else None
        """The compiled walker this parser tries first (None: this class reads every activity)."""
        self._children: dict[str, Callable[[Element, dict[str, Any]], None]] = {
            "iati-identifier": self._identifier,
            "reporting-org": self._reporting_org,
            "title": self._title,
            "description": self._description,
            "participating-org": self._participating_org,
            "activity-status": self._status,
            "activity-date": self._activity_date,
            "activity-scope": self._scope,
            "recipient-country": self._recipient_country,
            "recipient-region": self._recipient_region,
            "location": self._location,
            "sector": self._sector,
            "collaboration-type": self._collaboration_type,
            "default-flow-type": self._default_flow_type,
            "default-finance-type": self._default_finance_type,
            "default-aid-type": self._default_aid_type,
            "default-tied-status": self._default_tied_status,
            "budget": self._budget,
            "transaction": self._transaction,
            "related-activity": self._related,
            "result": self._result,
        }

    # -- the activity -----------------------------------------------------------------

    def parse(self, element: Element) -> IatiActivity:
        """Parse one ``<iati-activity>`` element.

        Raises:
            DataError: the first problem, with line, activity and element (no file).
        """
        self.warnings = []
        if self.walker is not None:
            activity = self.walker.parse(element)
            if activity is not None:
                return activity
        self._id = "?"
        ident = element.find("iati-identifier")
        if ident is not None and ident.text and ident.text.strip():
            self._id = ident.text.strip()
        lang = element.get(XML_LANG)
        if lang is not None and lang.lower() not in self._langs:
            message = f"xml:lang {shown(lang)} is not a code of the IATI Language codelist"
            self._warn(message, element, "@xml:lang", "left out", UnknownCode)
            lang = None
        default_currency = element.get("default-currency")
        if default_currency is not None:
            if default_currency.strip():
                default_currency = self._currency(default_currency, element, "iati-activity/@default-currency")
            else:
                self._warn("is empty", element, "iati-activity/@default-currency", "left out")
                default_currency = None
        acc: dict[str, Any] = {
            "lang": lang,
            "default_currency": default_currency,
            "titles": (),
            "descriptions": [],
            "participating_orgs": [],
            "dates": [],
            "recipient_countries": [],
            "recipient_regions": [],
            "sectors": [],
            "locations": [],
            "default_aid_types": [],
            "budgets": [],
            "transactions": [],
            "related": [],
            "results": [],
        }
        handlers = self._children
        for child in element:
            handler = handlers.get(child.tag)  # comments and extension elements have no handler
            if handler is not None:
                handler(child, acc)
        if "identifier" not in acc:
            self._fail("has no iati-identifier", element, "iati-identifier")
        if "reporting_org" not in acc:
            self._fail("has no reporting-org", element, "reporting-org")
        for name in (
            "descriptions",
            "participating_orgs",
            "dates",
            "recipient_countries",
            "recipient_regions",
            "sectors",
            "locations",
            "default_aid_types",
            "budgets",
            "transactions",
            "related",
            "results",
        ):
            acc[name] = tuple(acc[name])
        return IatiActivity(
            hierarchy=element.get("hierarchy"),
            last_updated=element.get("last-updated-datetime"),
            humanitarian=element.get("humanitarian"),
            **acc,
        )

    def _identifier(self, e: Element, acc: dict[str, Any]) -> None:
        text = (e.text or "").strip()
        if not text:
            self._fail("is empty", e, "iati-identifier")
        acc["identifier"] = text

    def _reporting_org(self, e: Element, acc: dict[str, Any]) -> None:
        acc["reporting_org"] = self._org(e, "reporting-org", secondary_reporter=e.get("secondary-reporter"))

    def _title(self, e: Element, acc: dict[str, Any]) -> None:
        acc["titles"] = self._narratives(e, "title")

    def _description(self, e: Element, acc: dict[str, Any]) -> None:
        given = e.get("type")
        kind = self._opt_code("description/@type", given, e, "description/@type")
        if kind is None and given is not None and given.strip():
            return  # an unknown type: which description this is cannot be told
        acc["descriptions"].append((kind, self._narratives(e, "description")))

    def _participating_org(self, e: Element, acc: dict[str, Any]) -> None:
        role = self._element_code("participating-org/@role", e.get("role"), e, "participating-org/@role")
        if role is None:
            return
        acc["participating_orgs"].append(
            self._org(e, "participating-org", "activity-id", role, e.get("crs-channel-code"))
        )

    def _status(self, e: Element, acc: dict[str, Any]) -> None:
        acc["status"] = self._code("activity-status/@code", e.get("code"), e, "activity-status/@code")

    def _activity_date(self, e: Element, acc: dict[str, Any]) -> None:
        kind = self._element_code("activity-date/@type", e.get("type"), e, "activity-date/@type")
        if kind is not None:
            acc["dates"].append((kind, self._date(e.get("iso-date"), e, "activity-date/@iso-date")))

    def _recipient_country(self, e: Element, acc: dict[str, Any]) -> None:
        share = self._share(e, "recipient-country", "recipient-country/@code", None, needed=True)
        acc["recipient_countries"].append(share)

    def _recipient_region(self, e: Element, acc: dict[str, Any]) -> None:
        share = self._share(e, "recipient-region", "recipient-region/@code", "recipient-region/@vocabulary")
        if share is not None:
            acc["recipient_regions"].append(share)

    def _sector(self, e: Element, acc: dict[str, Any]) -> None:
        share = self._share(e, "sector", "sector/@code", "sector/@vocabulary")
        if share is not None:
            acc["sectors"].append(share)

    def _classification(self, e: Element, acc: dict[str, Any], key: str, field: str) -> None:
        """A classification of the whole activity (one code); left out, warned, when it has none."""
        code = self._element_code(field, e.get("code"), e, f"{e.tag}/@code")
        if code is not None:
            acc[key] = code

    def _scope(self, e: Element, acc: dict[str, Any]) -> None:
        self._classification(e, acc, "scope", "activity-scope/@code")

    def _collaboration_type(self, e: Element, acc: dict[str, Any]) -> None:
        self._classification(e, acc, "collaboration_type", "collaboration-type/@code")

    def _default_flow_type(self, e: Element, acc: dict[str, Any]) -> None:
        self._classification(e, acc, "default_flow_type", "flow-type/@code")

    def _default_finance_type(self, e: Element, acc: dict[str, Any]) -> None:
        self._classification(e, acc, "default_finance_type", "finance-type/@code")

    def _default_tied_status(self, e: Element, acc: dict[str, Any]) -> None:
        self._classification(e, acc, "default_tied_status", "tied-status/@code")

    def _aid_type(self, e: Element, path: str) -> tuple[str | None, str] | None:
        vocabulary = self._opt_code("aid-type/@vocabulary", e.get("vocabulary"), e, f"{path}/@vocabulary")
        code = self._element_code("aid-type/@code", e.get("code"), e, f"{path}/@code", vocabulary)
        return None if code is None else (vocabulary, code)

    def _default_aid_type(self, e: Element, acc: dict[str, Any]) -> None:
        aid = self._aid_type(e, "default-aid-type")
        if aid is not None:
            acc["default_aid_types"].append(aid)

    def _related(self, e: Element, acc: dict[str, Any]) -> None:
        kind = self._element_code("related-activity/@type", e.get("type"), e, "related-activity/@type")
        if kind is not None:
            acc["related"].append((kind, (e.get("ref") or "").strip()))

    # -- locations --------------------------------------------------------------------

    def _location(self, e: Element, acc: dict[str, Any]) -> None:
        reach = exactness = location_class = feature = None
        names: tuple[Narrative, ...] = ()
        descriptions: tuple[Narrative, ...] = ()
        activity_descriptions: tuple[Narrative, ...] = ()
        ids: list[tuple[str | None, str | None]] = []
        administrative: list[tuple[str | None, str | None, str | None]] = []
        lat = lon = None
        for c in e:
            tag = c.tag
            if tag == "name":
                names = self._narratives(c, "location/name")
            elif tag == "point":
                lat, lon = self._point(c)
            elif tag == "location-id":
                vocabulary = self._opt_code(
                    "location-id/@vocabulary", c.get("vocabulary"), c, "location/location-id/@vocabulary"
                )
                ids.append((vocabulary, c.get("code")))
            elif tag == "administrative":
                vocabulary = self._opt_code(
                    "administrative/@vocabulary", c.get("vocabulary"), c, "location/administrative/@vocabulary"
                )
                administrative.append((vocabulary, c.get("level"), c.get("code")))
            elif tag == "description":
                descriptions = self._narratives(c, "location/description")
            elif tag == "activity-description":
                activity_descriptions = self._narratives(c, "location/activity-description")
            elif tag == "location-reach":
                reach = self._element_code("location-reach/@code", c.get("code"), c, "location/location-reach/@code")
            elif tag == "exactness":
                exactness = self._element_code("exactness/@code", c.get("code"), c, "location/exactness/@code")
            elif tag == "location-class":
                location_class = self._element_code(
                    "location-class/@code", c.get("code"), c, "location/location-class/@code"
                )
            elif tag == "feature-designation":
                feature = self._element_code(
                    "feature-designation/@code", c.get("code"), c, "location/feature-designation/@code"
                )
        acc["locations"].append(
            IatiLocation(
                ref=e.get("ref"),
                reach=reach,
                ids=tuple(ids),
                names=names,
                descriptions=descriptions,
                activity_descriptions=activity_descriptions,
                administrative=tuple(administrative),
                lat=lat,
                lon=lon,
                exactness=exactness,
                location_class=location_class,
                feature_designation=feature,
            )
        )

    def _point(self, e: Element) -> tuple[Decimal | None, Decimal | None]:
        pos = e.find("pos")
        if pos is None or not (pos.text or "").strip():
            return None, None
        parts = pos.text.split()
        if len(parts) != 2:
            self._fail(f"pos must be 'latitude longitude', not {shown(pos.text.strip())}", pos, "location/point/pos")
        lat = self._number(parts[0], pos, "location/point/pos")
        lon = self._number(parts[1], pos, "location/point/pos")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self._fail(f"coordinates out of range: {shown(pos.text.strip())}", pos, "location/point/pos")
        return lat, lon

    # -- money ------------------------------------------------------------------------

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
