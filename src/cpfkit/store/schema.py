"""Every table module, imported in one place so that migrations and ``Base.metadata`` see them all.

A new area of cpfkit that needs tables puts them in its own module
(``store/tables_<area>.py``, on the same ``Base``) and adds one import here.
"""

import cpfkit.store.tables_iati  # noqa: F401 - imported for its tables
import cpfkit.store.tables_portfolio  # noqa: F401 - imported for its tables
import cpfkit.store.tables_results  # noqa: F401 - imported for its tables
from cpfkit.store import (
    tables,  # noqa: F401 - imported for its tables
    tables_periods,  # noqa: F401 - imported for its tables
    tables_plan,  # noqa: F401 - imported for its tables
    tables_translations,  # noqa: F401 - imported for its tables
    tables_workplace,  # noqa: F401 - imported for its tables
)
from cpfkit.store.tables_base import Base

__all__ = ["Base"]
