"""The facts of a review as a table: one aligned array per fact, one element per operation, and the review's dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from cpfkit.model import OutcomeRating

__all__ = ["FLAG_ORDER", "MONTH", "NONE", "RATING_TEXT", "YEAR", "Array", "Dates", "Facts"]


Array = np.ndarray[Any, Any]
NONE = -1
MONTH = 30.4375
YEAR = 365.25


FLAG_ORDER: tuple[tuple[str, str], ...] = (
    ("effectiveness-delay", "f_effectiveness"),
    ("disbursement-lag", "f_disbursement"),
    ("financial-management", "f_fm"),
    ("procurement", "f_procurement"),
    ("safeguards", "f_safeguards"),
    ("counterpart-funds", "f_counterpart"),
    ("monitoring-evaluation", "f_me"),
    ("project-management", "f_pm"),
    ("legal-covenants", "f_covenants"),
    ("closing-date-extension", "f_extension"),
    ("country-record", "f_country_record"),
    ("country-environment", "f_country_environment"),
)
"""Each flag's code and the name of its column in :class:`Facts`, in report order."""


RATING_TEXT = [r.value for r in reversed(OutcomeRating)]
"""ISR ratings by score: ``RATING_TEXT[score - 1]`` (HU = 1 … HS = 6)."""


@dataclass(frozen=True)
class Dates:
    """The dates a review looks at."""

    as_of: date
    fy_start: date
    fy_end: date
    window_start: date


class Facts:
    """Every fact of every operation of a programme, as attributes holding aligned arrays.

    ``facts.net`` is an int64 array of net commitments in units of
    ``10**-facts.scale`` US dollars; ``facts.f_procurement`` a boolean array;
    and so on (see :func:`compute_facts`).
    """

    def __init__(self, size: int, scale: int) -> None:
        self.size = size
        self.scale = scale
        self.columns: dict[str, Array] = {}

    def __getattr__(self, name: str) -> Array:
        try:
            return self.__dict__["columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    def set(self, **columns: Array) -> None:
        """Add or replace columns."""
        self.columns.update(columns)

    def rows(self, index: Array, names: tuple[str, ...]) -> list[dict[str, Any]]:
        """The given operations as dictionaries of plain Python values (for evidence and listings)."""
        picked = {n: self.columns[n][index].tolist() for n in names}
        return [dict(zip(names, values, strict=True)) for values in zip(*picked.values(), strict=True)]
