"""Yearly streams of an appraisal: a flow of US dollars by year, the residual value, and the years a benefit runs.

Years are counted ``t = 0, 1, …`` from the appraisal's ``base_year``, up to :data:`MAX_YEARS`.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from cpfkit.model.base import Num, Record

__all__ = ["MAX_YEARS", "Flow", "Period", "Residual"]

MAX_YEARS = 150
"""The last year an appraisal may count (``t``)."""


class Flow(Record):
    """A yearly stream of US dollars.

    Either ``values`` by year (``{0: 100000000, 1: 100000000}``) or a constant
    ``amount`` from year ``start`` to year ``end`` (inclusive) that grows by
    ``growth`` a year after the first.
    """

    values: dict[int, Num] = {}
    amount: Num | None = None
    start: int | None = Field(default=None, ge=0, le=MAX_YEARS)
    end: int | None = Field(default=None, ge=0, le=MAX_YEARS)
    growth: Num = Field(default=Decimal(0), gt=-1, le=1)

    @field_validator("values")
    @classmethod
    def _years(cls, value: dict[int, Decimal]) -> dict[int, Decimal]:
        for t in value:
            if not 0 <= t <= MAX_YEARS:
                raise ValueError(f"year {t} is outside 0…{MAX_YEARS}")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Flow:
        constant = self.amount is not None or self.start is not None or self.end is not None
        if self.values and constant:
            raise ValueError("give either values by year, or amount with start and end, not both")
        if not self.values and not constant:
            raise ValueError("give values by year, or amount with start and end")
        if constant:
            if self.amount is None or self.start is None or self.end is None:
                raise ValueError("a constant stream needs amount, start and end")
            if self.end < self.start:
                raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self

    @property
    def last_year(self) -> int:
        """The last year with a value."""
        return max(self.values) if self.values else int(self.end or 0)


class Residual(Record):
    """The economic value left in the assets at the end of the appraisal period.

    It is counted as a negative cost of year ``t`` (``docs/appraisal.md``):
    it lowers PV(C), moves with the costs in the cost tests and is not a
    benefit.
    """

    t: int = Field(ge=0, le=MAX_YEARS)
    value: Num = Field(ge=0)


class Period(Record):
    """The years a benefit module runs: ``start`` … ``end`` inclusive."""

    start: int = Field(ge=0, le=MAX_YEARS)
    end: int = Field(ge=0, le=MAX_YEARS)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self
