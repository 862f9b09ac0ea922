"""The sensitivity tests of an appraisal: costs up, benefits down, delays, and all of them together."""

from __future__ import annotations

from cpfkit.appraise.cashflow import CashFlows
from cpfkit.appraise.measures import measures
from cpfkit.appraise.result import Scenario
from cpfkit.reference.appraisal import AppraisalParameters

__all__ = ["sensitivities"]


def scenario(name: str, description: str, flows: CashFlows, rate: float, bounds: tuple[float, float]) -> Scenario:
    """One sensitivity test: its name, what it changes, and the measures under it."""
    m = measures(flows, rate, bounds)
    return Scenario(name, description, m.npv_usd, m.eirr, m.eirr_status, m.bcr)


def sensitivities(flows: CashFlows, rate: float, params: AppraisalParameters) -> tuple[Scenario, ...]:
    """The base case, costs up, benefits down, each delay, and all of them together."""
    bounds = params.eirr_bounds
    up, down = params.cost_increase, params.benefit_decrease
    scenarios = [
        scenario("base", "as appraised", flows, rate, bounds),
        scenario(
            f"costs +{up:.0%}",
            f"every cost {up:.0%} higher, the residual value (a negative cost) with them",
            flows.scaled(costs=1 + up),
            rate,
            bounds,
        ),
        scenario(
            f"benefits −{down:.0%}", f"every benefit {down:.0%} lower", flows.scaled(benefits=1 - down), rate, bounds
        ),
    ]
    for years in params.delays:
        scenarios.append(
            scenario(
                f"{years}-year delay",
                f"benefits, operating costs and residual value {years} year{'s' if years > 1 else ''} later",
                flows.delayed(years),
                rate,
                bounds,
            )
        )
    first_delay = params.delays[0] if params.delays else 0
    scenarios.append(
        scenario(
            "combined",
            f"costs +{up:.0%}, benefits −{down:.0%} and a {first_delay}-year delay together",
            flows.scaled(costs=1 + up, benefits=1 - down).delayed(first_delay),
            rate,
            bounds,
        )
    )
    return tuple(scenarios)
