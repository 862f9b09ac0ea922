"""A text of the data in another language than English: one field of one record, translated."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DATA_LANGUAGES", "KINDS", "PROGRAMME_KIND", "TextTranslation", "field_path"]

DATA_LANGUAGES = ("ru", "kk")
"""The languages a programme folder's texts may be translated into (English is the data of record)."""

PROGRAMME_KIND = "programme"
"""The kind of the programme's own texts (its title and description); the record key is the programme's id."""

KINDS = (
    PROGRAMME_KIND,
    "priority_areas",
    "objectives",
    "indicators",
    "operations",
    "risks",
    "events",
    "country_flags",
    "transactions",
    "measurements",
    "ratings",
    "contributions",
    "scenarios",
    "appraisal",
)
"""The kinds of record a translation names: the sections of ``translations/<language>.yaml``."""


@dataclass(frozen=True)
class TextTranslation:
    """The text of one field of one record in one language.

    ``field`` is the field's path in the English record, dotted (``financing.financier``);
    a text inside a list of items has the item's position in ``item`` (counted from 0, in
    the English order) and ``-1`` otherwise; the position of an outer list, if any, stays
    in the path (``benefits.0.vehicle_classes.name``).  ``source`` names where an
    official text is published; without one the text is cpfkit's translation.
    """

    language: str
    kind: str
    key: str
    field: str
    text: str
    item: int = -1
    source: str | None = None

    @property
    def path(self) -> tuple[str | int, ...]:
        """The field's path with every list position: ``("financing", 1, "financier")``."""
        return field_path(self.field, self.item)


def field_path(field: str, item: int = -1) -> tuple[str | int, ...]:
    """The path of a stored field: its dotted names, with ``item`` before the last name when it is in a list."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in field.split(".")]
    if item >= 0:
        parts.insert(len(parts) - 1, item)
    return tuple(parts)
