"""NPV, EIRR, BCR, switching values and sensitivities against the worked example of docs/appraisal.md, 'Formulas'."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cpfkit.appraise.cashflow import CashFlows, bcr, eirr, first_year_return, npv, present_value, switching_values
from cpfkit.appraise.project import DiscountRate, appraise, cash_flows
from cpfkit.model.appraisal import AppraisalInputs
from cpfkit.reference.appraisal import load_appraisal_parameters

PARAMS = load_appraisal_parameters()
RATE = DiscountRate(Decimal("0.06"), "test", "unverified", "docs/definitions.md, 'Sources, appraisal'")


def road() -> AppraisalInputs:
    """§5.1: costs 100 in t=0 and t=1; benefits 30 a year in t=2…21."""
    return AppraisalInputs.model_validate(
        {
            "project": "ROAD",
            "base_year": 2026,
            "capital": {"values": {0: 100, 1: 100}},
            "benefits": [{"kind": "generic", "name": "road user benefits", "amount": 30, "start": 2, "end": 21}],
            "illustrative": True,
        }
    )


def test_worked_example_npv_bcr_eirr() -> None:
    a = appraise(road(), RATE, PARAMS)
    assert a.pv_costs_usd == Decimal("194.34")
    assert a.pv_benefits_usd == Decimal("324.62")
    assert a.npv_usd == Decimal("130.28")
    assert round(a.bcr, 2) == Decimal("1.67")
    assert a.eirr is not None and round(a.eirr, 4) == Decimal("0.1284")
    assert a.rate_of_return.status == "one"


def test_worked_example_switching_values() -> None:
    sv = appraise(road(), RATE, PARAMS).switching_values
    assert sv.costs is not None and round(sv.costs, 3) == Decimal("0.670")
    assert sv.benefits is not None and round(sv.benefits, 3) == Decimal("-0.401")
    assert sv.by_component == {"road user benefits": sv.benefits}


def test_worked_example_sensitivities() -> None:
    tests = {s.name: s for s in appraise(road(), RATE, PARAMS).sensitivities}
    expected = {
        "costs +20%": ("91.41", "0.1018"),
        "benefits −20%": ("65.36", "0.0963"),
        "1-year delay": ("111.91", "0.1125"),
    }
    for name, (value, rate) in expected.items():
        assert tests[name].npv_usd == Decimal(value), name
        assert tests[name].eirr is not None and round(tests[name].eirr, 4) == Decimal(rate), name
    assert {"base", "2-year delay", "combined"} <= set(tests)
    assert tests["2-year delay"].npv_usd < tests["1-year delay"].npv_usd < tests["base"].npv_usd
    assert tests["combined"].npv_usd < min(tests[n].npv_usd for n in expected)


def test_one_year_delay_shifts_the_whole_operating_period() -> None:
    flows = CashFlows(
        capital=np.array([100.0, 0, 0]),
        om=np.array([0, 5.0, 5.0]),
        residual=np.array([0, 0, 20.0]),
        benefits={"b": np.array([0, 60.0, 60.0])},
    )
    late = flows.delayed(1)
    assert late.capital.tolist() == [100.0, 0, 0, 0]
    assert late.om.tolist() == [0, 0, 5.0, 5.0]
    assert late.residual.tolist() == [0, 0, 0, 20.0]
    assert late.benefits["b"].tolist() == [0, 0, 60.0, 60.0]


def test_no_real_rate_is_reported_not_invented() -> None:
    for flows in ([-100.0, -10.0, -5.0], [10.0, 20.0], [0.0, 0.0]):
        found = eirr(np.array(flows))
        assert found.status == "none" and found.rate is None and found.roots == ()
        assert "never change sign" in found.reason


def test_several_rates_are_all_reported() -> None:
    # NPV = 0 where 100x² − 230x + 132 = 0, x = 1 + r: r = 10% and 20%
    found = eirr(np.array([-100.0, 230.0, -132.0]))
    assert found.status == "several" and found.rate is None
    assert [round(r, 9) for r in found.roots] == [0.1, 0.2]
    assert "NPV" in found.reason


def test_sign_changes_but_no_root_in_the_interval() -> None:
    # -100 + 50/(1+r)... has its root below −99%: −1 + 0.5/x = 0 → x = 0.005
    found = eirr(np.array([-100.0, 0.5]))
    assert found.status == "none" and "no zero" in found.reason


@settings(max_examples=60, deadline=None)
@given(
    costs=st.lists(st.floats(1, 500), min_size=1, max_size=4),
    benefits=st.lists(st.floats(1, 300), min_size=2, max_size=30),
)
@example(costs=[100.0], benefits=[60.0, 60.0])  # a rate of 13.07%: the comparison below always runs at least once
def test_agrees_with_numpy_financial_when_there_is_one_rate(costs: list[float], benefits: list[float]) -> None:
    flows = np.array([-c for c in costs] + benefits)
    # costs first, then benefits: one sign change, so at most one real rate (Descartes)
    found = eirr(flows)
    reference = npf.irr(flows)
    if np.isnan(reference) or not -0.99 < reference < 10:
        assert found.status == "none"
        return
    assert found.status == "one" and found.rate is not None
    assert found.rate == pytest.approx(reference, abs=1e-8)
    assert npv(flows, found.rate) == pytest.approx(0, abs=1e-6 * float(np.abs(flows).sum()))


def test_bcr_and_first_year_return() -> None:
    assert bcr(324.62, 194.34) == pytest.approx(1.6704, abs=1e-4)
    assert bcr(10.0, 0.0) is None
    capital, om = np.array([100.0, 100.0, 0, 0]), np.array([0, 0, 2.0, 2.0])
    assert first_year_return(np.array([0, 0, 30.0, 30.0]), om, capital) == pytest.approx(0.14)
    assert first_year_return(np.zeros(4), om, capital) is None


def test_switching_values_bring_npv_to_zero() -> None:
    capital = np.array([100.0, 100.0] + [0.0] * 20)
    benefit = np.array([0.0, 0.0] + [30.0] * 20)
    value = npv(benefit - capital, 0.06)
    up, down, _ = switching_values(value, present_value(capital, 0.06), present_value(benefit, 0.06), {})
    assert up is not None and down is not None
    assert npv(benefit - capital * (1 + up), 0.06) == pytest.approx(0, abs=1e-9)
    assert npv(benefit * (1 + down) - capital, 0.06) == pytest.approx(0, abs=1e-9)


def test_residual_value_is_a_negative_cost_and_the_tests_agree_with_the_switching_values() -> None:
    """The worked road with a residual value of 60 at t = 21 (PV 17.65): a negative cost, not a benefit.

    PV(C) = 194.34 − 17.65 = 176.69; PV(B) = 324.62 (no residual in it); NPV = 147.93; BCR = 1.84.
    Benefits −20% cuts the benefits only (NPV 83.01); costs +20% raises the net costs (NPV 112.59);
    a change of the switching value's size brings NPV to zero.
    """
    inputs = AppraisalInputs.model_validate({**road().model_dump(), "residual": {"t": 21, "value": 60}})
    a = appraise(inputs, RATE, PARAMS)
    assert a.pv_residual_usd == Decimal("17.65")
    assert a.pv_costs_usd == Decimal("176.69") and a.pv_benefits_usd == Decimal("324.62")
    assert a.npv_usd == Decimal("147.93") and a.bcr == Decimal("1.8372")
    tests = {s.name: s for s in a.sensitivities}
    assert tests["benefits −20%"].npv_usd == Decimal("83.01")
    assert tests["costs +20%"].npv_usd == Decimal("112.59")
    assert a.switching_values.costs == Decimal("0.8372") and a.switching_values.benefits == Decimal("-0.4557")
    flows = cash_flows(inputs, PARAMS)
    sv_costs, sv_benefits, _ = switching_values(
        float(a.npv_usd), present_value(flows.costs, 0.06), present_value(flows.benefit_total, 0.06), {}
    )
    assert sv_costs is not None and sv_benefits is not None
    assert npv(flows.scaled(costs=1 + sv_costs).net, 0.06) == pytest.approx(0, abs=0.01)
    assert npv(flows.scaled(benefits=1 + sv_benefits).net, 0.06) == pytest.approx(0, abs=0.01)
    assert a.flows[21].residual_usd == Decimal("60") and a.flows[21].net_usd == Decimal("90")
