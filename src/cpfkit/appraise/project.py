"""The economic appraisal of one operation, from its inputs to the figures a report shows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from cpfkit.appraise.cashflow import (
    Array,
    CashFlows,
    RateSearch,
    bcr,
    eirr,
    first_year_return,
    present_value,
    switching_values,
)
from cpfkit.appraise.hydropower import CARBON, hydropower_benefits
from cpfkit.appraise.streams import flow_array
from cpfkit.appraise.transport import transport_benefits
from cpfkit.model.appraisal import AppraisalInputs, GenericBenefit, HydropowerBenefit, TransportBenefit
from cpfkit.model.base import Num
from cpfkit.reference.appraisal import AppraisalParameters

__all__ = [
    "DiscountRate",
    "ProjectAppraisal",
    "RateOfReturn",
    "Scenario",
    "SwitchingValues",
    "YearFlow",
    "appraise",
    "cash_flows",
]


@dataclass(frozen=True)
class DiscountRate:
    """The rate an appraisal uses, where it comes from, and its source status (verified, unverified, convention)."""

    rate: Num
    origin: str
    source_status: str
    source: str


@dataclass(frozen=True)
class RateOfReturn:
    """The economic internal rate of return: ``status`` one, none or several, with every root found."""

    status: str
    rate: Num | None
    roots: tuple[Num, ...]
    reason: str


@dataclass(frozen=True)
class Scenario:
    """One sensitivity test."""

    name: str
    description: str
    npv_usd: Num
    eirr: Num | None
    eirr_status: str
    bcr: Num | None


@dataclass(frozen=True)
class SwitchingValues:
    """Changes that bring NPV to zero, as signed fractions: costs +0.67 means costs 67% higher."""

    costs: Num | None
    benefits: Num | None
    by_component: dict[str, Num]


@dataclass(frozen=True)
class YearFlow:
    """One year of the cash flow, in US dollars."""

    t: int
    year: int
    capital_usd: Num
    om_usd: Num
    benefits_usd: dict[str, Num]
    residual_usd: Num
    net_usd: Num


@dataclass(frozen=True)
class ProjectAppraisal:
    """An operation's economic analysis: NPV, EIRR, BCR, first-year return, switching values and sensitivities."""

    project: str
    title: str | None
    discount_rate: DiscountRate
    npv_usd: Num
    eirr: Num | None
    rate_of_return: RateOfReturn
    bcr: Num | None
    first_year_return: Num | None
    pv_costs_usd: Num
    pv_benefits_usd: Num
    switching_values: SwitchingValues
    sensitivities: tuple[Scenario, ...]
    npv_at_default_rate_usd: Num
    default_rate: Num
    npv_without_carbon_usd: Num | None
    components: tuple[str, ...]
    flows: tuple[YearFlow, ...]
    base_year: int
    source: str | None
    illustrative: bool
    illustrative_fields: tuple[str, ...]


def _usd(x: float) -> Decimal:
    return Decimal(str(round(x, 2)))


def _rate(x: float | None, places: int = 6) -> Decimal | None:
    return None if x is None else Decimal(str(round(x, places)))


def cash_flows(inputs: AppraisalInputs, params: AppraisalParameters) -> CashFlows:
    """The yearly flows of an operation, with one stream per benefit component.

    A component keeps its own name when one module produces it, and is
    prefixed with the module's name when several modules produce the same one.
    """
    length = inputs.horizon + 1
    capital = flow_array(inputs.capital, length)
    om = (
        flow_array(inputs.operation_maintenance, length)
        if inputs.operation_maintenance is not None
        else np.zeros(length)
    )
    residual = np.zeros(length)
    if inputs.residual is not None:
        residual[inputs.residual.t] = float(inputs.residual.value)
    produced: list[tuple[str, str, Array]] = []
    for module in inputs.benefits:
        if isinstance(module, TransportBenefit):
            streams = transport_benefits(
                module,
                length,
                non_work_share=params.non_work_time_share,
                generated_factor=params.generated_traffic_factor,
            )
        elif isinstance(module, HydropowerBenefit):
            streams = hydropower_benefits(module, length)
        else:
            assert isinstance(module, GenericBenefit)
            streams = {module.name: flow_array(module, length)}
        produced.extend((module.name, component, stream) for component, stream in streams.items())
    counts: dict[str, int] = {}
    for _, component, _ in produced:
        counts[component] = counts.get(component, 0) + 1
    benefits: dict[str, Array] = {}
    carbon: set[str] = set()
    for module_name, component, stream in produced:
        key = component if counts[component] == 1 else f"{module_name}: {component}"
        benefits[key] = benefits.get(key, np.zeros(length)) + stream
        if component == CARBON:
            carbon.add(key)
    return CashFlows(capital, om, residual, benefits, frozenset(carbon))


