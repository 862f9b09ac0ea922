"""Column types that keep money and measurements exact on every database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Dialect, Numeric, String
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["ExactDecimal"]


class ExactDecimal(TypeDecorator[Decimal]):
    """A ``Decimal`` stored without loss.

    PostgreSQL keeps it as ``NUMERIC``; SQLite, which has no decimal type and
    would round through a float, keeps the exact text of the number.  Sum
    money in Python or DuckDB (``CAST(x AS DECIMAL(38, 8))``), not with
    SQLite's own ``SUM``.
    """

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """NUMERIC on PostgreSQL, text elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(38, 10, asdecimal=True))
        return dialect.type_descriptor(String(64))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        """The value as the database keeps it."""
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        if dialect.name == "postgresql":
            return value
        return format(value, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """The stored value as a Decimal."""
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))
