"""The store: SQLAlchemy tables, migrations, sessions and repositories.

The only part of cpfkit that knows SQL tables.  Engines receive model
objects from :mod:`cpfkit.store.repository`, never rows.
"""

from cpfkit.store import schema  # noqa: F401 - every table registered
from cpfkit.store.db import Store

__all__ = ["Store"]
