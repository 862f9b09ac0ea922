"""A record's provenance between the model and the store: ``source``, ``illustrative``, ``illustrative_fields``.

The three columns of :class:`cpfkit.store.tables_base.Provenance`.  The
illustrative fields are kept sorted in the store, so a record reads back as
it was written.
"""

from __future__ import annotations

from typing import Any

from cpfkit.model.base import Sourced

__all__ = ["provenance_columns", "provenance_of"]


def provenance_columns(record: Sourced) -> dict[str, Any]:
    """The provenance columns of a row for a model record (the illustrative fields sorted)."""
    return {
        "source": record.source,
        "illustrative": record.illustrative,
        "illustrative_fields": sorted(record.illustrative_fields),
    }


def provenance_of(row: Any) -> dict[str, Any]:
    """The provenance fields of a model record for a row (a row without the columns reads as unsourced)."""
    return {
        "source": getattr(row, "source", None),
        "illustrative": bool(getattr(row, "illustrative", False)),
        "illustrative_fields": frozenset(getattr(row, "illustrative_fields", None) or ()),
    }
