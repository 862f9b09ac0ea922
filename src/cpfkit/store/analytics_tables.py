"""The layout of the portfolio engine's copy: its DuckDB tables and column types, and the tables kept as series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["COLUMNS", "MONEY", "NAME_SEPARATOR", "SERIES_TABLES", "Columns", "names_cell"]


Columns = dict[str, Sequence[Any]]
"""A table as columns of equal length (lists or NumPy arrays), keyed by column name."""


MONEY = "DECIMAL(38, 10)"


COLUMNS: dict[str, dict[str, str]] = {
    "projects": {
        "pno": "INTEGER",
        "id": "VARCHAR",
        "name": "VARCHAR",
        "institution": "VARCHAR",
        "instrument": "VARCHAR",
        "status": "VARCHAR",
        "approval": "DATE",
        "effectiveness": "DATE",
        "original_closing": "DATE",
        "revised_closing": "DATE",
        "commitment_usd": MONEY,
        "implementing_agency": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "programme_projects": {"programme_id": "VARCHAR", "pno": "INTEGER", "carried_from": "VARCHAR"},
    "project_areas": {"programme_id": "VARCHAR", "pno": "INTEGER", "area": "VARCHAR"},
    "programme_sort": {
        "programme_id": "VARCHAR",
        "category": "VARCHAR",
        "date": "DATE",
        "rating": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "financing": {
        "pno": "INTEGER",
        "financier": "VARCHAR",
        "kind": "VARCHAR",
        "amount_usd": MONEY,
        "mechanism": "VARCHAR",
        "mobilised_by": "VARCHAR",
        "co_mobilisers": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "events": {
        "pno": "INTEGER",
        "kind": "VARCHAR",
        "date": "DATE",
        "end_date": "DATE",
        "new_closing": "DATE",
        "note": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
    "planned": {"pno": "INTEGER", "date": "DATE", "amount_usd": MONEY, "illustrative": "BOOLEAN"},
    "country_flags": {
        "programme_id": "VARCHAR",
        "kind": "VARCHAR",
        "date": "DATE",
        "end_date": "DATE",
        "value": MONEY,
        "note": "VARCHAR",
        "illustrative": "BOOLEAN",
    },
}
"""The DuckDB tables of the copy.  Sources give ``project_id`` (the operation's id) where the copy has ``pno``."""


NAME_SEPARATOR = "\x1f"
"""Separates the names of a list held in one text cell of the copy (``financing.co_mobilisers``)."""


def names_cell(names: Sequence[str] | None) -> str | None:
    """A list of names as one text cell of the copy (None when empty).

    Examples:
        >>> names_cell(["AIIB", "ADB"]).split(NAME_SEPARATOR), names_cell([])
        (['AIIB', 'ADB'], None)
    """
    return NAME_SEPARATOR.join(names) if names else None


SERIES_TABLES: dict[str, tuple[str, ...]] = {
    "transactions": ("project_id", "type", "date", "amount_usd", "illustrative"),
    "ratings": ("project_id", "kind", "date", "rating", "illustrative"),
    "sort_ratings": ("programme_id", "project_id", "category", "date", "rating", "illustrative"),
}
"""Raw tables that become series (:mod:`cpfkit.store.series`) rather than DuckDB tables."""
