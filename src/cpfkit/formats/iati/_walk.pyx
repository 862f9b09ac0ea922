# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The common case of :meth:`ActivityParser.parse`, read straight from libxml2's tree.

:class:`ActivityParser` (``parse.py``) is the reference: it checks every
value, names the line and element of the first problem, and keeps the
unknown codes of the warn-only fields with a warning.  This module builds the
same :class:`~cpfkit.model.iati.IatiActivity` for an activity in which
nothing is wrong or unusual, reading the element's nodes, names and
attributes from the C structures lxml parsed into instead of through one
Python object per element and attribute.  At the first thing it does not take
as is — an unknown, empty, missing or padded code, a number or date it cannot
read at a glance, an amount that may pass the ceiling of a single amount, a
narrative longer than cpfkit keeps, a missing required element, text split
over several nodes, a DTD — it gives up on the activity (``parse`` returns None) and the reference parser
reads it, so that errors, warnings and rare forms are handled in one place.
``tests/formats/test_iati_walk.py`` checks that both build equal activities.
"""

from libc.string cimport strcmp

from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cimport lxml.includes.etreepublic as cetree
from lxml.includes.etreepublic cimport LXML_VERSION_STRING

cetree.import_lxml__etree()

LXML_BUILT = (<bytes>LXML_VERSION_STRING).decode()
"""The lxml version whose headers this module was compiled against (``parse.py`` uses it only with that one)."""

from datetime import date as _Date
from decimal import Decimal as _Decimal

from cpfkit.formats.iati.limits import MAX_NARRATIVE
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
)

cdef object _new = tuple.__new__
cdef object _HUNDRED = _Decimal(100)
cdef object _ZERO = _Decimal(0)
cdef const char* _XML_NS = b"http://www.w3.org/XML/1998/namespace"
cdef Py_ssize_t _MAX_NARRATIVE = MAX_NARRATIVE
cdef int _AMOUNT_DIGITS = 13  # digits before the point that keep an amount below the ceiling (10^13)


class GiveUp(Exception):
    """The activity is not one this module reads: the reference parser does."""


cdef inline bint _named(xmlNode* c, const char* name) noexcept:
    return strcmp(<const char*>c.name, name) == 0


cdef inline xmlNode* _element(xmlNode* c) noexcept:
    """``c`` or the first sibling after it that is an element of the IATI standard (not a comment, text, or an
    element of another namespace); NULL when there is none."""
    while c is not NULL and (c.type != tree.XML_ELEMENT_NODE or c.ns is not NULL):
        c = c.next
    return c


cdef inline str _utf8(const unsigned char* text):
    return (<const char*>text).decode("utf-8")


cdef object _attr_value(xmlAttr* a):
    cdef xmlNode* t = a.children
    if t is NULL:
        return ""
    if t.type == tree.XML_TEXT_NODE and t.next is NULL:
        return _utf8(t.content)
    raise GiveUp


cdef object _attr(xmlNode* node, const char* name):
    """What ``element.get(name)`` gives for an attribute of no namespace."""
    cdef xmlAttr* a = node.properties
    while a is not NULL:
        if a.ns is NULL and strcmp(<const char*>a.name, name) == 0:
            return _attr_value(a)
        a = a.next
    return None


cdef object _lang(xmlNode* node):
    """``xml:lang``."""
    cdef xmlAttr* a = node.properties
    while a is not NULL:
        if a.ns is not NULL and strcmp(<const char*>a.name, b"lang") == 0 and a.ns.href is not NULL \
                and strcmp(<const char*>a.ns.href, _XML_NS) == 0:
            return _attr_value(a)
        a = a.next
    return None


cdef object _text(xmlNode* node):
    """What ``element.text`` gives, when the text is one node (else give up)."""
    cdef xmlNode* t = node.children
    if t is NULL or (t.type != tree.XML_TEXT_NODE and t.type != tree.XML_CDATA_SECTION_NODE):
        if t is not NULL and t.type != tree.XML_ELEMENT_NODE and t.type != tree.XML_COMMENT_NODE \
                and t.type != tree.XML_PI_NODE:
            raise GiveUp  # an entity reference or an XInclude marker: lxml's rules apply
        return None
    if t.next is not NULL and (t.next.type == tree.XML_TEXT_NODE or t.next.type == tree.XML_CDATA_SECTION_NODE):
        raise GiveUp
    return _utf8(t.content)


cdef xmlNode* _first(xmlNode* node, const char* name) noexcept:
    cdef xmlNode* c = _element(node.children)
    while c is not NULL:
        if _named(c, name):
            return c
        c = _element(c.next)
    return NULL


cdef inline bint _plain(str code):
    """Whether stripping would leave the text as it is (and it is not empty)."""
    cdef Py_ssize_t n = len(code)
    if n == 0:
        return False
    cdef Py_UCS4 first = code[0]
    cdef Py_UCS4 last = code[n - 1]
    return 0x20 < first < 0x7F and 0x20 < last < 0x7F


cdef object _decimal(object text, int max_whole=-1):
    """An ``xsd:decimal`` written plainly (sign, digits, at most one point) as a Decimal; else give up.

    With ``max_whole`` (an amount), also give up on more digits before the point than that: such an amount may
    be beyond the ceiling, which the reference parser judges.
    """
    if text is None:
        raise GiveUp
    cdef str s = <str>text
    cdef Py_ssize_t n = len(s)
    cdef Py_ssize_t i = 0
    cdef int digits = 0
    cdef int whole = 0
    cdef bint point = False
    cdef Py_UCS4 ch
    if n and (s[0] == u"-" or s[0] == u"+"):
        i = 1
    while i < n:
        ch = s[i]
        if u"0" <= ch <= u"9":
            digits += 1
            if not point:
                whole += 1
        elif ch == u"." and not point:
            point = True
        else:
            raise GiveUp
        i += 1
    if digits == 0 or (max_whole >= 0 and whole > max_whole):
        raise GiveUp
    return _Decimal(s)


cdef class Walker:
    """Reads activities for one :class:`ActivityParser`, sharing its codelists and its cache of dates."""

    cdef dict dates
    cdef dict codes
    cdef dict by_vocabulary
    cdef object langs
    cdef object currencies
    cdef object org_types
    cdef object tx_types

    def __init__(self, codes, dict dates):
        self.codes = codes.codes
        self.by_vocabulary = codes.by_vocabulary
        self.dates = dates
        self.langs = self.codes["xml:lang"]
        self.currencies = self.codes["currency"]
        self.org_types = self.codes["reporting-org/@type"]
        self.tx_types = self.codes["transaction-type/@code"]

    def parse(self, cetree._Element element):
        """The activity, or None when the reference parser must read it."""
        cdef xmlNode* node = element._c_node
        if node.doc is NULL or node.doc.intSubset is not NULL or node.doc.extSubset is not NULL:  # a DTD may add attributes
            return None
        try:
            return self._activity(node)
        except GiveUp:
            return None

    # -- values -----------------------------------------------------------------------

    cdef object _check(self, str field, object code, object vocabulary):
        """A code of ``field`` as published, when it is known (``FieldCodes.check``); else give up."""
        if code is None:
            raise GiveUp
        allowed = self.codes.get(field)
        if allowed is None:
            per_vocabulary = self.by_vocabulary.get(field)
            if per_vocabulary is not None:
                allowed = per_vocabulary.get(vocabulary or "1")
        if allowed is None:
            if not _plain(code):
                raise GiveUp
        elif code not in allowed:
            raise GiveUp
        return code

    cdef inline object _opt(self, str field, object code):
        return None if code is None else self._check(field, code, None)

    cdef object _date(self, object text):
        if text is None:
            raise GiveUp
        found = self.dates.get(text)
        if found is not None:
            return found
        cdef str s = <str>text
        if len(s) != 10 or s[4] != u"-" or s[7] != u"-":
            raise GiveUp
        for i in (0, 1, 2, 3, 5, 6, 8, 9):
            if not (u"0" <= s[i] <= u"9"):
                raise GiveUp
        try:
            found = _Date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
        except ValueError:
            raise GiveUp
        self.dates[text] = found
        return found

    cdef object _percentage(self, object text):
        if text is None:
            return None
        value = _decimal(text)
        if not (_ZERO <= value <= _HUNDRED):
            raise GiveUp
        return value

    cdef tuple _narratives(self, xmlNode* node):
        cdef list out = []
        cdef xmlNode* c = _element(node.children)
        langs = self.langs
        while c is not NULL:
            if _named(c, b"narrative"):
                lang = _lang(c)
                if lang is not None and lang not in langs and lang.lower() not in langs:
                    raise GiveUp
                text = _text(c)
                if text is not None and len(<str>text) > _MAX_NARRATIVE:
                    raise GiveUp  # cut, with a warning, by the reference parser
                out.append((lang, text.strip() if text else ""))
            c = _element(c.next)
        return tuple(out)

    cdef object _org(self, xmlNode* node, const char* activity_attr, object role, object crs, object secondary):
        org_type = _attr(node, b"type")
        if org_type is not None and org_type not in self.org_types:
            raise GiveUp
        ref = _attr(node, b"ref")
        if ref is not None:
            ref = ref.strip() or None
        return _new(
            IatiOrg,
            (
                ref,
                org_type,
                self._narratives(node),
                role,
                _attr(node, activity_attr) if activity_attr is not NULL else None,
                crs,
                secondary,
            ),
        )

    cdef object _share(self, xmlNode* node, str field, str vocabulary_field):
        vocabulary = _attr(node, b"vocabulary")
        if vocabulary_field is not None:
            vocabulary = self._opt(vocabulary_field, vocabulary)
        code = self._check(field, _attr(node, b"code"), vocabulary)
        return _new(
            IatiShare,
            (
                code,
                vocabulary,
                _attr(node, b"vocabulary-uri"),
                self._percentage(_attr(node, b"percentage")),
                self._narratives(node),
            ),
        )

    cdef tuple _aid_type(self, xmlNode* node):
        vocabulary = self._opt("aid-type/@vocabulary", _attr(node, b"vocabulary"))
        return vocabulary, self._check("aid-type/@code", _attr(node, b"code"), vocabulary)

    # -- the activity -----------------------------------------------------------------

    cdef object _activity(self, xmlNode* node):
        lang = _lang(node)
        if lang is not None and lang.lower() not in self.langs:
            raise GiveUp
        default_currency = _attr(node, b"default-currency")
        if default_currency is not None and default_currency not in self.currencies:
            raise GiveUp
        identifier = reporting_org = status = scope = None
        collaboration = flow = finance = tied = None
        titles = ()
        cdef list descriptions = [], participating = [], dates = [], countries = [], regions = []
        cdef list sectors = [], locations = [], aid_types = [], budgets = [], transactions = []
        cdef list related = [], results = []
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"transaction") == 0:
                transactions.append(self._transaction(c, default_currency))
            elif strcmp(name, b"result") == 0:
                results.append(self._result(c))
            elif strcmp(name, b"budget") == 0:
                budgets.append(self._budget(c, default_currency))
            elif strcmp(name, b"iati-identifier") == 0:
                text = _text(c)
                identifier = text.strip() if text else ""
                if not identifier:
                    raise GiveUp
            elif strcmp(name, b"reporting-org") == 0:
                reporting_org = self._org(c, NULL, None, None, _attr(c, b"secondary-reporter"))
            elif strcmp(name, b"title") == 0:
                titles = self._narratives(c)
            elif strcmp(name, b"description") == 0:
                descriptions.append((self._opt("description/@type", _attr(c, b"type")), self._narratives(c)))
            elif strcmp(name, b"participating-org") == 0:
                role = self._check("participating-org/@role", _attr(c, b"role"), None)
                participating.append(self._org(c, b"activity-id", role, _attr(c, b"crs-channel-code"), None))
            elif strcmp(name, b"activity-status") == 0:
                status = self._check("activity-status/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"activity-date") == 0:
                kind = self._check("activity-date/@type", _attr(c, b"type"), None)
                dates.append((kind, self._date(_attr(c, b"iso-date"))))
            elif strcmp(name, b"activity-scope") == 0:
                scope = self._check("activity-scope/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"recipient-country") == 0:
                countries.append(self._share(c, "recipient-country/@code", None))
            elif strcmp(name, b"recipient-region") == 0:
                regions.append(self._share(c, "recipient-region/@code", "recipient-region/@vocabulary"))
            elif strcmp(name, b"sector") == 0:
                sectors.append(self._share(c, "sector/@code", "sector/@vocabulary"))
            elif strcmp(name, b"location") == 0:
                locations.append(self._location(c))
            elif strcmp(name, b"collaboration-type") == 0:
                collaboration = self._check("collaboration-type/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"default-flow-type") == 0:
                flow = self._check("flow-type/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"default-finance-type") == 0:
                finance = self._check("finance-type/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"default-aid-type") == 0:
                aid_types.append(self._aid_type(c))
            elif strcmp(name, b"default-tied-status") == 0:
                tied = self._check("tied-status/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"related-activity") == 0:
                kind = self._check("related-activity/@type", _attr(c, b"type"), None)
                ref = _attr(c, b"ref")
                related.append((kind, ref.strip() if ref else ""))
            c = _element(c.next)
        if identifier is None or reporting_org is None:
            raise GiveUp
        return _new(
            IatiActivity,
            (
                identifier,
                reporting_org,
                lang,
                default_currency,
                _attr(node, b"hierarchy"),
                _attr(node, b"last-updated-datetime"),
                _attr(node, b"humanitarian"),
                titles,
                tuple(descriptions),
                tuple(participating),
                status,
                tuple(dates),
                scope,
                tuple(countries),
                tuple(regions),
                tuple(sectors),
                tuple(locations),
                collaboration,
                flow,
                finance,
                tuple(aid_types),
                tied,
                tuple(budgets),
                tuple(transactions),
                tuple(related),
                tuple(results),
            ),
        )

    # -- locations --------------------------------------------------------------------

    cdef object _location(self, xmlNode* node):
        reach = exactness = location_class = feature = lat = lon = None
        names = descriptions = activity_descriptions = ()
        cdef list ids = [], administrative = []
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"name") == 0:
                names = self._narratives(c)
            elif strcmp(name, b"point") == 0:
                lat, lon = self._point(c)
            elif strcmp(name, b"location-id") == 0:
                vocabulary = self._opt("location-id/@vocabulary", _attr(c, b"vocabulary"))
                ids.append((vocabulary, _attr(c, b"code")))
            elif strcmp(name, b"administrative") == 0:
                vocabulary = self._opt("administrative/@vocabulary", _attr(c, b"vocabulary"))
                administrative.append((vocabulary, _attr(c, b"level"), _attr(c, b"code")))
            elif strcmp(name, b"description") == 0:
                descriptions = self._narratives(c)
            elif strcmp(name, b"activity-description") == 0:
                activity_descriptions = self._narratives(c)
            elif strcmp(name, b"location-reach") == 0:
                reach = self._check("location-reach/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"exactness") == 0:
                exactness = self._check("exactness/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"location-class") == 0:
                location_class = self._check("location-class/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"feature-designation") == 0:
                feature = self._check("feature-designation/@code", _attr(c, b"code"), None)
            c = _element(c.next)
        return _new(
            IatiLocation,
            (
                _attr(node, b"ref"),
                reach,
                tuple(ids),
                names,
                descriptions,
                activity_descriptions,
                tuple(administrative),
                lat,
                lon,
                exactness,
                location_class,
                feature,
            ),
        )

    cdef tuple _point(self, xmlNode* node):
        cdef xmlNode* pos = _first(node, b"pos")
        if pos is NULL:
            return None, None
        text = _text(pos)
        if not text or not text.strip():
            return None, None
        parts = text.split()
        if len(parts) != 2:
            raise GiveUp
        lat = _decimal(parts[0])
        lon = _decimal(parts[1])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GiveUp
        return lat, lon

    # -- money ------------------------------------------------------------------------

    cdef object _budget(self, xmlNode* node, object currency):
        start = end = value = value_date = None
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"period-start") == 0:
                start = self._date(_attr(c, b"iso-date"))
            elif strcmp(name, b"period-end") == 0:
                end = self._date(_attr(c, b"iso-date"))
            elif strcmp(name, b"value") == 0:
                value = _decimal(_text(c), _AMOUNT_DIGITS)
                currency = _attr(c, b"currency") or currency
                text = _attr(c, b"value-date")
                value_date = None if text is None else self._date(text)
            c = _element(c.next)
        if start is None or end is None or value is None or currency not in self.currencies:
            raise GiveUp
        return _new(
            IatiBudget,
            (
                self._opt("budget/@type", _attr(node, b"type")),
                self._opt("budget/@status", _attr(node, b"status")),
                start,
                end,
                value,
                currency,
                value_date,
            ),
        )

    cdef object _transaction(self, xmlNode* node, object default_currency):
        cdef xmlNode* kind_node = NULL
        cdef xmlNode* date_node = NULL
        cdef xmlNode* value_node = NULL
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        cdef bint rest = False
        descriptions = ()
        provider = receiver = None
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"value") == 0:
                value_node = c
            elif strcmp(name, b"transaction-date") == 0:
                date_node = c
            elif strcmp(name, b"transaction-type") == 0:
                kind_node = c
            elif strcmp(name, b"description") == 0:
                descriptions = self._narratives(c)
            elif strcmp(name, b"provider-org") == 0:
                provider = self._org(c, b"provider-activity-id", None, None, None)
            elif strcmp(name, b"receiver-org") == 0:
                receiver = self._org(c, b"receiver-activity-id", None, None, None)
            else:
                rest = True
            c = _element(c.next)
        if kind_node is NULL or date_node is NULL or value_node is NULL:
            raise GiveUp
        kind = _attr(kind_node, b"code")
        if kind not in self.tx_types:
            raise GiveUp
        on = self._date(_attr(date_node, b"iso-date"))
        amount = _decimal(_text(value_node), _AMOUNT_DIGITS)
        currency = _attr(value_node, b"currency") or default_currency
        if currency not in self.currencies:
            raise GiveUp
        text = _attr(value_node, b"value-date")
        value_date = None if text is None else self._date(text)
        channel = flow = finance = tied = country = region = None
        sectors = ()
        aid_types = ()
        if rest:
            sectors, aid_types, channel, country, region, flow, finance, tied = self._classifications(node)
        return _new(
            IatiTransaction,
            (
                kind,
                on,
                amount,
                currency,
                value_date,
                _attr(node, b"ref"),
                _attr(node, b"humanitarian"),
                descriptions,
                provider,
                receiver,
                channel,
                sectors,
                country,
                region,
                flow,
                finance,
                aid_types,
                tied,
            ),
        )

    cdef tuple _classifications(self, xmlNode* node):
        """A transaction's sectors, aid types, channel, recipient, flow, finance and tied status."""
        cdef list sectors = [], aid_types = []
        channel = flow = finance = tied = country = region = None
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"finance-type") == 0:
                finance = self._check("finance-type/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"aid-type") == 0:
                aid_types.append(self._aid_type(c))
            elif strcmp(name, b"flow-type") == 0:
                flow = self._check("flow-type/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"tied-status") == 0:
                tied = self._check("tied-status/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"disbursement-channel") == 0:
                channel = self._check("disbursement-channel/@code", _attr(c, b"code"), None)
            elif strcmp(name, b"sector") == 0:
                sectors.append(self._share(c, "sector/@code", "sector/@vocabulary"))
            elif strcmp(name, b"recipient-country") == 0:
                country = self._share(c, "recipient-country/@code", None)
            elif strcmp(name, b"recipient-region") == 0:
                region = self._share(c, "recipient-region/@code", "recipient-region/@vocabulary")
            c = _element(c.next)
        return tuple(sectors), tuple(aid_types), channel, country, region, flow, finance, tied

    # -- results ----------------------------------------------------------------------

    cdef object _result(self, xmlNode* node):
        titles = descriptions = ()
        cdef list indicators = []
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"indicator") == 0:
                indicators.append(self._indicator(c))
            elif strcmp(name, b"title") == 0:
                titles = self._narratives(c)
            elif strcmp(name, b"description") == 0:
                descriptions = self._narratives(c)
            elif strcmp(name, b"reference") == 0:
                self._opt("result/reference/@vocabulary", _attr(c, b"vocabulary"))
            c = _element(c.next)
        return _new(
            IatiResult,
            (
                self._check("result/@type", _attr(node, b"type"), None),
                _attr(node, b"aggregation-status"),
                titles,
                descriptions,
                tuple(indicators),
            ),
        )

    cdef object _indicator(self, xmlNode* node):
        measure = self._check("indicator/@measure", _attr(node, b"measure"), None)
        titles = descriptions = ()
        cdef list references = [], baselines = [], periods = []
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"period") == 0:
                periods.append(self._period(c, measure))
            elif strcmp(name, b"baseline") == 0:
                baselines.append(self._value(c, measure, True))
            elif strcmp(name, b"title") == 0:
                titles = self._narratives(c)
            elif strcmp(name, b"description") == 0:
                descriptions = self._narratives(c)
            elif strcmp(name, b"reference") == 0:
                vocabulary = self._opt("indicator/reference/@vocabulary", _attr(c, b"vocabulary"))
                references.append((vocabulary, _attr(c, b"code"), _attr(c, b"indicator-uri")))
            c = _element(c.next)
        return _new(
            IatiIndicator,
            (
                measure,
                _attr(node, b"ascending"),
                _attr(node, b"aggregation-status"),
                titles,
                descriptions,
                tuple(references),
                tuple(baselines),
                tuple(periods),
            ),
        )

    cdef object _period(self, xmlNode* node, object measure):
        start = end = None
        cdef list targets = [], actuals = []
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"target") == 0:
                targets.append(self._value(c, measure, False))
            elif strcmp(name, b"actual") == 0:
                actuals.append(self._value(c, measure, False))
            elif strcmp(name, b"period-start") == 0:
                start = self._date(_attr(c, b"iso-date"))
            elif strcmp(name, b"period-end") == 0:
                end = self._date(_attr(c, b"iso-date"))
            c = _element(c.next)
        if start is None or end is None:
            raise GiveUp
        return _new(IatiPeriod, (start, end, tuple(targets), tuple(actuals)))

    cdef object _value(self, xmlNode* node, object measure, bint baseline):
        raw = _attr(node, b"value")
        if raw is not None:
            raw = raw.strip()
            if measure != "5":  # quantitative: the value must be a number
                _decimal(raw)
        comments = ()
        cdef list dimensions = [], locations = []
        cdef xmlNode* c = _element(node.children)
        cdef const char* name
        while c is not NULL:
            name = <const char*>c.name
            if strcmp(name, b"comment") == 0:
                comments = self._narratives(c)
            elif strcmp(name, b"dimension") == 0:
                dimensions.append((_attr(c, b"name") or "", _attr(c, b"value") or ""))
            elif strcmp(name, b"location") == 0:
                locations.append(_attr(c, b"ref") or "")
            c = _element(c.next)
        year = iso_date = None
        if baseline:
            year = _attr(node, b"year")
            if year is not None and not year.strip().isdigit():
                raise GiveUp
            text = _attr(node, b"iso-date")
            iso_date = None if text is None else self._date(text)
        return _new(IatiValue, (raw, comments, tuple(dimensions), tuple(locations), year, iso_date))
