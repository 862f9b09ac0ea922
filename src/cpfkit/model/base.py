"""Shared base for domain records: frozen, strict about unknown fields, and sourced."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationInfo, model_validator

from cpfkit.model.number_parser import parse_number

__all__ = ["Num", "Record", "Sourced", "exact_number", "json_number", "read_number"]


def json_number(value: Decimal) -> str:
    """A decimal as JSON shows it: a string with the exact number, no exponent, no trailing zeros.

    JSON numbers are read as binary floats by most clients (JavaScript's
    ``JSON.parse``, Python's ``json.loads``), which round amounts beyond 15
    significant digits; a string keeps every digit (``docs/api.md``, "Numbers").

    Examples:
        >>> json_number(Decimal("4200000000.00")), json_number(Decimal("66.70")), json_number(Decimal("1E+3"))
        ('4200000000', '66.7', '1000')
        >>> json_number(Decimal("12345678901234567.89")), json_number(Decimal("-0.000"))
        ('12345678901234567.89', '0')
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_number(value: Any, language: str | None = None) -> Any:
    """A value on its way into a decimal field: text through the number parser, never through a float.

    Text is read by :func:`cpfkit.model.number_parser.parse_number` in the
    conventions of ``language`` (None: the neutral format of cpfkit's files and
    the API).  A float is taken at its shortest decimal form (what was written
    in a YAML file or a spreadsheet cell); a bool is refused.
    """
    if isinstance(value, bool):
        raise ValueError("is a yes/no value, not a number")
    if isinstance(value, str):
        return parse_number(value, language)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def read_number(value: Any, info: ValidationInfo) -> Any:
    """:func:`exact_number` in the language of the validation context (``context={"language": "ru"}``)."""
    context = info.context if isinstance(info.context, dict) else {}
    return exact_number(value, context.get("language"))


Num = Annotated[
    Decimal,
    BeforeValidator(read_number),
    PlainSerializer(json_number, return_type=str, when_used="json"),
]
"""An exact decimal: read through the one number parser, shown in JSON as a string of its exact digits."""


class Record(BaseModel):
    """A frozen domain record that refuses unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Sourced(Record):
    """A record whose figures come from a named source, or are marked illustrative.

    ``source`` is a public address or a document reference.  A figure with no
    public source is kept only with ``illustrative: true``, and reports show
    the mark.  ``illustrative_fields`` marks single fields of an otherwise
    sourced record (for example the dates of a project whose amount is public).
    """

    source: str | None = None
    illustrative: bool = False
    illustrative_fields: frozenset[str] = frozenset()

    @model_validator(mode="after")
    def _has_provenance(self) -> Sourced:
        if not self.source and not self.illustrative:
            raise ValueError("needs a source, or illustrative: true")
        return self

    def is_illustrative(self, field: str | None = None) -> bool:
        """Whether the record, or one of its fields, is illustrative."""
        return self.illustrative or (field is not None and field in self.illustrative_fields)
