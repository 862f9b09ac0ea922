"""The sensitivity tests of an appraisal: costs up, benefits down, delays, and all of them together.

Each test is named and described by a :class:`~cpfkit.language.message.Message` (its English text in
``name`` and ``description``), so a report writes it in its reader's language.
"""

from __future__ import annotations

from cpfkit.appraise.cashflow import CashFlows
from cpfkit.appraise.measures import measures
from cpfkit.appraise.result import Scenario
from cpfkit.language.catalogs import N_, Nn_
from cpfkit.language.message import Message, Share, counted
from cpfkit.reference.appraisal import AppraisalParameters

__all__ = ["sensitivities"]


def scenario(
    name: Message, description: Message, flows: CashFlows, rate: float, bounds: tuple[float, float]
) -> Scenario:
    """One sensitivity test: its name, what it changes, and the measures under it."""
    m = measures(flows, rate, bounds)
    return Scenario(str(name), str(description), m.npv_usd, m.eirr, m.eirr_status, m.bcr, name, description)


def sensitivities(flows: CashFlows, rate: float, params: AppraisalParameters) -> tuple[Scenario, ...]:
    """The base case, costs up, benefits down, each delay, and all of them together."""
    bounds = params.eirr_bounds
    up, down = Share(params.cost_increase), Share(params.benefit_decrease)
    scenarios = [
        scenario(Message(N_("base")), Message(N_("as appraised")), flows, rate, bounds),
        scenario(
            Message(N_("costs +%(share)s"), {"share": up}),
            Message(N_("every cost %(share)s higher, the residual value (a negative cost) with them"), {"share": up}),
            flows.scaled(costs=1 + params.cost_increase),
            rate,
            bounds,
        ),
        scenario(
            Message(N_("benefits −%(share)s"), {"share": down}),
            Message(N_("every benefit %(share)s lower"), {"share": down}),
            flows.scaled(benefits=1 - params.benefit_decrease),
            rate,
            bounds,
        ),
    ]
    for years in params.delays:
        scenarios.append(
            scenario(
                counted(Nn_("%(num)s-year delay", "%(num)s-year delay"), years),
                counted(
                    Nn_(
                        "benefits, operating costs and residual value %(num)s year later",
                        "benefits, operating costs and residual value %(num)s years later",
                    ),
                    years,
                ),
                flows.delayed(years),
                rate,
                bounds,
            )
        )
    first_delay = params.delays[0] if params.delays else 0
    together = Nn_(
        "costs +%(up)s, benefits −%(down)s and a %(num)s-year delay together",
        "costs +%(up)s, benefits −%(down)s and a %(num)s-year delay together",
    )
    scenarios.append(
        scenario(
            Message(N_("combined")),
            counted(together, first_delay, {"up": up, "down": down}),
            flows.scaled(costs=1 + params.cost_increase, benefits=1 - params.benefit_decrease).delayed(first_delay),
            rate,
            bounds,
        )
    )
    return tuple(scenarios)
