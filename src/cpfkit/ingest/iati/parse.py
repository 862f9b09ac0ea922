"""Turn one parsed ``<iati-activity>`` element into an :class:`~cpfkit.model.iati.IatiActivity`.

The parser checks what the IATI standard makes checkable without a schema:
every coded field against its official codelist (``codes.py``), amounts and
percentages as exact decimal numbers, dates as ISO dates, coordinates, and
the elements cpfkit cannot do without (an identifier, a transaction's type,
date and value).  The first problem raises :class:`~cpfkit.errors.DataError`
(or :class:`~cpfkit.errors.UnknownCode`) naming the line, the activity and the
element; the reader adds the file.

This is the hot path of a whole-registry import, so it walks each element's
children once and dispatches on the tag, and caches parsed dates; and it
hands each activity first to the compiled walker (``_walk.pyx``), which builds
the same record for the common case without a Python object per element; the
activities the walker gives back are read here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

from cpfkit.errors import DataError, UnknownCode
from cpfkit.ingest.iati.codes import FieldCodes, field_codes
from cpfkit.model.iati import (
    IatiActivity,
    IatiBudget,
    IatiIndicator,
    IatiLocation,
    IatiOrg,
    IatiPeriod,
    IatiResult,
    IatiShare,
    IatiTransaction,
    IatiValue,
    Narrative,
)

try:  # the compiled reader of the common case (``_walk.pyx``), built when cpfkit is installed
    from lxml import etree as _etree

    from cpfkit.ingest.iati._walk import LXML_BUILT, Walker

    if LXML_BUILT != _etree.__version__:  # pragma: no cover - built against other lxml headers: not used
        Walker = None  # type: ignore[assignment,misc]
except (ImportError, ValueError):  # pragma: no cover - not built here (or built for another lxml): unused
    Walker = None  # type: ignore[assignment,misc]

__all__ = ["XML_LANG", "ActivityParser", "parse_decimal"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_QUALITATIVE = "5"
_HUNDRED = Decimal(100)

Element = Any  # an lxml element; typed loosely so the hot path stays free of casts
_new = tuple.__new__
"""Builds a named tuple from all its fields in order, without the generated ``__new__`` (a Python call):
used for the records built once per transaction, organisation and value."""


def parse_decimal(text: str | None) -> Decimal | None:
    """An ``xsd:decimal`` as an exact ``Decimal``; None when the text is not one.

    Examples:
        >>> parse_decimal(" -28877855.19 "), parse_decimal("1,000"), parse_decimal("1e5"), parse_decimal(".5")
        (Decimal('-28877855.19'), None, None, Decimal('0.5'))
    """
    if text is None:
        return None
    text = text.strip()
    body = text[1:] if text[:1] in ("+", "-") else text
    if body.isascii() and body.replace(".", "", 1).isdigit():  # digits with at most one point: xsd:decimal
        return Decimal(text)
    return None


class ActivityParser:
    """Parse activities of one file; reusable across activities (it caches dates).

    With ``compiled`` (the default) an activity is read first by the compiled
    :class:`~cpfkit.ingest.iati._walk.Walker`, which builds the same record for
    the common case several times faster; whatever it does not take as is — any
    problem, any warning, any unusual form — this class reads, as it reads
    everything when ``compiled`` is False or the walker is not built.
    """

    def __init__(self, codes: FieldCodes | None = None, *, compiled: bool = True) -> None:
        self.codes = codes or field_codes()
        self._dates: dict[str, date] = {}
        self._id = "?"
        self.line_offset = 0
        """Added to every line number (for activities parsed from a piece of their file)."""
        self.warnings: list[tuple[int, str, str]] = []
        """(line, element, message) of the unknown codes kept as published in the last activity parsed."""
        c = self.codes.codes
        self._currencies = c["currency"]
        self._langs = c["xml:lang"]
        self._org_types = c["reporting-org/@type"]
        self._tx_types = c["transaction-type/@code"]
        self._countries = c["recipient-country/@code"]
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

    # -- errors -----------------------------------------------------------------------

    def _fail(self, message: str, element: Element, field: str, cls: type[DataError] = DataError) -> NoReturn:
        line = (element.sourceline or 0) + self.line_offset
        raise cls(message, record=f"line {line} (activity {self._id})", field=field)

    def _code(self, field: str, code: str | None, element: Element, path: str, vocabulary: str | None = None) -> str:
        if code is None or not code.strip():
            self._fail("has no code", element, path)
        code = code.strip()
        if not self.codes.check(field, code, vocabulary):
            message = f"{code!r} is not a code of the IATI {self.codes.name(field, vocabulary)} codelist"
            if field in self.codes.warn_only:
                self.warnings.append(((element.sourceline or 0) + self.line_offset, path, message + " (kept)"))
                return code
            self._fail(message, element, path, UnknownCode)
        return code

    def _opt_code(
        self, field: str, code: str | None, element: Element, path: str, vocabulary: str | None = None
    ) -> str | None:
        if code is None or not code.strip():
            return None
        return self._code(field, code, element, path, vocabulary)

    # -- values -----------------------------------------------------------------------

    def _date(self, text: str | None, element: Element, path: str) -> date:
        if text is None:
            self._fail("has no iso-date", element, path)
        parsed = self._dates.get(text)
        if parsed is not None:
            return parsed
        match = _ISO_DATE.fullmatch(text.strip())
        if not match:
            self._fail(f"not an ISO date (YYYY-MM-DD): {text!r}", element, path)
        try:
            parsed = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            self._fail(f"not a date: {text!r}", element, path)
        self._dates[text] = parsed
        return parsed

    def _opt_date(self, text: str | None, element: Element, path: str) -> date | None:
        return None if text is None or not text.strip() else self._date(text, element, path)

    def _number(self, text: str | None, element: Element, path: str) -> Decimal:
        value = parse_decimal(text)
        if value is None:
            if text is None or not text.strip():
                self._fail("has no value", element, path)
            self._fail(f"not a number: {text.strip()!r}", element, path)
        return value

    def _percentage(self, text: str | None, element: Element, path: str) -> Decimal | None:
        if text is None or not text.strip():
            return None
        value = self._number(text, element, path)
        if not 0 <= value <= _HUNDRED:
            self._fail(f"percentage must be between 0 and 100, not {value}", element, path)
        return value

    def _currency(self, text: str | None, element: Element, path: str) -> str:
        code = (text or "").strip()
        if code not in self._currencies:
            if not code:
                self._fail("has no currency and the activity has no default-currency", element, path)
            self._fail(f"{code!r} is not a code of the IATI Currency codelist", element, path, UnknownCode)
        return code

    def _narratives(self, element: Element, parent: str) -> tuple[Narrative, ...]:
        """The ``<narrative>`` children of an element (``parent`` is its path, for messages)."""
        out = []
        langs = self._langs
        for c in element:
            if c.tag == "narrative":
                lang = c.get(XML_LANG)
                if lang is not None and lang not in langs and lang.lower() not in langs:
                    message = f"xml:lang {lang!r} is not a code of the IATI Language codelist"
                    self._fail(message, c, f"{parent}/narrative", UnknownCode)
                text = c.text
                out.append((lang, text.strip() if text else ""))
        return tuple(out)

    def _org(
        self,
        element: Element,
        path: str,
        activity_attr: str | None = None,
        role: str | None = None,
        crs_channel_code: str | None = None,
        secondary_reporter: str | None = None,
    ) -> IatiOrg:
        org_type = element.get("type")
        if org_type is not None and org_type not in self._org_types:
            org_type = self._opt_code("reporting-org/@type", org_type, element, path + "/@type")
        ref = element.get("ref")
        if ref is not None:
            ref = ref.strip() or None
        return _new(
            IatiOrg,
            (
                ref,
                org_type,
                self._narratives(element, path),
                role,
                element.get(activity_attr) if activity_attr else None,
                crs_channel_code,
                secondary_reporter,
            ),
        )

    def _share(self, element: Element, path: str, field: str, vocabulary_field: str | None) -> IatiShare:
        vocabulary = element.get("vocabulary")
        if vocabulary_field is not None:
            vocabulary = self._opt_code(vocabulary_field, vocabulary, element, f"{path}/@vocabulary")
        return IatiShare(
            code=self._code(field, element.get("code"), element, f"{path}/@code", vocabulary),
            vocabulary=vocabulary,
            vocabulary_uri=element.get("vocabulary-uri"),
            percentage=self._percentage(element.get("percentage"), element, f"{path}/@percentage"),
            names=self._narratives(element, path),
        )

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
            self._fail(
                f"xml:lang {lang!r} is not a code of the IATI Language codelist", element, "@xml:lang", UnknownCode
            )
        default_currency = element.get("default-currency")
        if default_currency is not None:
            default_currency = self._currency(default_currency, element, "iati-activity/@default-currency")
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
        kind = self._opt_code("description/@type", e.get("type"), e, "description/@type")
        acc["descriptions"].append((kind, self._narratives(e, "description")))

    def _participating_org(self, e: Element, acc: dict[str, Any]) -> None:
        role = self._code("participating-org/@role", e.get("role"), e, "participating-org/@role")
        acc["participating_orgs"].append(
            self._org(e, "participating-org", "activity-id", role, e.get("crs-channel-code"))
        )

    def _status(self, e: Element, acc: dict[str, Any]) -> None:
        acc["status"] = self._code("activity-status/@code", e.get("code"), e, "activity-status/@code")

    def _activity_date(self, e: Element, acc: dict[str, Any]) -> None:
        kind = self._code("activity-date/@type", e.get("type"), e, "activity-date/@type")
        acc["dates"].append((kind, self._date(e.get("iso-date"), e, "activity-date/@iso-date")))

    def _scope(self, e: Element, acc: dict[str, Any]) -> None:
        acc["scope"] = self._code("activity-scope/@code", e.get("code"), e, "activity-scope/@code")

    def _recipient_country(self, e: Element, acc: dict[str, Any]) -> None:
        acc["recipient_countries"].append(self._share(e, "recipient-country", "recipient-country/@code", None))

    def _recipient_region(self, e: Element, acc: dict[str, Any]) -> None:
        acc["recipient_regions"].append(
            self._share(e, "recipient-region", "recipient-region/@code", "recipient-region/@vocabulary")
        )

    def _sector(self, e: Element, acc: dict[str, Any]) -> None:
        acc["sectors"].append(self._share(e, "sector", "sector/@code", "sector/@vocabulary"))

    def _collaboration_type(self, e: Element, acc: dict[str, Any]) -> None:
        acc["collaboration_type"] = self._code("collaboration-type/@code", e.get("code"), e, "collaboration-type/@code")

    def _default_flow_type(self, e: Element, acc: dict[str, Any]) -> None:
        acc["default_flow_type"] = self._code("flow-type/@code", e.get("code"), e, "default-flow-type/@code")

    def _default_finance_type(self, e: Element, acc: dict[str, Any]) -> None:
        acc["default_finance_type"] = self._code("finance-type/@code", e.get("code"), e, "default-finance-type/@code")

    def _aid_type(self, e: Element, path: str) -> tuple[str | None, str]:
        vocabulary = self._opt_code("aid-type/@vocabulary", e.get("vocabulary"), e, f"{path}/@vocabulary")
        return vocabulary, self._code("aid-type/@code", e.get("code"), e, f"{path}/@code", vocabulary)

    def _default_aid_type(self, e: Element, acc: dict[str, Any]) -> None:
        acc["default_aid_types"].append(self._aid_type(e, "default-aid-type"))

    def _default_tied_status(self, e: Element, acc: dict[str, Any]) -> None:
        acc["default_tied_status"] = self._code("tied-status/@code", e.get("code"), e, "default-tied-status/@code")

    def _related(self, e: Element, acc: dict[str, Any]) -> None:
        kind = self._code("related-activity/@type", e.get("type"), e, "related-activity/@type")
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
                reach = self._code("location-reach/@code", c.get("code"), c, "location/location-reach/@code")
            elif tag == "exactness":
                exactness = self._code("exactness/@code", c.get("code"), c, "location/exactness/@code")
            elif tag == "location-class":
                location_class = self._code("location-class/@code", c.get("code"), c, "location/location-class/@code")
            elif tag == "feature-designation":
                feature = self._code(
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
            self._fail(f"pos must be 'latitude longitude', not {pos.text.strip()!r}", pos, "location/point/pos")
        lat = self._number(parts[0], pos, "location/point/pos")
        lon = self._number(parts[1], pos, "location/point/pos")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self._fail(f"coordinates out of range: {pos.text.strip()!r}", pos, "location/point/pos")
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
                value = self._number(c.text, c, "budget/value")
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
                aid_types.append(self._aid_type(c, "transaction/aid-type"))
            elif tag == "flow-type":
                flow = self._child_code(c, "flow-type/@code", "transaction")
            elif tag == "tied-status":
                tied = self._child_code(c, "tied-status/@code", "transaction")
            elif tag == "disbursement-channel":
                channel = self._child_code(c, "disbursement-channel/@code", "transaction")
            elif tag == "sector":
                sectors.append(self._share(c, "transaction/sector", "sector/@code", "sector/@vocabulary"))
            elif tag == "recipient-country":
                country = self._share(c, "transaction/recipient-country", "recipient-country/@code", None)
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
        return self._opt_code(field, code, node, f"{parent}/{node.tag}/@code")

    # -- results ----------------------------------------------------------------------

    def _result(self, e: Element, acc: dict[str, Any]) -> None:
        titles: tuple[Narrative, ...] = ()
        descriptions: tuple[Narrative, ...] = ()
        indicators: list[IatiIndicator] = []
        for c in e:
            tag = c.tag
            if tag == "indicator":
                indicators.append(self._indicator(c))
            elif tag == "title":
                titles = self._narratives(c, "result/title")
            elif tag == "description":
                descriptions = self._narratives(c, "result/description")
            elif tag == "reference":
                self._opt_code("result/reference/@vocabulary", c.get("vocabulary"), c, "result/reference/@vocabulary")
        acc["results"].append(
            IatiResult(
                type=self._code("result/@type", e.get("type"), e, "result/@type"),
                aggregation_status=e.get("aggregation-status"),
                titles=titles,
                descriptions=descriptions,
                indicators=tuple(indicators),
            )
        )

    def _indicator(self, e: Element) -> IatiIndicator:
        measure = self._code("indicator/@measure", e.get("measure"), e, "result/indicator/@measure")
        titles: tuple[Narrative, ...] = ()
        descriptions: tuple[Narrative, ...] = ()
        references: list[tuple[str | None, str | None, str | None]] = []
        baselines: list[IatiValue] = []
        periods: list[IatiPeriod] = []
        for c in e:
            tag = c.tag
            if tag == "period":
                periods.append(self._period(c, measure))
            elif tag == "baseline":
                baselines.append(self._value(c, measure, "result/indicator/baseline", baseline=True))
            elif tag == "title":
                titles = self._narratives(c, "result/indicator/title")
            elif tag == "description":
                descriptions = self._narratives(c, "result/indicator/description")
            elif tag == "reference":
                vocabulary = self._opt_code(
                    "indicator/reference/@vocabulary", c.get("vocabulary"), c, "result/indicator/reference/@vocabulary"
                )
                references.append((vocabulary, c.get("code"), c.get("indicator-uri")))
        return IatiIndicator(
            measure=measure,
            ascending=e.get("ascending"),
            aggregation_status=e.get("aggregation-status"),
            titles=titles,
            descriptions=descriptions,
            references=tuple(references),
            baselines=tuple(baselines),
            periods=tuple(periods),
        )

    def _period(self, e: Element, measure: str) -> IatiPeriod:
        start = end = None
        targets: list[IatiValue] = []
        actuals: list[IatiValue] = []
        for c in e:
            tag = c.tag
            if tag == "target":
                targets.append(self._value(c, measure, "result/indicator/period/target"))
            elif tag == "actual":
                actuals.append(self._value(c, measure, "result/indicator/period/actual"))
            elif tag == "period-start":
                start = self._date(c.get("iso-date"), c, "result/indicator/period/period-start/@iso-date")
            elif tag == "period-end":
                end = self._date(c.get("iso-date"), c, "result/indicator/period/period-end/@iso-date")
        if start is None or end is None:
            self._fail("needs period-start and period-end", e, "result/indicator/period")
        return _new(IatiPeriod, (start, end, tuple(targets), tuple(actuals)))

    def _value(self, e: Element, measure: str, path: str, *, baseline: bool = False) -> IatiValue:
        raw = e.get("value")
        if raw is not None:
            raw = raw.strip()
            if measure != _QUALITATIVE:
                self._number(raw, e, f"{path}/@value")
        comments: tuple[Narrative, ...] = ()
        dimensions: list[tuple[str, str]] = []
        locations: list[str] = []
        for c in e:
            tag = c.tag
            if tag == "comment":
                comments = self._narratives(c, f"{path}/comment")
            elif tag == "dimension":
                dimensions.append((c.get("name") or "", c.get("value") or ""))
            elif tag == "location":
                locations.append(c.get("ref") or "")
        year = iso_date = None
        if baseline:
            year = e.get("year")
            if year is not None and not year.strip().isdigit():
                self._fail(f"year must be a year (yyyy), not {year!r}", e, f"{path}/@year")
            iso_date = self._opt_date(e.get("iso-date"), e, f"{path}/@iso-date")
        return _new(IatiValue, (raw, comments, tuple(dimensions), tuple(locations), year, iso_date))
