"""What every editable record shares: where its figures come from, where it was loaded from, and its life.

Every record's public form ends with the same fields, in this order
(:data:`METADATA_FIELDS`, documented in ``docs/api.md``, "Record fields"):
``source``, ``illustrative``, ``illustrative_fields`` (provenance), ``origin``
(the programme whose folder loaded it, None for an edit or an import),
``version``, ``created_at``, ``updated_at`` and ``deleted_at``.  A public
form is written ``class XPublic(RecordMetadata, XFields)``: pydantic lays
the fields out from the last base to the first, so the record's identity and
own fields (``XFields``) come first and :class:`RecordMetadata` last.

Written, a record takes its provenance with :class:`~cpfkit.store.records.fields.Provenance`
(creation) or :class:`ProvenanceUpdate` (change); the other fields are kept
by the store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from cpfkit.store.audit import as_utc
from cpfkit.store.records.fields import IllustrativeFields, Note, Schema

__all__ = ["METADATA_FIELDS", "ProvenanceUpdate", "RecordMetadata", "metadata_of"]

METADATA_FIELDS = (
    "source",
    "illustrative",
    "illustrative_fields",
    "origin",
    "version",
    "created_at",
    "updated_at",
    "deleted_at",
)
"""The fields every public form ends with, in their order."""


class RecordMetadata(BaseModel):
    """The fields every record's public form ends with; times carry their zone (UTC).

    Records that keep no provenance (priority areas, objectives) show none
    (``source`` null, ``illustrative`` false); ``origin`` is null but for the
    records a folder loads onto operations (ledger, ratings, register
    entries); ``created_at`` and ``updated_at`` are null where the store keeps
    no times (priority areas, objectives).
    """

    source: str | None = Field(description="The public source of the record's figures.")
    illustrative: bool = Field(description="The figures are illustrative, not from a public source.")
    illustrative_fields: list[str] = Field(description="Single fields marked illustrative.")
    origin: str | None = Field(description="The programme whose folder loaded the record; null otherwise.")
    version: int = Field(description="The version to send back in If-Match.")
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None = Field(description="When the record was deleted; null while it is live.")

    @field_validator("created_at", "updated_at", "deleted_at", mode="after")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return as_utc(value)


def metadata_of(row: Any) -> dict[str, Any]:
    """The metadata of a stored record (a row without a column shows that field empty)."""
    return {
        "source": getattr(row, "source", None),
        "illustrative": bool(getattr(row, "illustrative", False)),
        "illustrative_fields": list(getattr(row, "illustrative_fields", None) or []),
        "origin": getattr(row, "origin", None),
        "version": row.version,
        "created_at": getattr(row, "created_at", None),
        "updated_at": getattr(row, "updated_at", None),
        "deleted_at": row.deleted_at,
    }


class ProvenanceUpdate(Schema):
    """The provenance a change may give; a field left out stays as it is."""

    source: Note | None = None
    illustrative: bool | None = None
    illustrative_fields: IllustrativeFields | None = Field(default=None, max_length=50)
