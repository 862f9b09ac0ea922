"""Hydropower and multipurpose dams: energy, firm capacity, irrigation water and avoided emissions.

docs/appraisal.md, 'Hydropower and multipurpose dams', per year of operation:

* energy = E_MWh · avoided cost per MWh, with E_MWh = installed MW · 8,760 · capacity factor
  (or the published yearly output), net of losses
* firm capacity = firm MW · 1,000 · avoided capacity cost per kW-year
* irrigation water = m³ released in season · value per m³
* avoided emissions = E_MWh · emission factor · carbon value (kept as its own component so that
  results are reported with and without it)

Output builds up in a straight line over ``ramp_years`` from the first year.
"""

from __future__ import annotations

import numpy as np

from cpfkit.appraise.cashflow import Array
from cpfkit.appraise.streams import active_years
from cpfkit.language.catalogs import N_
from cpfkit.model.hydropower_benefit import HydropowerBenefit

__all__ = ["CARBON", "COMPONENTS", "HOURS_PER_YEAR", "annual_energy_mwh", "hydropower_benefits"]

HOURS_PER_YEAR = 8760
CARBON = N_("avoided emissions")
COMPONENTS = (N_("energy"), N_("firm capacity"), N_("irrigation water"), CARBON)
"""The benefit components a hydropower module produces, by their English names (marked for the catalogs)."""


def annual_energy_mwh(benefit: HydropowerBenefit) -> float:
    """Energy delivered in a full year, MWh, net of losses.

    Examples:
        The worked example of docs/appraisal.md, 'Hydropower and multipurpose dams', 500 MW at a capacity
        factor of 0.45:

        >>> annual_energy_mwh(HydropowerBenefit(kind="hydropower", start=0, end=0, installed_mw=500,
        ...                                     capacity_factor=0.45))
        1971000.0
    """
    gross = (
        float(benefit.annual_mwh)
        if benefit.annual_mwh is not None
        else float(benefit.installed_mw) * HOURS_PER_YEAR * float(benefit.capacity_factor)
    )
    return gross * (1.0 - float(benefit.losses))


def _ramp(benefit: HydropowerBenefit, length: int) -> Array:
    active = active_years(benefit.start, benefit.end, length)
    if benefit.ramp_years <= 1:
        return active
    t = np.arange(length, dtype=np.float64)
    return active * np.minimum(1.0, (t - benefit.start + 1) / benefit.ramp_years)


def hydropower_benefits(benefit: HydropowerBenefit, length: int) -> dict[str, Array]:
    """Yearly benefit streams of a hydropower module, by component (zero components left out).

    Examples:
        >>> b = HydropowerBenefit(kind="hydropower", start=0, end=0, installed_mw=500, capacity_factor=0.45,
        ...                       energy_value_per_mwh=60)
        >>> round(float(hydropower_benefits(b, 1)["energy"][0]) / 1e6, 2)
        118.26
    """
    ramp = _ramp(benefit, length)
    energy = annual_energy_mwh(benefit)
    streams = {
        N_("energy"): energy * float(benefit.energy_value_per_mwh) * ramp,
        N_("firm capacity"): float(benefit.firm_mw) * 1000.0 * float(benefit.capacity_value_per_kw_year) * ramp,
        N_("irrigation water"): float(benefit.irrigation_m3_per_year) * float(benefit.water_value_per_m3) * ramp,
        CARBON: energy * float(benefit.emission_factor_t_per_mwh) * float(benefit.carbon_value_per_t) * ramp,
    }
    return {k: v for k, v in streams.items() if np.any(v != 0)}
