"""Shared base for domain records: frozen, strict about unknown fields, and sourced."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["Record", "Sourced"]


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
