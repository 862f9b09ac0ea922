"""Inputs of the economic appraisal of one operation: costs, residual value and benefit modules.

Every flow is economic (not financial), in constant US dollars of the
appraisal's price year, incremental to the without-project case.  Years are
counted ``t = 0, 1, …`` from ``base_year``, the first year with costs
(docs/appraisal.md, 'Formulas').  The benefit modules hold the documented inputs of
``cpfkit.appraise.transport``, ``cpfkit.appraise.hydropower`` and a generic
stream; the engine turns them into yearly amounts.  Each part is its own module:
the streams (:mod:`cpfkit.model.appraisal_flows`), the transport and hydropower
modules, the scope; all are re-exported here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from cpfkit.model.appraisal_flows import Flow, Residual
from cpfkit.model.appraisal_scope import AppraisalScope
from cpfkit.model.base import Sourced
from cpfkit.model.hydropower_benefit import HydropowerBenefit
from cpfkit.model.transport_benefit import AccidentClass, FreightFlow, TransportBenefit, VehicleClass

__all__ = [
    "AccidentClass",
    "AppraisalInputs",
    "AppraisalScope",
    "Benefit",
    "Flow",
    "FreightFlow",
    "GenericBenefit",
    "HydropowerBenefit",
    "Residual",
    "TransportBenefit",
    "VehicleClass",
]


class GenericBenefit(Flow):
    """Any other benefit, given directly as a yearly stream (values by year, or a growing constant)."""

    kind: Literal["generic"]
    name: str


Benefit = Annotated[TransportBenefit | HydropowerBenefit | GenericBenefit, Field(discriminator="kind")]


class AppraisalInputs(Sourced):
    """The cash-flow data of one operation's economic analysis.

    ``capital`` is the investment cost by year, ``operation_maintenance`` the
    incremental operating and maintenance cost, ``residual`` the value left at
    the end (a negative cost of its year), ``benefits`` the modules that
    produce the benefit streams.  ``base_year`` is the calendar year of t = 0.
    ``scope`` says what is appraised and whose costs and benefits count (a
    programme folder must give it; records stored before it existed have
    none, and reports say so).  ``illustrative_fields`` may name only fields
    of this record.
    """

    project: str
    title: str | None = None
    base_year: int = Field(ge=1950, le=2200)
    price_year: int | None = Field(default=None, ge=1950, le=2200)
    currency: Literal["USD"] = "USD"
    capital: Flow
    operation_maintenance: Flow | None = None
    residual: Residual | None = None
    benefits: tuple[Benefit, ...] = Field(min_length=1)
    description: str | None = None
    scope: AppraisalScope | None = None

    @model_validator(mode="after")
    def _known_illustrative_fields(self) -> AppraisalInputs:
        unknown = sorted(f for f in self.illustrative_fields if f.split(".")[0] not in type(self).model_fields)
        if unknown:
            raise ValueError(f"illustrative_fields names no field of an appraisal: {', '.join(unknown)}")
        return self

    @property
    def horizon(self) -> int:
        """The last year of the appraisal period."""
        years = [self.capital.last_year]
        if self.operation_maintenance is not None:
            years.append(self.operation_maintenance.last_year)
        if self.residual is not None:
            years.append(self.residual.t)
        for b in self.benefits:
            years.append(b.last_year if isinstance(b, GenericBenefit) else b.end)
        return max(years)
