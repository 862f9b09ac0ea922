"""Inputs of the hydropower benefit module: energy, firm capacity, irrigation water and avoided emissions of a dam.

The engine is :mod:`cpfkit.appraise.hydropower`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from cpfkit.model.appraisal_flows import Period
from cpfkit.model.base import Num

__all__ = ["HydropowerBenefit"]


class HydropowerBenefit(Period):
    """Energy, firm capacity, irrigation water and avoided emissions of a dam.

    See docs/appraisal.md, 'Hydropower and multipurpose dams'.

    Energy is ``annual_mwh`` when given, else installed MW × 8,760 h ×
    capacity factor; ``losses`` (outages, transmission) are taken off.
    Output builds up in a straight line over ``ramp_years``.  Avoided
    emissions are valued apart so that results are shown with and without them.
    """

    kind: Literal["hydropower"]
    name: str = "power and water"
    installed_mw: Num = Field(default=Decimal(0), ge=0)
    capacity_factor: Num = Field(default=Decimal(0), ge=0, le=1)
    annual_mwh: Num | None = Field(default=None, ge=0)
    losses: Num = Field(default=Decimal(0), ge=0, lt=1)
    ramp_years: int = Field(default=0, ge=0, le=20)
    energy_value_per_mwh: Num = Field(default=Decimal(0), ge=0)
    firm_mw: Num = Field(default=Decimal(0), ge=0)
    capacity_value_per_kw_year: Num = Field(default=Decimal(0), ge=0)
    irrigation_m3_per_year: Num = Field(default=Decimal(0), ge=0)
    water_value_per_m3: Num = Field(default=Decimal(0), ge=0)
    emission_factor_t_per_mwh: Num = Field(default=Decimal(0), ge=0)
    carbon_value_per_t: Num = Field(default=Decimal(0), ge=0)

    @model_validator(mode="after")
    def _energy(self) -> HydropowerBenefit:
        if self.annual_mwh is None and (self.installed_mw == 0) != (self.capacity_factor == 0):
            raise ValueError("give installed_mw and capacity_factor together, or annual_mwh")
        return self
