"""The economic appraisal of one operation, from its inputs to the figures a report shows."""

from __future__ import annotations

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
from cpfkit.appraise.provenance import illustrative_inputs
from cpfkit.appraise.result import (
    CarbonValue,
    Commitment,
    DiscountRate,
    FinancedShare,
    Measures,
    ProjectAppraisal,
    RateOfReturn,
    Scenario,
    SwitchingValues,
    YearFlow,
)
from cpfkit.appraise.streams import flow_array
from cpfkit.appraise.transport import transport_benefits
from cpfkit.model.appraisal import AppraisalInputs, GenericBenefit, HydropowerBenefit, TransportBenefit
from cpfkit.reference.appraisal import AppraisalParameters

__all__ = [
    "Commitment",
    "DiscountRate",
    "ProjectAppraisal",
    "RateOfReturn",
    "Scenario",
    "SwitchingValues",
    "YearFlow",
    "appraise",
    "cash_flows",
    "financed_share",
]


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


def _search(flows: CashFlows, rate: float, bounds: tuple[float, float]) -> tuple[float, RateSearch, float | None]:
    pv_b = present_value(flows.benefit_total, rate)
    pv_c = present_value(flows.costs, rate)
    return pv_b - pv_c, eirr(flows.net, *bounds), bcr(pv_b, pv_c)


def _measures(flows: CashFlows, rate: float, bounds: tuple[float, float]) -> Measures:
    value, found, ratio = _search(flows, rate, bounds)
    return Measures(_usd(value), _rate(found.rate), found.status, _rate(ratio, 4))


def _scenario(name: str, description: str, flows: CashFlows, rate: float, bounds: tuple[float, float]) -> Scenario:
    m = _measures(flows, rate, bounds)
    return Scenario(name, description, m.npv_usd, m.eirr, m.eirr_status, m.bcr)


def _sensitivities(flows: CashFlows, rate: float, params: AppraisalParameters) -> tuple[Scenario, ...]:
    bounds = params.eirr_bounds
    up, down = params.cost_increase, params.benefit_decrease
    scenarios = [
        _scenario("base", "as appraised", flows, rate, bounds),
        _scenario(
            f"costs +{up:.0%}",
            f"every cost {up:.0%} higher, the residual value (a negative cost) with them",
            flows.scaled(costs=1 + up),
            rate,
            bounds,
        ),
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
    return tuple(scenarios)


def _carbon(flows: CashFlows, rate: float, bounds: tuple[float, float], base: Measures) -> CarbonValue | None:
    if not flows.carbon:
        return None
    pv = sum(present_value(flows.benefits[name], rate) for name in flows.carbon)
    share = pv / float(base.npv_usd) if base.npv_usd > 0 else None
    return CarbonValue(
        components=tuple(name for name in flows.benefits if name in flows.carbon),
        pv_usd=_usd(pv),
        share_of_npv=_rate(share, 4),
        with_carbon=base,
        without_carbon=_measures(flows.without(flows.carbon), rate, bounds),
    )


def financed_share(flows: CashFlows, commitment: Commitment, capital_illustrative: bool) -> FinancedShare:
    """The operation's commitment over the undiscounted capital cost appraised.

    Examples:
        US$500 million against a plant of US$4.75 billion:

        >>> f = CashFlows(np.array([2.5e9, 2.25e9]), np.zeros(2), np.zeros(2), {})
        >>> financed_share(f, Commitment(Decimal(500_000_000), "IBRD", False), True).share
        Decimal('0.1053')
    """
    capital = float(np.sum(flows.capital))
    share = float(commitment.amount_usd) / capital if capital > 0 else None
    return FinancedShare(
        commitment_usd=commitment.amount_usd,
        institution=commitment.institution,
        capital_cost_usd=_usd(capital),
        share=_rate(share, 4),
        illustrative=commitment.illustrative or capital_illustrative,
    )


def appraise(
    inputs: AppraisalInputs,
    discount_rate: DiscountRate,
    params: AppraisalParameters,
    commitment: Commitment | None = None,
) -> ProjectAppraisal:
    """Compute every measure of an operation's economic analysis.

    Args:
        inputs: the operation's cash-flow data and benefit modules.
        discount_rate: the programme's rate (or the default), with its origin and status.
        params: the appraisal defaults (value of non-work time, sensitivity sizes, EIRR search interval).
        commitment: the operation's own commitment, for the share of the capital cost it finances.
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
    base = Measures(_usd(value), _rate(found.rate), found.status, _rate(bcr(pv_b, pv_c), 4))
    marked = illustrative_inputs(
        inputs, discount_rate=discount_rate.illustrative, commitment=commitment is not None and commitment.illustrative
    )
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
        npv_usd=base.npv_usd,
        eirr=base.eirr,
        rate_of_return=RateOfReturn(
            found.status, _rate(found.rate), tuple(Decimal(str(round(r, 6))) for r in found.roots), found.reason
        ),
        bcr=base.bcr,
        first_year_return=_rate(first_year_return(flows.benefit_total, flows.om, flows.capital), 4),
        pv_costs_usd=_usd(pv_c),
        pv_benefits_usd=_usd(pv_b),
        pv_residual_usd=_usd(present_value(flows.residual, rate)),
        switching_values=SwitchingValues(
            _rate(sv_costs, 4), _rate(sv_benefits, 4), {k: Decimal(str(round(v, 4))) for k, v in sv_components.items()}
        ),
        sensitivities=_sensitivities(flows, rate, params),
        npv_at_default_rate_usd=_usd(present_value(flows.net, params.discount_rate)),
        default_rate=Decimal(str(params.discount_rate)),
        carbon=_carbon(flows, rate, bounds, base),
        scope=inputs.scope,
        financing=None if commitment is None else financed_share(flows, commitment, "capital" in marked),
        components=tuple(flows.benefits),
        flows=year_flows,
        base_year=inputs.base_year,
        source=inputs.source,
        illustrative=bool(marked),
        illustrative_inputs=marked,
    )
