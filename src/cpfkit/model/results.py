"""Measured values of results-framework indicators."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from cpfkit.model.base import Num, Sourced

__all__ = ["Measurement"]


class Measurement(Sourced):
    """An actual value of an indicator on a date, reported by one project (or the programme).

    ``weight`` is used by ``weighted_mean`` indicators (traffic, population
    or users served by the project); ``verified`` says whether the value was
    checked against the project's own reporting.
    """

    indicator: str
    project: str | None = None
    date: date
    value: Num
    weight: Num | None = Field(default=None, gt=0)
    verified: bool = False
    note: str | None = None
