"""cpfkit errors: one tree, so every interface can turn each into one message or status.

* CpfkitError
  x DataError                 bad input: names the file, record and field
    - UnknownCode             a code that is not in the codelist it must come from
    - DuplicateIdentifier     the same identifier twice
    - MissingReference        a link to something that does not exist
    - MissingProvenance       a figure with neither source nor illustrative mark
    - Conflict                the write clashes with what is stored (an identifier taken, children left)
      - PeriodClosed          the write touches values of a closed period
  x NotFound                  an identifier the store does not hold
  x FxRateMissing             no rate for a currency and date in the rates table
  x StoreError                the database is not usable (not migrated, unreachable)
  x AccessError               who may do what
    - NotAuthenticated        no valid credentials (wrong password, unknown or revoked token)
    - PermissionDenied        signed in, but the role or programme assignment does not allow it
    - Throttled               too many failed sign-ins: wait ``retry_after`` seconds
  x PreconditionError         optimistic concurrency
    - VersionRequired         a write without the version it was based on (If-Match)
    - VersionMismatch         the record changed since that version: nothing was written
"""

from __future__ import annotations

__all__ = [
    "AccessError",
    "Conflict",
    "CpfkitError",
    "DataError",
    "DuplicateIdentifier",
    "FxRateMissing",
    "MissingProvenance",
    "MissingReference",
    "NotAuthenticated",
    "NotFound",
    "PeriodClosed",
    "PermissionDenied",
    "PreconditionError",
    "StoreError",
    "Throttled",
    "UnknownCode",
    "VersionMismatch",
    "VersionRequired",
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


class Conflict(DataError):
    """A write that clashes with the stored data: an identifier already taken, a record still in use."""


class PeriodClosed(Conflict):
    """A write that would add, change or delete a value dated inside a programme's closed period.

    Names the period: the programme, the last day closed, who closed it, when, and why.
    """

    def __init__(
        self,
        programme: str,
        until: str,
        closed_by: str,
        closed_at: str,
        reason: str,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.programme = programme
        self.until = until
        self.closed_by = closed_by
        self.closed_at = closed_at
        self.reason = reason
        message = (
            f"the period of {programme} up to {until} is closed (closed by {closed_by} on {closed_at}: {reason}); "
            f"values dated up to {until} cannot be added, changed or deleted until an administrator reopens it"
        )
        super().__init__(message, file=file, record=record, field=field)

    def located(self, *, file: str | None = None, record: str | None = None, field: str | None = None) -> DataError:
        """A copy of this error with missing location parts filled in."""
        return PeriodClosed(
            self.programme,
            self.until,
            self.closed_by,
            self.closed_at,
            self.reason,
            file=self.file or file,
            record=self.record or record,
            field=self.field or field,
        )


class AccessError(CpfkitError):
    """A request that the caller's identity or role does not allow."""


class NotAuthenticated(AccessError):
    """No valid credentials: sign in, or give a valid API token."""


class PermissionDenied(AccessError):
    """The caller is known but may not do this."""


class Throttled(AccessError):
    """Too many failed sign-ins from this name or address; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class PreconditionError(CpfkitError):
    """An optimistic-concurrency precondition of a write does not hold."""


class VersionRequired(PreconditionError):
    """A write must say which version of the record it was based on."""


class VersionMismatch(PreconditionError):
    """The record is no longer at the version the write was based on; nothing was written."""

    def __init__(self, kind: str, identifier: str, expected: int, current: int | None) -> None:
        self.kind = kind
        self.identifier = identifier
        self.expected = expected
        self.current = current
        now = f"it is at version {current}" if current is not None else "it changed"
        super().__init__(f"{kind} {identifier} is no longer at version {expected}: {now}; reload and try again")