def _measures(flows: CashFlows, rate: float, bounds: tuple[float, float]) -> tuple[float, RateSearch, float | None]:
    pv_b = present_value(flows.benefit_total, rate)
    pv_c = present_value(flows.costs, rate)
    return pv_b - pv_c, eirr(flows.net, *bounds), bcr(pv_b, pv_c)


def _scenario(name: str, description: str, flows: CashFlows, rate: float, bounds: tuple[float, float]) -> Scenario:
    value, found, ratio = _measures(flows, rate, bounds)
    return Scenario(name, description, _usd(value), _rate(found.rate), found.status, _rate(ratio, 4))


def appraise(inputs: AppraisalInputs, discount_rate: DiscountRate, params: AppraisalParameters) -> ProjectAppraisal:
    """Compute every measure of an operation's economic analysis.

    Args:
        inputs: the operation's cash-flow data and benefit modules.
        discount_rate: the programme's rate (or the default), with its origin and status.
        params: the appraisal defaults (value of non-work time, sensitivity sizes, EIRR search interval).
    """
    rate = float(discount_rate.rate)
    bounds = params.eirr_bounds
    flows = cash_flows(inputs, params)
    pv_b = present_value(flows.benefit_total, rate)
    pv_c = present_value(flows.costs, rate)
    value = pv_b - pv_c
    found = eirr(flows.net, *bounds)
    pv_components = {name: present_value(stream, rate) for name, stream in flows.benefits.items()}
    sv_costs, sv_benefits, sv_components = switching_values(value, pv_c, pv_b, pv_components)
    up, down = params.cost_increase, params.benefit_decrease
    scenarios = [
        _scenario("base", "as appraised", flows, rate, bounds),
        _scenario(f"costs +{up:.0%}", f"every cost {up:.0%} higher", flows.scaled(costs=1 + up), rate, bounds),
        _scenario(
            f"benefits −{down:.0%}", f"every benefit {down:.0%} lower", flows.scaled(benefits=1 - down), rate, bounds
        ),
    ]
    for years in params.delays:
        scenarios.append(
            _scenario(
                f"{years}-year delay",
                f"benefits, operating costs and residual value {years} year{'s' if years > 1 else ''} later",
                flows.delayed(years),
                rate,
                bounds,
            )
        )
    first_delay = params.delays[0] if params.delays else 0
    scenarios.append(
        _scenario(
            "combined",
            f"costs +{up:.0%}, benefits −{down:.0%} and a {first_delay}-year delay together",
            flows.scaled(costs=1 + up, benefits=1 - down).delayed(first_delay),
            rate,
            bounds,
        )
    )
    default = params.discount_rate
    without_carbon = None
    if flows.carbon:
        without_carbon = _usd(_measures(flows.without(flows.carbon), rate, bounds)[0])
    year_flows = tuple(
        YearFlow(
            t=t,
            year=inputs.base_year + t,
            capital_usd=_usd(float(flows.capital[t])),
            om_usd=_usd(float(flows.om[t])),
            benefits_usd={k: _usd(float(v[t])) for k, v in flows.benefits.items()},
            residual_usd=_usd(float(flows.residual[t])),
            net_usd=_usd(float(flows.net[t])),
        )
        for t in range(flows.horizon + 1)
    )
    return ProjectAppraisal(
        project=inputs.project,
        title=inputs.title,
        discount_rate=discount_rate,
        npv_usd=_usd(value),
        eirr=_rate(found.rate),
        rate_of_return=RateOfReturn(
            found.status, _rate(found.rate), tuple(Decimal(str(round(r, 6))) for r in found.roots), found.reason
        ),
        bcr=_rate(bcr(pv_b, pv_c), 4),
        first_year_return=_rate(first_year_return(flows.benefit_total - flows.residual, flows.om, flows.capital), 4),
        pv_costs_usd=_usd(pv_c),
        pv_benefits_usd=_usd(pv_b),
        switching_values=SwitchingValues(
            _rate(sv_costs, 4), _rate(sv_benefits, 4), {k: Decimal(str(round(v, 4))) for k, v in sv_components.items()}
        ),
        sensitivities=tuple(scenarios),
        npv_at_default_rate_usd=_usd(present_value(flows.net, default)),
        default_rate=Decimal(str(default)),
        npv_without_carbon_usd=without_carbon,
        components=tuple(flows.benefits),
        flows=year_flows,
        base_year=inputs.base_year,
        source=inputs.source,
        illustrative=inputs.illustrative,
        illustrative_fields=tuple(sorted(inputs.illustrative_fields)),
    )
