"""The store: SQLAlchemy tables, migrations, sessions and repositories.

The only part of cpfkit that knows SQL tables.  Engines receive model
objects from :mod:`cpfkit.store.repository`, never rows.

Importing the package loads the tables of the programmes alone: each module loads the tables it reads,
and :mod:`cpfkit.store.schema` every table (for the migrations and ``Base.metadata``).
"""

from cpfkit.store.db import Store

__all__ = ["Store"]
