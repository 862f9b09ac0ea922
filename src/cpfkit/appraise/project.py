"""The economic appraisal of one operation, from its inputs to the figures a report shows."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from cpfkit.appraise.cashflow import (
    Array,
    CashFlows,
    bcr,
    eirr,
    first_year_return,
    present_value,
    switching_values,
)
from cpfkit.appraise.hydropower import CARBON, hydropower_benefits
from cpfkit.appraise.measures import carbon_value, decimal_rate, financed_share, usd
from cpfkit.appraise.provenance import illustrative_inputs
from cpfkit.appraise.result import (
    Commitment,
    DiscountRate,
    Measures,
    ProjectAppraisal,
    RateOfReturn,
    Scenario,
    SwitchingValues,
    YearFlow,
)
from cpfkit.appraise.sensitivity import sensitivities
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
    base = Measures(usd(value), decimal_rate(found.rate), found.status, decimal_rate(bcr(pv_b, pv_c), 4))
    marked = illustrative_inputs(
        inputs, discount_rate=discount_rate.illustrative, commitment=commitment is not None and commitment.illustrative
    )
    year_flows = tuple(
        YearFlow(
            t=t,
            year=inputs.base_year + t,
            capital_usd=usd(float(flows.capital[t])),
            om_usd=usd(float(flows.om[t])),
            benefits_usd={k: usd(float(v[t])) for k, v in flows.benefits.items()},
            residual_usd=usd(float(flows.residual[t])),
            net_usd=usd(float(flows.net[t])),
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
            found.status,
            decimal_rate(found.rate),
            tuple(Decimal(str(round(r, 6))) for r in found.roots),
            found.reason,
            found.reason_message,
        ),
        bcr=base.bcr,
        first_year_return=decimal_rate(first_year_return(flows.benefit_total, flows.om, flows.capital), 4),
        pv_costs_usd=usd(pv_c),
        pv_benefits_usd=usd(pv_b),
        pv_residual_usd=usd(present_value(flows.residual, rate)),
        switching_values=SwitchingValues(
            decimal_rate(sv_costs, 4),
            decimal_rate(sv_benefits, 4),
            {k: Decimal(str(round(v, 4))) for k, v in sv_components.items()},
        ),
        sensitivities=sensitivities(flows, rate, params),
        npv_at_default_rate_usd=usd(present_value(flows.net, params.discount_rate)),
        default_rate=Decimal(str(params.discount_rate)),
        carbon=carbon_value(flows, rate, bounds, base),
        scope=inputs.scope,
        financing=None if commitment is None else financed_share(flows, commitment, "capital" in marked),
        components=tuple(flows.benefits),
        flows=year_flows,
        base_year=inputs.base_year,
        source=inputs.source,
        illustrative=bool(marked),
        illustrative_inputs=marked,
    )
