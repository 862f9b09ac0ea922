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
(``parse_base.py`` says which is which; ``parse_results.py`` reads results,
``parse_places.py`` locations, ``parse_money.py`` budgets and transactions).

This is the hot path of a whole-registry import, so it walks each element's
children once and dispatches on the tag, and caches parsed dates; and it
hands each activity first to the compiled walker (``_walk.pyx``), which builds
the same record for the common case without a Python object per element; the
activities the walker gives back are read here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cpfkit.errors import UnknownCode
from cpfkit.formats.iati.codes import FieldCodes
from cpfkit.formats.iati.limits import shown
from cpfkit.formats.iati.parse_base import XML_LANG, Element, parse_decimal
from cpfkit.formats.iati.parse_money import MoneyParser
from cpfkit.model.iati import (
    IatiActivity,
)

try:  # the compiled reader of the common case (``_walk.pyx``), built when cpfkit is installed
    from lxml import etree as _etree

    from cpfkit.formats.iati._walk import LXML_BUILT, Walker

    if LXML_BUILT != _etree.__version__:  # pragma: no cover - built against other lxml headers: not used
        Walker = None  # type: ignore[assignment,misc]
except (ImportError, ValueError):  # pragma: no cover - not built here (or built for another lxml): unused
    Walker = None  # type: ignore[assignment,misc]

__all__ = ["XML_LANG", "ActivityParser", "parse_decimal"]


class ActivityParser(MoneyParser):
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

    def _default_aid_type(self, e: Element, acc: dict[str, Any]) -> None:
        aid = self._aid_type(e, "default-aid-type")
        if aid is not None:
            acc["default_aid_types"].append(aid)

    def _related(self, e: Element, acc: dict[str, Any]) -> None:
        kind = self._element_code("related-activity/@type", e.get("type"), e, "related-activity/@type")
        if kind is not None:
            acc["related"].append((kind, (e.get("ref") or "").strip()))
