"""Measured values of results-framework indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator

from cpfkit.model.base import Num, Sourced
from cpfkit.model.enums import Aggregation, Qualifier
from cpfkit.model.quotes import figures_stated, states

__all__ = ["Measurement", "aggregation_problem"]

_QUALIFIER_WORDS = {Qualifier.AT_LEAST: "at least", Qualifier.AT_MOST: "at most"}


class Measurement(Sourced):
    """An actual value of an indicator on a date, reported by one project (or the programme).

    ``weight`` is used by ``weighted_mean`` and ``harmonic_mean`` indicators
    (traffic, population, users served or kilometres covered by the project).
    ``qualifier`` keeps the bound the source states with the figure ("more
    than 1,000" is 1,000 ``at_least``); without it the value is exact.
    ``verified`` says that the figure was read in its source: a verified value
    needs the ``source`` and the ``quote``, the sentence of that source that
    states the figure (with its qualifier).
    """

    indicator: str
    project: str | None = None
    date: date
    value: Num
    weight: Num | None = Field(default=None, gt=0)
    qualifier: Qualifier | None = None
    verified: bool = False
    quote: str | None = Field(default=None, max_length=2000, validate_default=True)
    note: str | None = None

    @field_validator("quote")
    @classmethod
    def _quote_states_the_value(cls, quote: str | None, info: ValidationInfo) -> str | None:
        given = info.data
        if given.get("verified") and not (given.get("source") and quote):
            raise ValueError("a verified value needs its source and the quoted sentence of that source that states it")
        value, qualifier = given.get("value"), given.get("qualifier")
        if quote and value is not None and not states(quote, value, qualifier):
            shown = format(value, "f")
            stated = [f for f in figures_stated(quote) if f.value == value]
            if stated and stated[0].qualifier is not None:
                word = _QUALIFIER_WORDS[stated[0].qualifier]
                raise ValueError(f"the quote states {word} {shown}: give qualifier {stated[0].qualifier}")
            bound = f" {_QUALIFIER_WORDS[qualifier]}" if qualifier else ""
            raise ValueError(f"the quote does not state the value{bound} {shown}")
        return quote


def aggregation_problem(aggregation: Aggregation, value: Decimal, weight: Decimal | None) -> tuple[str, str] | None:
    """What a measurement lacks for its indicator's aggregation, as (field, message); None when it fits.

    A weighted or harmonic mean needs each value's weight; a harmonic mean
    (speeds) also needs a positive value.

    Examples:
        >>> aggregation_problem(Aggregation.HARMONIC_MEAN, Decimal(0), Decimal(310))
        ('value', 'a harmonic mean (speeds) needs a positive value')
        >>> aggregation_problem(Aggregation.SUM, Decimal(0), None) is None
        True
    """
    means = (Aggregation.WEIGHTED_MEAN, Aggregation.HARMONIC_MEAN)
    if aggregation in means and weight is None:
        return "weight", f"a {aggregation.value.replace('_', ' ')} needs a weight (traffic, population, km)"
    if aggregation is Aggregation.HARMONIC_MEAN and value <= 0:
        return "value", "a harmonic mean (speeds) needs a positive value"
    return None
