"""How every editable record is listed, read, created, changed, deleted and restored.

A resource (projects, transactions, ...) is a :class:`Resource` subclass that
says what its schemas are, how a payload becomes validated column values, and
which programmes a record belongs to (:mod:`~cpfkit.store.records.resource`).
The functions gathered here (from :mod:`~cpfkit.store.records.reading`,
:mod:`~cpfkit.store.records.writing` and :mod:`~cpfkit.store.records.deleting`)
do the rest, the same way for every resource, each inside the caller's
transaction:

* a change is written only if the record is still at the version the caller
  read — an ``UPDATE ... WHERE version = :v`` that also moves the version on,
  so two concurrent writers can never both succeed (the second gets
  :class:`~cpfkit.errors.VersionMismatch` and nothing is overwritten);
* every change adds an audit entry with the values before and after, in the
  same transaction;
* deleting marks the record (``deleted_at``) and restoring clears the mark:
  nothing is removed.

Adding a resource is one subclass and one line in
:data:`cpfkit.store.records.RESOURCES`.
"""

from cpfkit.store.records.deleting import delete_record, restore_record
from cpfkit.store.records.reading import current_version, get_record, list_records
from cpfkit.store.records.resource import Deleted, Permit, Resource, Scope
from cpfkit.store.records.validation import validated
from cpfkit.store.records.writing import create_record, update_record
from cpfkit.store.records.writing import write_version as _write  # noqa: F401 - the bare UPDATE, driven by tests

__all__ = [
    "Deleted",
    "Permit",
    "Resource",
    "Scope",
    "create_record",
    "current_version",
    "delete_record",
    "get_record",
    "list_records",
    "restore_record",
    "update_record",
    "validated",
]
