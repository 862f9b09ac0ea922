"""Shared base for domain records: frozen, strict about unknown fields, and sourced."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer, model_validator

__all__ = ["Num", "Record", "Sourced", "json_number"]


def json_number(value: Decimal) -> int | float:
    """A decimal as a JSON number: an integer when it is whole, else a float.

    Examples:
        >>> json_number(Decimal("4200000000.00")), json_number(Decimal("66.70"))
        (4200000000, 66.7)
    """
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Num = Annotated[Decimal, PlainSerializer(json_number, return_type=int | float, when_used="json")]
"""An exact decimal that JSON shows as a number (API and CLI alike)."""


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
