"""Which IATI codelist each coded field must come from, read from ``iati_codelist_fields.csv``.

The file (``reference/codelists/cpfkit/``) names, for every coded field cpfkit
reads, the official codelist that holds its codes and, where the codelist
depends on a vocabulary attribute (sectors, regions, aid types), the
vocabulary it applies to.  Codes of other vocabularies (a publisher's own
"99") are kept as written.  Withdrawn codes are accepted: old files use them.

``unknown_code`` says what an unknown code does: ``warning`` for the fields
cpfkit only carries through to an export (location gazetteers, aid, finance
and flow types, regions, reference vocabularies…), which keep the code as
published and report it; ``error`` for the others, whose code cpfkit cannot
keep — the activity is skipped when cpfkit needs the code (activity status,
transaction type, recipient country, currency), and otherwise the element
(or attribute) is left out with a warning (``parse_base.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cpfkit.reference import load_catalogue, load_codelist

__all__ = ["FieldCodes", "field_codes"]


@dataclass(frozen=True)
class FieldCodes:
    """The codes each field accepts: ``codes[field]`` (any vocabulary) or ``by_vocabulary[field][vocabulary]``."""

    codes: dict[str, frozenset[str]]
    by_vocabulary: dict[str, dict[str, frozenset[str]]]
    codelist_of: dict[str, str]
    warn_only: frozenset[str] = frozenset()

    def check(self, field: str, code: str, vocabulary: str | None = None) -> bool:
        """Whether ``code`` is allowed in ``field`` (under ``vocabulary`` where that matters).

        Examples:
            >>> codes = field_codes()
            >>> codes.check("transaction-type/@code", "3"), codes.check("transaction-type/@code", "99")
            (True, False)
            >>> codes.check("sector/@code", "21020", "1"), codes.check("sector/@code", "XYZ", "99")
            (True, True)
        """
        allowed = self.codes.get(field)
        if allowed is not None:
            return code in allowed
        per_vocabulary = self.by_vocabulary.get(field)
        if per_vocabulary is None:
            return True
        allowed = per_vocabulary.get(vocabulary or "1")
        return allowed is None or code in allowed

    def name(self, field: str, vocabulary: str | None = None) -> str:
        """The codelist a field is checked against (for messages)."""
        return self.codelist_of.get(f"{field}|{vocabulary or '1'}") or self.codelist_of.get(field, "?")


@cache
def field_codes() -> FieldCodes:
    """Load the field-to-codelist table and the codelists it names (once)."""
    codes: dict[str, frozenset[str]] = {}
    by_vocabulary: dict[str, dict[str, frozenset[str]]] = {}
    codelist_of: dict[str, str] = {}
    warn_only: set[str] = set()
    for row in load_catalogue("iati_codelist_fields"):
        if row["unknown_code"] == "warning":
            warn_only.add(row["field"])
        field, codelist, vocabulary = row["field"], row["codelist"], row["vocabulary"]
        allowed = load_codelist(codelist).codes
        if vocabulary:
            by_vocabulary.setdefault(field, {})[vocabulary] = allowed
            codelist_of[f"{field}|{vocabulary}"] = codelist
        else:
            codes[field] = allowed
            codelist_of[field] = codelist
    return FieldCodes(codes, by_vocabulary, codelist_of, frozenset(warn_only))
