"""Discounted cash-flow measures: NPV, EIRR (every real root), BCR, first-year return, switching values, sensitivities.

Formulas of docs/appraisal.md, 'Formulas', on yearly flows ``t = 0…T``
(``t = 0`` is the first year with costs):

* ``C_t = capital_t + O&M_t − residual_t``: the residual value is a negative
  cost of its year (cpfkit convention, ``docs/appraisal.md``), ``B_t`` the
  benefit streams alone.
* ``NPV(r) = Σ (B_t − C_t) / (1 + r)^t``; ``BCR = PV(B) / PV(C)``.
* EIRR: every rate in the searched interval at which NPV is zero.  NPV is a
  polynomial in ``1 + r``, so it may have no real root (net benefits never
  change sign) or several (they change sign more than once); both cases are
  reported as such, never as a number.
* Switching values: the change of all costs (``+NPV / PV(C)``, the residual
  value moving with them) or all benefits (``−NPV / PV(B)``, and per benefit
  component) that brings NPV to 0; the cost and benefit tests scale the same
  streams, so a test of the switching value's size gives NPV = 0.

Flows are floats here (root finding and discounting are numerical); results
are rounded when they become report figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from cpfkit.language.catalogs import N_
from cpfkit.language.message import Listing, Message, Number, Share

__all__ = [
    "CashFlows",
    "RateSearch",
    "bcr",
    "eirr",
    "first_year_return",
    "npv",
    "present_value",
    "switching_values",
]

Array = NDArray[np.float64]

_GRID_POINTS = 4001
_ROOT_TOL = 1e-12


def present_value(values: Array, rate: float) -> float:
    """Σ x_t / (1 + r)^t.

    Examples:
        >>> round(present_value(np.array([100.0, 100.0]), 0.06), 2)
        194.34
    """
    t = np.arange(values.size, dtype=np.float64)
    return float(np.sum(values / (1.0 + rate) ** t))


def npv(net: Array, rate: float) -> float:
    """Net present value of net benefits at a rate (docs/appraisal.md, 'Formulas')."""
    return present_value(net, rate)


def bcr(pv_benefits: float, pv_costs: float) -> float | None:
    """Benefit–cost ratio; undefined (None) unless the costs net of the residual value have a positive PV."""
    if pv_costs <= 0:
        return None
    return pv_benefits / pv_costs


@dataclass(frozen=True)
class RateSearch:
    """The rates of return of a flow: ``status`` is ``one``, ``none`` or ``several``.

    ``rate`` is set only when exactly one rate was found; ``roots`` lists every
    rate found in the searched interval; ``reason`` says what the result means (in English; ``reason_message``
    for a reader's language).
    """

    status: str
    rate: float | None
    roots: tuple[float, ...]
    reason: str
    reason_message: Message | None = None


def _search(status: str, rate: float | None, roots: tuple[float, ...], reason: Message) -> RateSearch:
    return RateSearch(status, rate, roots, str(reason), reason)


_NEVER_CHANGES_SIGN = {
    "positive": N_("net benefits never change sign: NPV is positive at every rate, so there is no real rate"),
    "negative": N_("net benefits never change sign: NPV is negative at every rate, so there is no real rate"),
    "zero": N_("net benefits never change sign: NPV is zero at every rate, so there is no real rate"),
}


def _sign_changes(values: Array) -> int:
    signs = np.sign(values[values != 0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def eirr(net: Array, lower: float = -0.99, upper: float = 10.0) -> RateSearch:
    """Every real rate in ``[lower, upper]`` at which NPV is zero, found by bracketing on a grid and brentq.

    The sign of NPV is read from ``Σ NB_t (1 + r)^(T − t)`` (NPV times
    ``(1 + r)^T``, which has the same sign and no overflow near ``r = −1``).
    Roots where NPV touches zero without crossing it are not detected; such
    flows are vanishingly rare in appraisal data.

    Examples:
        >>> eirr(np.array([-100.0, 110.0])).rate
        0.1
        >>> eirr(np.array([-100.0, -10.0])).status
        'none'
        >>> found = eirr(np.array([-100.0, 230.0, -132.0]))
        >>> found.status, [round(r, 2) for r in found.roots]
        ('several', [0.1, 0.2])
    """
    changes = _sign_changes(net)
    if changes == 0:
        side = "positive" if np.any(net > 0) else "negative" if np.any(net < 0) else "zero"
        return _search("none", None, (), Message(_NEVER_CHANGES_SIGN[side]))
    from scipy.optimize import brentq  # type: ignore[import-untyped]  # SciPy loads when a rate is sought

    horizon = net.size - 1
    powers = horizon - np.arange(net.size, dtype=np.float64)

    def scaled(rate: float) -> float:
        return float(np.sum(net * (1.0 + rate) ** powers))

    grid = np.unique(np.concatenate([np.expm1(np.linspace(np.log1p(lower), np.log1p(upper), _GRID_POINTS)), [0.0]]))
    values = np.sum(net[None, :] * (1.0 + grid[:, None]) ** powers[None, :], axis=1)
    roots: list[float] = [float(r) for r, v in zip(grid, values, strict=True) if v == 0]
    for i in np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]:
        roots.append(float(brentq(scaled, grid[i], grid[i + 1], xtol=_ROOT_TOL, rtol=4 * np.finfo(float).eps)))
    roots = sorted({round(r, 12) for r in roots})
    if not roots:
        return _search(
            "none",
            None,
            (),
            Message(
                N_(
                    "net benefits change sign %(changes)s time(s) but NPV has no zero between "
                    "[%(lower)s, %(upper)s]: no real rate there"
                ),
                {"changes": changes, "lower": Number(lower, 6), "upper": Number(upper, 6)},
            ),
        )
    if len(roots) == 1:
        return _search("one", roots[0], tuple(roots), Message(N_("one rate of return")))
    listed = Listing(tuple(Share(r, 2, exact=True) for r in roots), ", ")
    return _search(
        "several",
        None,
        tuple(roots),
        Message(
            N_(
                "net benefits change sign %(changes)s times and NPV is zero at %(rates)s: no single rate of return; "
                "judge the project by its NPV"
            ),
            {"changes": changes, "rates": listed},
        ),
    )


def first_year_return(benefits: Array, om: Array, capital: Array) -> float | None:
    """First-year rate of return: net benefit of the first year with benefits over the total capital cost.

    cpfkit convention (``docs/appraisal.md``): undiscounted capital cost; a
    first-year return above the discount rate means postponing the project
    would lose value.  None when there is no benefit year or no capital cost.
    """
    total_capital = float(np.sum(capital))
    years = np.nonzero(benefits > 0)[0]
    if total_capital <= 0 or years.size == 0:
        return None
    t = int(years[0])
    return float((benefits[t] - om[t]) / total_capital)


def switching_values(
    value: float, pv_costs: float, pv_benefits: float, pv_components: Mapping[str, float]
) -> tuple[float | None, float | None, dict[str, float]]:
    """Changes that bring NPV to zero: of all costs (+), of all benefits (−), and of each benefit component.

    Examples:
        >>> costs, benefits, _ = switching_values(130.28, 194.34, 324.62, {})
        >>> round(costs, 3), round(benefits, 3)
        (0.67, -0.401)
    """
    costs = value / pv_costs if pv_costs > 0 else None
    benefits = -value / pv_benefits if pv_benefits else None
    components = {name: -value / pv for name, pv in pv_components.items() if pv}
    return costs, benefits, components


@dataclass(frozen=True)
class CashFlows:
    """Yearly economic flows of a project, ``t = 0…T``, in US dollars.

    ``benefits`` holds one stream per benefit component; ``carbon`` names the
    components that value avoided emissions (reported with and without).
    ``residual`` is the value left in the assets, a negative cost of its year.
    """

    capital: Array
    om: Array
    residual: Array
    benefits: dict[str, Array]
    carbon: frozenset[str] = field(default_factory=frozenset)

    @property
    def horizon(self) -> int:
        """The last year ``T``."""
        return int(self.capital.size - 1)

    @property
    def costs(self) -> Array:
        """Capital plus operation and maintenance costs, less the residual value, by year."""
        return self.capital + self.om - self.residual

    @property
    def benefit_total(self) -> Array:
        """Every benefit stream, by year (the residual value is not a benefit)."""
        total = np.zeros(self.capital.size, dtype=np.float64)
        for stream in self.benefits.values():
            total = total + stream
        return total

    @property
    def net(self) -> Array:
        """Net benefits by year."""
        return self.benefit_total - self.costs

    def scaled(self, costs: float = 1.0, benefits: float = 1.0) -> CashFlows:
        """All costs (the residual value, a negative cost, with them) and all benefits multiplied by factors."""
        return CashFlows(
            self.capital * costs,
            self.om * costs,
            self.residual * costs,
            {k: v * benefits for k, v in self.benefits.items()},
            self.carbon,
        )

    def delayed(self, years: int) -> CashFlows:
        """The operating period (benefits, O&M, residual value) moved later by ``years``; capital unchanged."""

        def shift(x: Array) -> Array:
            return np.concatenate([np.zeros(years), x])

        return CashFlows(
            np.concatenate([self.capital, np.zeros(years)]),
            shift(self.om),
            shift(self.residual),
            {k: shift(v) for k, v in self.benefits.items()},
            self.carbon,
        )

    def without(self, components: frozenset[str]) -> CashFlows:
        """The same flows without some benefit components."""
        return CashFlows(
            self.capital,
            self.om,
            self.residual,
            {k: v for k, v in self.benefits.items() if k not in components},
            self.carbon - components,
        )
