"""The appraisal defaults: each with a value, a source status as labelled in
docs/definitions.md, 'Sources of the definitions', and a source."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from cpfkit.model import Programme
from cpfkit.reference.appraisal import load_appraisal_parameters
from cpfkit.services import planning as services_plan


def test_every_parameter_has_a_status_and_a_source() -> None:
    params = load_appraisal_parameters()
    assert params.parameters
    for p in params.parameters.values():
        assert p.source_status in ("verified", "unverified", "cpfkit convention"), p.name
        assert p.source and p.description, p.name


def test_the_default_discount_rate_is_six_percent_unverified() -> None:
    params = load_appraisal_parameters()
    assert params.discount_rate == 0.06 and params["discount_rate"].source_status == "unverified"
    assert "2016" in params["discount_rate"].source
    assert params.eirr_bounds == (-0.99, 10.0) and params.delays == (1, 2)
    assert params.non_work_time_share == 0.3 and params.generated_traffic_factor == 0.5


def test_a_programme_rate_overrides_the_default() -> None:
    base = {
        "id": "xx-rate",
        "country": "KZ",
        "title": "t",
        "period_start": "2026-07-01",
        "period_end": "2027-06-30",
        "status": "active",
        "source": "s",
    }
    default = services_plan.discount_rate(Programme.model_validate(base))
    assert (
        default.rate == Decimal("0.06") and default.source_status == "unverified" and default.origin == "cpfkit default"
    )
    own = services_plan.discount_rate(Programme.model_validate({**base, "discount_rate": "0.08"}))
    assert own.rate == Decimal("0.08") and own.origin == "programme xx-rate"


def test_the_parameters_file_is_where_the_docs_say() -> None:
    docs = (Path(__file__).parent.parent.parent / "docs" / "appraisal.md").read_text()
    assert "src/cpfkit/reference/appraisal/parameters.yaml" in docs


def test_the_rule_of_a_half_is_labelled_unverified() -> None:
    """Only the title of its reference text was verified, not a page stating the factor."""
    rule = load_appraisal_parameters()["generated_traffic_factor"]
    assert rule.value == 0.5 and rule.source_status == "unverified"
    assert "Economic Analysis of Investment Operations" in rule.source and "title was verified" in rule.source
