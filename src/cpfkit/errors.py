"""cpfkit errors: one tree, so every interface can turn each into one message or status.

* CpfkitError
  x DataError                 bad input: names the file, record and field
    - UnknownCode             a code that is not in the codelist it must come from
    - DuplicateIdentifier     the same identifier twice
    - MissingReference        a link to something that does not exist
    - MissingProvenance       a figure with neither source nor illustrative mark
  x NotFound                  an identifier the store does not hold
  x FxRateMissing             no rate for a currency and date in the rates table
  x StoreError                the database is not usable (not migrated, unreachable)
"""

from __future__ import annotations

__all__ = [
    "CpfkitError",
    "DataError",
    "DuplicateIdentifier",
    "FxRateMissing",
    "MissingProvenance",
    "MissingReference",
    "NotFound",
    "StoreError",
    "UnknownCode",
]


class CpfkitError(Exception):
    """Base of every error cpfkit raises on purpose."""


class DataError(CpfkitError):
    """Bad input data, located by file, record and field.

    Args:
        message: what is wrong, in words a data author understands.
        file: the file the record came from (or a description of the input).
        record: the record's identifier or row number.
        field: the field within the record.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.record = record
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as one line: ``file: record: field: message``."""
        parts = [p for p in (self.file, self.record, self.field and f"field {self.field}") if p]
        return ": ".join([*parts, self.message])

    def located(self, *, file: str | None = None, record: str | None = None, field: str | None = None) -> DataError:
        """A copy of this error with missing location parts filled in."""
        return type(self)(
            self.message,
            file=self.file or file,
            record=self.record or record,
            field=self.field or field,
        )


class UnknownCode(DataError):
    """A code that is not in the codelist it must come from."""


class DuplicateIdentifier(DataError):
    """The same identifier appears twice where it must be unique."""


class MissingReference(DataError):
    """A link to a record that does not exist."""


class MissingProvenance(DataError):
    """A figure with neither a source nor an illustrative mark."""


class NotFound(CpfkitError):
    """An identifier the store does not hold."""

    def __init__(self, kind: str, identifier: str) -> None:
        self.kind = kind
        self.identifier = identifier
        super().__init__(f"no {kind} with id {identifier!r}")


class FxRateMissing(CpfkitError):
    """No exchange rate for a currency on a date."""


class StoreError(CpfkitError):
    """The database cannot be used as asked."""
