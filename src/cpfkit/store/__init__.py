"""The store: SQLAlchemy tables, migrations, sessions and repositories.

The only part of cpfkit that knows SQL tables.  Engines receive model
objects from :mod:`cpfkit.store.repository`, never rows.

Importing the package loads nothing: ``Store`` loads the tables of the programmes and SQLAlchemy's ORM when
first named; each module loads the tables it reads, and :mod:`cpfkit.store.schema` every table (for the
migrations and ``Base.metadata``).  :mod:`cpfkit.store.connection` and :mod:`cpfkit.store.listing` read on a
plain connection, without the ORM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpfkit.store.db import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    """``Store``, loaded when first named."""
    if name == "Store":
        from cpfkit.store.db import Store

        globals()["Store"] = Store
        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
