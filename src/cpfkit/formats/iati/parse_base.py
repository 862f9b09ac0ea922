"""What every part of the IATI activity parser shares: locating problems, judging codes, reading values.

A problem in an activity has one of two outcomes (``docs/iati.md``, "One
activity at a time"):

- :meth:`ParserBase._fail`: the activity cannot be stored as published — an
  identifier, a code cpfkit reads meaning from (status, transaction type,
  country, currency), an amount, a date or a percentage is missing or cannot
  be read.  It raises :class:`~cpfkit.errors.DataError` naming the line, the
  activity and the element; the importer skips the activity (``--strict``:
  refuses the file).
- :meth:`ParserBase._warn`: a slip on an optional element — an empty or unknown
  code, an unknown language, a narrative longer than the API keeps.  The
  element (or attribute) is left out, the code kept as published (for the
  fields cpfkit only carries to an export) or the text cut, and the warning is
  noted in :attr:`ParserBase.warnings`; with ``strict`` it is the error
  :meth:`_fail` raises, worded as before there were warnings.

Every value a message quotes is cut after 200 characters (:func:`~cpfkit.formats.iati.limits.shown`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

from cpfkit.errors import DataError, UnknownCode
from cpfkit.formats.iati.codes import FieldCodes, field_codes
from cpfkit.formats.iati.limits import MAX_NARRATIVE, short, shown
from cpfkit.model.iati import IatiOrg, IatiShare, Narrative

__all__ = ["XML_LANG", "Element", "ParserBase", "new_record", "parse_decimal"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_HUNDRED = Decimal(100)

Element = Any  # an lxml element; typed loosely so the hot path stays free of casts
new_record = tuple.__new__
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


class ParserBase:
    """The state and helpers of one parser: codelists, the activity being read, its warnings, cached dates."""

    def __init__(self, codes: FieldCodes | None = None, *, strict: bool = False) -> None:
        self.codes = codes or field_codes()
        self.strict = strict
        """Every warning is an error (for publishers checking their own files)."""
        self._dates: dict[str, date] = {}
        self._id = "?"
        self.line_offset = 0
        """Added to every line number (for activities parsed from a piece of their file)."""
        self.warnings: list[tuple[int, str, str]] = []
        """(line, element, message) of the slips noted in the last activity parsed."""
        c = self.codes.codes
        self._currencies = c["currency"]
        self._langs = c["xml:lang"]
        self._org_types = c["reporting-org/@type"]
        self._tx_types = c["transaction-type/@code"]
        self._countries = c["recipient-country/@code"]

    # -- problems ---------------------------------------------------------------------

    def _fail(self, message: str, element: Element, field: str, cls: type[DataError] = DataError) -> NoReturn:
        line = (element.sourceline or 0) + self.line_offset
        raise cls(message, record=f"line {line} (activity {short(self._id)})", field=field)

    def _warn(self, message: str, element: Element, field: str, outcome: str, cls: type[DataError] = DataError) -> None:
        """Note a slip on an optional element and what became of it (``left out``, ``kept``…); strict: fail."""
        if self.strict:
            self._fail(message, element, field, cls)
        self.warnings.append(((element.sourceline or 0) + self.line_offset, field, f"{message} ({outcome})"))

    def _unknown(self, field: str, code: str, vocabulary: str | None) -> str:
        return f"{shown(code)} is not a code of the IATI {self.codes.name(field, vocabulary)} codelist"

    # -- codes ------------------------------------------------------------------------

    def _code(self, field: str, code: str | None, element: Element, path: str, vocabulary: str | None = None) -> str:
        """A code cpfkit reads meaning from: missing, empty or not in its codelist fails the activity."""
        if code is None or not code.strip():
            self._fail("has no code", element, path)
        code = code.strip()
        if not self.codes.check(field, code, vocabulary):
            self._fail(self._unknown(field, code, vocabulary), element, path, UnknownCode)
        return code

    def _element_code(
        self, field: str, code: str | None, element: Element, path: str, vocabulary: str | None = None
    ) -> str | None:
        """The code of an optional element; None (warned) when it is missing, empty or unknown: leave the element out.

        An unknown code of a field cpfkit only carries to an export is kept as published, warned.
        """
        if code is None or not code.strip():
            self._warn("has no code", element, path, "left out")
            return None
        return self._known(field, code.strip(), element, path, vocabulary)

    def _opt_code(
        self, field: str, code: str | None, element: Element, path: str, vocabulary: str | None = None
    ) -> str | None:
        """An optional coded attribute: None when absent or empty, else as :meth:`_element_code`."""
        if code is None or not code.strip():
            return None
        return self._known(field, code.strip(), element, path, vocabulary)

    def _known(self, field: str, code: str, element: Element, path: str, vocabulary: str | None) -> str | None:
        if self.codes.check(field, code, vocabulary):
            return code
        kept = field in self.codes.warn_only
        self._warn(self._unknown(field, code, vocabulary), element, path, "kept" if kept else "left out", UnknownCode)
        return code if kept else None

    # -- values -----------------------------------------------------------------------

    def _date(self, text: str | None, element: Element, path: str) -> date:
        if text is None:
            self._fail("has no iso-date", element, path)
        parsed = self._dates.get(text)
        if parsed is not None:
            return parsed
        match = _ISO_DATE.fullmatch(text.strip())
        if not match:
            self._fail(f"not an ISO date (YYYY-MM-DD): {shown(text)}", element, path)
        try:
            parsed = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            self._fail(f"not a date: {shown(text)}", element, path)
        self._dates[text] = parsed
        return parsed

    def _opt_date(self, text: str | None, element: Element, path: str) -> date | None:
        return None if text is None or not text.strip() else self._date(text, element, path)

    def _number(self, text: str | None, element: Element, path: str) -> Decimal:
        value = parse_decimal(text)
        if value is None:
            if text is None or not text.strip():
                self._fail("has no value", element, path)
            self._fail(f"not a number: {shown(text.strip())}", element, path)
        return value

    def _percentage(self, text: str | None, element: Element, path: str) -> Decimal | None:
        if text is None or not text.strip():
            return None
        value = self._number(text, element, path)
        if not 0 <= value <= _HUNDRED:
            self._fail(f"percentage must be between 0 and 100, not {short(str(value))}", element, path)
        return value

    def _currency(self, text: str | None, element: Element, path: str) -> str:
        code = (text or "").strip()
        if code not in self._currencies:
            if not code:
                self._fail("has no currency and the activity has no default-currency", element, path)
            self._fail(self._unknown("currency", code, None), element, path, UnknownCode)
        return code

    def _narratives(self, element: Element, parent: str) -> tuple[Narrative, ...]:
        """The ``<narrative>`` children of an element (``parent`` is its path, for messages).

        An unknown language is left out (the text then takes the activity's);
        a text longer than :data:`~cpfkit.formats.iati.limits.MAX_NARRATIVE` is cut.
        """
        out = []
        langs = self._langs
        for c in element:
            if c.tag == "narrative":
                lang = c.get(XML_LANG)
                if lang is not None and lang not in langs and lang.lower() not in langs:
                    message = f"xml:lang {shown(lang)} is not a code of the IATI Language codelist"
                    self._warn(message, c, f"{parent}/narrative", "left out", UnknownCode)
                    lang = None
                text = c.text
                text = text.strip() if text else ""
                if len(text) > MAX_NARRATIVE:
                    message = f"a narrative of {len(text):,} characters, longer than the {MAX_NARRATIVE:,} kept"
                    self._warn(message, c, f"{parent}/narrative", f"cut to its first {MAX_NARRATIVE:,}")
                    text = text[:MAX_NARRATIVE]
                out.append((lang, text))
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
        return new_record(
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

    def _share(
        self, element: Element, path: str, field: str, vocabulary_field: str | None, *, needed: bool = False
    ) -> IatiShare | None:
        """A recipient country or region, or a sector; None (warned) when it is left out.

        A ``needed`` share (a recipient country: cpfkit stores an activity under
        its country) fails the activity when its code is missing or unknown.
        """
        published = vocabulary = element.get("vocabulary")
        if vocabulary_field is not None:
            vocabulary = self._opt_code(vocabulary_field, published, element, f"{path}/@vocabulary")
            if vocabulary is None and published is not None and published.strip():
                return None  # an unknown vocabulary: its codes cannot be checked
        check = self._code if needed else self._element_code
        code = check(field, element.get("code"), element, f"{path}/@code", vocabulary)
        if code is None:
            return None
        return IatiShare(
            code=code,
            vocabulary=vocabulary,
            vocabulary_uri=element.get("vocabulary-uri"),
            percentage=self._percentage(element.get("percentage"), element, f"{path}/@percentage"),
            names=self._narratives(element, path),
        )
