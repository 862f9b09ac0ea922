"""What an appraisal reports besides its measures: one illustrative rule, carbon apart, scope, financed share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from cpfkit.appraise.project import Commitment, DiscountRate, appraise
from cpfkit.appraise.provenance import FLOW_INPUTS, illustrative_inputs
from cpfkit.model.appraisal import AppraisalInputs, AppraisalScope
from cpfkit.reference.appraisal import load_appraisal_parameters

PARAMS = load_appraisal_parameters()
RATE = DiscountRate(Decimal("0.06"), "test", "unverified", "s")
BASE: dict[str, Any] = {
    "project": "X",
    "base_year": 2026,
    "source": "a public document",
    "capital": {"values": {0: 100, 1: 100}},
    "operation_maintenance": {"amount": 2, "start": 2, "end": 21},
    "residual": {"t": 21, "value": 20},
    "benefits": [{"kind": "generic", "name": "b", "amount": 30, "start": 2, "end": 21}],
}


def inputs(**fields: Any) -> AppraisalInputs:
    return AppraisalInputs.model_validate({**BASE, **fields})


@pytest.mark.parametrize("name", FLOW_INPUTS)
def test_one_illustrative_input_makes_the_appraisal_illustrative(name: str) -> None:
    """A sourced record with a single illustrative flow field: the figures rest on it, so they are illustrative."""
    a = appraise(inputs(illustrative_fields=[name]), RATE, PARAMS)
    assert a.illustrative is True and a.illustrative_inputs == (name,)


def test_an_appraisal_is_illustrative_only_when_an_input_it_depends_on_is() -> None:
    sourced = appraise(inputs(), RATE, PARAMS)
    assert sourced.illustrative is False and sourced.illustrative_inputs == ()
    assert appraise(inputs(illustrative_fields=["title", "description"]), RATE, PARAMS).illustrative is False
    whole = appraise(inputs(illustrative=True), RATE, PARAMS)
    assert whole.illustrative_inputs == ("benefits", "capital", "operation_maintenance", "residual")
    rate = DiscountRate(Decimal("0.08"), "programme xx", "programme data", "s", illustrative=True)
    assert appraise(inputs(), rate, PARAMS).illustrative_inputs == ("discount_rate",)
    guessed = Commitment(Decimal(50), "IBRD", illustrative=True)
    financed = appraise(inputs(), RATE, PARAMS, guessed)
    assert financed.illustrative_inputs == ("commitment",) and financed.financing is not None
    assert financed.financing.illustrative is True


def test_illustrative_fields_must_name_fields_of_the_appraisal() -> None:
    """A misspelt name would leave an illustrative input unmarked: it is refused."""
    with pytest.raises(ValidationError, match="names no field of an appraisal: benefit"):
        inputs(illustrative_fields=["benefit"])
    assert illustrative_inputs(inputs(illustrative_fields=["benefits.0"])) == ("benefits",)


def test_financed_share_is_the_commitment_over_the_capital_cost() -> None:
    a = appraise(inputs(illustrative_fields=["benefits"]), RATE, PARAMS, Commitment(Decimal(50), "IBRD", False))
    assert a.financing is not None
    assert a.financing.capital_cost_usd == Decimal(200) and a.financing.share == Decimal("0.25")
    assert a.financing.institution == "IBRD" and a.financing.illustrative is False
    assert appraise(inputs(), RATE, PARAMS).financing is None


def test_no_carbon_value_no_carbon_section() -> None:
    assert appraise(inputs(), RATE, PARAMS).carbon is None


def test_scope_says_whose_costs_and_benefits_count() -> None:
    scope = {"appraised": "whole investment", "stance": "regional", "countries": ["KG", "KZ", "UZ"], "description": "d"}
    a = appraise(inputs(scope=scope), RATE, PARAMS)
    assert a.scope == AppraisalScope.model_validate(scope)
    with pytest.raises(ValidationError, match="two countries or more"):
        AppraisalScope.model_validate({**scope, "countries": ["KZ"]})
    with pytest.raises(ValidationError, match="national stance counts one country"):
        AppraisalScope.model_validate({**scope, "stance": "national"})
    with pytest.raises(ValidationError, match="appraised"):
        AppraisalScope.model_validate({**scope, "appraised": "Kazakhstan's share"})
    with pytest.raises(ValidationError, match="listed twice"):
        AppraisalScope.model_validate({**scope, "countries": ["KZ", "KZ"]})
